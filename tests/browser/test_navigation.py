"""The menu a visitor sees in a real browser: our translated titles, never the raw file list of
Streamlit's legacy `pages/` auto-discovery (AppTest cannot see this; only a browser can)."""

from __future__ import annotations

import pytest

from tests.app_pages import PAGES, shown_in
from tests.browser.helpers import open_page, page_title, sidebar_labels, wait_for_title

pytestmark = pytest.mark.browser

RAW_NAMES = {p.stem for p in PAGES} | {p.stem.replace("_", " ") for p in PAGES} | {
    p.slug for p in PAGES}


def test_menu_shows_swedish_titles_not_file_names(app_url, page):
    open_page(page, f"{app_url}/?lang=sv")
    expected = [p.title("sv") for p in shown_in("public")]
    labels = sidebar_labels(page, len(expected))
    assert labels == expected
    assert labels[:3] == ["Översikt", "Karta", expected[2]]
    assert "Data och metoder" in labels
    assert not {label.casefold() for label in labels} & {n.casefold() for n in RAW_NAMES}
    # The legacy auto-generated menu is not rendered at all.
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page_title(page) == "Översikt"


def test_menu_links_open_their_pages_and_keep_the_language(app_url, page):
    open_page(page, f"{app_url}/?lang=sv")
    page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]',
                 has_text="Karta").click()
    page.wait_for_url("**/map?**")
    wait_for_title(page, "Karta")
    assert page_title(page) == "Karta"
    assert "lang=sv" in page.url


def test_first_visit_of_a_deep_link_on_a_cold_server_shows_the_menu(servers, page):
    url = servers.start("cold", "public", warm=False)
    try:
        page.goto(f"{url}/map?lang=sv")
        page.wait_for_selector('[data-testid="stMain"] h1')
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_load_state("networkidle")
        assert page_title(page) == "Karta"
        page.wait_for_selector('[data-testid="stSidebar"] a[href]', timeout=5_000)
        assert sidebar_labels(page, len(shown_in("public")))[:2] == ["Översikt", "Karta"]
    finally:
        servers.stop("cold")
