"""The language switch in a real browser: one click changes the title, the menu and the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.app_pages import shown_in
from tests.browser.helpers import open_page, page_title, sidebar_labels, wait_for_title

pytestmark = pytest.mark.browser


def test_switching_to_english_translates_title_menu_and_url(app_url, page):
    open_page(page, f"{app_url}/")
    assert page_title(page) == "Översikt"
    assert sidebar_labels(page, len(shown_in("public")))[:2] == ["Översikt", "Karta"]
    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]',
                 has_text="English").click()
    page.wait_for_url("**lang=en**")
    wait_for_title(page, "Overview")
    assert page_title(page) == "Overview"
    english = [p.title("en") for p in shown_in("public")]
    assert sidebar_labels(page, len(english)) == english
    assert sidebar_labels(page, len(shown_in("public")))[:2] == ["Overview", "Map"]
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["en"]
    # The menu's links carry the language to the next page.
    page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]',
                 has_text="Map").click()
    page.wait_for_url("**/map?**")
    wait_for_title(page, "Map")
    assert page_title(page) == "Map"
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["en"]
