"""WCAG 2.x A and AA checked by a real engine: axe-core (tests/browser/axe.py) in chromium on every
page of the dashboard (public mode, and the import page in office mode) and on every screen of the
kiosk, in Swedish and in English. Zero violations; a failure prints each violation's rule, impact,
target and help.

Colour contrast is fixed in the theme (.streamlit/config.toml and kiosk/config.toml), not per
element: see the comments there.
"""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from tests.app_pages import PAGES, shown_in
from tests.browser import axe
from tests.browser.helpers import open_page
from tests.browser.test_kiosk_browser import (
    START,
    h1,
    kiosk_page,
    open_kiosk,
    serve_kiosk,
    settle,
    tap,
)

pytestmark = pytest.mark.browser
DASHBOARD = [p for p in PAGES if p.modes & {"public", "office"}]
LANGS = ["sv", "en"]
MATCHED: set[str] = set()   # exclusions that matched some node in this run


def assert_accessible(page, where: str) -> None:
    page.wait_for_load_state("networkidle")
    violations, used = axe.audit(page)
    MATCHED.update(used)
    assert not violations, (f"axe-core {axe.AXE_VERSION} found WCAG A/AA violations on "
                            f"{where}:\n{axe.report(violations)}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("app_page", DASHBOARD, ids=[p.stem for p in DASHBOARD])
def test_dashboard_page_has_no_violations(app_page, lang, servers, page):
    url = servers.url(app_page.mode)
    route = "" if shown_in(app_page.mode)[0] == app_page else app_page.slug
    open_page(page, f"{url}/{route}?lang={lang}")
    page.wait_for_timeout(500)     # plotly's first layout pass after the script finished
    assert_accessible(page, f"/{route}?lang={lang} ({app_page.mode} mode)")


@pytest.fixture(scope="module")
def slow_kiosk_urls(playwright_api, fixture_db, tmp_path_factory):
    """`slow_kiosk_urls(viewport)`: a kiosk for that screen whose slides turn every 6 s, so a
    slide stays on screen while the engine reads it; started on first use."""
    with ExitStack() as stack:
        running: dict[str, str] = {}

        def url(viewport: str) -> str:
            if viewport not in running:
                running[viewport] = stack.enter_context(serve_kiosk(
                    fixture_db, tmp_path_factory.mktemp(f"axe-{viewport}"), idle=300,
                    warning=20, slide=6, viewport=viewport))
            return running[viewport]

        yield url


@pytest.mark.parametrize("viewport", ["portrait", "landscape"])
def test_every_slide_of_the_loop_has_no_violations(slow_kiosk_urls, chromium, viewport):
    """The loop is Swedish (a visitor's language starts with a tap). Each slide is audited while
    it stays on screen: when it changed during the run, the next slide is audited instead."""
    seen: set[str] = set()
    with kiosk_page(chromium, viewport) as (page, _):
        open_kiosk(page, slow_kiosk_urls(viewport))
        for _ in range(12):
            position = page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
            before = h1(page)
            violations, used = axe.audit(page)
            if h1(page) == before:
                MATCHED.update(used)
                assert not violations, (f"axe-core found violations on the slide {before!r} "
                                        f"({viewport}):\n{axe.report(violations)}")
                seen.add(position)
                if len(seen) == 4:
                    break
            page.wait_for_function("t => document.querySelector('h1')?.innerText !== t",
                                   arg=before, timeout=20_000)
            settle(page)
            page.wait_for_timeout(300)
    assert len(seen) == 4, seen


@pytest.mark.parametrize("viewport", ["portrait", "landscape"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_kiosk_chooser_and_district_card_have_no_violations(slow_kiosk_urls, chromium, lang,
                                                                viewport):
    start = START if lang == "sv" else "▶ Tap to start (English)"
    heading = "Välj ditt område" if lang == "sv" else "Choose your area"
    with kiosk_page(chromium, viewport) as (page, _):
        open_kiosk(page, slow_kiosk_urls(viewport))
        tap(page, start)
        page.get_by_role("heading", name=heading).wait_for()
        settle(page)
        page.wait_for_selector("path.choroplethlocation")
        assert_accessible(page, f"the kiosk's district chooser ({lang})")
        tap(page, "Centrum")
        page.get_by_role("heading", name="Centrum", exact=True).wait_for()
        settle(page)
        assert_accessible(page, f"the kiosk's district card ({lang})")


def test_the_engine_reports_what_it_finds(page):
    """The checker checks: a page with an unlabelled image and grey-on-white text fails, and
    the report names the rule, impact, element and help."""
    page.set_content('<html lang="sv"><body><main><h1>Prov</h1><img src="data:,">'
                     '<p style="color:#aaa">grå text</p></main></body></html>')
    violations, _ = axe.audit(page)
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in violations}
    text = axe.report(violations)
    assert "image-alt [critical]" in text and "target img" in text
    assert "color-contrast [serious]" in text and "dequeuniversity.com" in text


def test_every_exclusion_is_still_needed():
    """Runs last in this file: an exclusion that matched nothing is stale; remove it."""
    stale = [f"{e.rule} {e.selector}" for e in axe.EXCLUDED
             if f"{e.rule} {e.selector}" not in MATCHED]
    if not MATCHED and axe.EXCLUDED:
        pytest.skip("no audit ran in this session")
    assert not stale, f"exclusions that matched no node (remove them): {stale}"
