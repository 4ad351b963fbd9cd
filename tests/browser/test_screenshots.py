"""A full-page screenshot of every page (Swedish) for people to look at: artifacts/screenshots/.

Each page must also finish running without the friendly error message or a traceback, and
without a request leaving the machine.
"""

from __future__ import annotations

import pytest

from indicators.text.i18n import translate
from tests.app_pages import PAGES, shown_in
from tests.browser.helpers import SCREENSHOTS, SCREENSHOTS_TAKEN, open_page, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("app_page", PAGES, ids=[p.stem for p in PAGES])
def test_screenshot(app_page, servers, page, requests_log):
    url = servers.url(app_page.mode)
    public = app_page.mode in ("public", "office")
    # A mode's first page is its default and lives at `/`; the others at their URL path.
    route = "" if shown_in(app_page.mode)[0] == app_page else app_page.slug
    open_page(page, f"{url}/{route}?lang=sv", title=public, sidebar=public)
    # Streamlit scrolls inside its own container, so `full_page` alone stops at the window:
    # grow the window to the content's height first (bounded), then take the picture.
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stSidebarContent]'
        )].map(e => e.scrollHeight), 600)""")
    page.set_viewport_size({"width": 1366, "height": min(int(height) + 40, 16_000)})
    wait_for_app(page, title=public, sidebar=public)
    page.wait_for_timeout(700)  # let plotly finish its layout pass after the resize
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{app_page.stem}.png"
    page.screenshot(path=str(path), full_page=True)
    SCREENSHOTS_TAKEN.append(path)
    text = page.locator('[data-testid="stApp"]').inner_text()
    assert page.get_by_role("dialog").count() == 0, "a dialog (e.g. Page not found) is open"
    assert "Traceback" not in text
    assert translate("error_friendly", "sv") not in text
    assert page.dialogs == []
    assert requests_log.foreign() == []
