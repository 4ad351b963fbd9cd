"""Every address shows one of our own views: /overview is the overview, and an unknown path is
our bilingual not-found view with a link home, never Streamlit's English "Page not found" box.
(Relies on Streamlit's PagesManager.intended_page_name, read by ui.requested_page(): an upgrade
that changes it fails here.)"""

from __future__ import annotations

import pytest

from indicators.text.i18n import translate
from tests.browser.helpers import open_page, page_title

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (390, 844)]


def framework_box(page) -> int:
    """Streamlit's own modal (its "Page not found" box is a dialog)."""
    return page.locator('[role="dialog"]').count()


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_overview_answers_at_its_own_name(app_url, page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, f"{app_url}/overview?lang=sv", sidebar=False)
    page.wait_for_timeout(500)   # the framework's box would arrive with the script's end
    assert framework_box(page) == 0
    assert page_title(page) == translate("page_overview", "sv")
    assert "does not seem to exist" not in page.locator('[data-testid="stApp"]').inner_text()


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_unknown_address_shows_our_bilingual_not_found_view(app_url, page, size, lang):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, f"{app_url}/nonexistent?lang={lang}", sidebar=False)
    page.wait_for_timeout(500)
    assert framework_box(page) == 0
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "does not seem to exist" not in text
    assert page_title(page) == translate("not_found_title", lang)
    other = "en" if lang == "sv" else "sv"
    assert translate("not_found_text", lang) in text and translate("not_found_text", other) in text
    home = page.locator('[data-testid="stMain"] a[data-testid="stPageLink-NavLink"]')
    assert home.count() == 1
    home.click()
    page.wait_for_function(
        "t => document.querySelector('[data-testid=stMain] h1')?.innerText.trim() === t",
        arg=translate("page_overview", lang))
    assert framework_box(page) == 0


@pytest.mark.parametrize(("path", "title_key"), [("a/b/c?lang=en", "not_found_title"),
                                                 ("map/extra?lang=en", "page_map")])
def test_a_nested_address_shows_our_own_view_not_a_blank_page(app_url, page, path, title_key):
    """At /a/b the browser would fetch Streamlit's scripts from /a/static/… and stay blank;
    dashboard_app.py sends such a path to its first segment: /a/b/c → /a (not found),
    /map/extra → /map."""
    open_page(page, f"{app_url}/{path}", sidebar=False)
    page.wait_for_timeout(500)
    assert framework_box(page) == 0
    assert page_title(page) == translate(title_key, "en")
    assert page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] in ("a", "map")
