"""Data text is plain text in a real browser: no link, colour, markup or visible backslash.

Markdown escaping alone failed here: GFM autolinks bare URLs after the escapes are resolved
(the link then showed the backslashes), and `:red[…]` coloured kiosk buttons. A database like
the fixture but with hostile district and dataset names is published into a temporary folder,
and the pages that show names (profile, participation, the kiosk's chooser and district card)
are read back from Chromium's DOM: each hostile text must appear literally, with no element it
could have produced and no backslash anywhere.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from indicators.data.store import publish
from indicators.methods.derive import derive
from tests.browser.conftest import _start_server, _stop_server
from tests.browser.helpers import open_page, wait_for_app
from tests.fixtures.dataset import HOSTILE_NAME, fixture_tables

WORD_JOINER = "\u2060"
HOSTILE = {  # district code: name
    "2480P01": "Centrum www.evil.example me@evil.example `code` $x^2$ ~~s~~ :smile:",
    "2480P02": "https://evil.example/x",
    "2480P03": ":red[boo] **bold** [a](javascript:alert(1))",
    "2480P04": HOSTILE_NAME,
}
DATASET = "Fixture https://evil.example/d :blue[set]"
# What a hostile text must never turn into: links (not the headings' own #anchors), colour
# spans, maths, images, and emphasis or code made of a hostile text's parts.
CANDIDATES = "a, .stMarkdownColoredText, .katex, img, strong, em, del, code"
PRODUCED = """els => els.filter(e => {
    const text = e.textContent.replace(/\u2060/g, '').trim();
    if (e.matches('a')) return !(e.getAttribute('href') || '').startsWith('#')
        && /evil|javascript|mailto/i.test(e.href + text);
    if (e.matches('img')) return (e.getAttribute('src') || '') === 'x';
    if (e.matches('.stMarkdownColoredText, .katex')) return true;
    return ['bold', 'code', 's', 'x^2', 'a', 'boo'].includes(text);
}).map(e => e.outerHTML.slice(0, 200))"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    tables = fixture_tables()
    area = tables["area"]
    for code, name in HOSTILE.items():
        area.loc[area["area_id"] == f"district:{code}", "name"] = name
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    publish(derive(tables), path, name=DATASET, seed=None, note="tests/browser/test_plain_text.py")
    return path


@pytest.fixture(scope="module")
def hostile_servers(chromium, hostile_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-servers")
    started = {}
    try:
        for mode in ("public", "kiosk"):
            started[mode] = _start_server(hostile_db, mode, folder / f"{mode}.log")
        yield {mode: url for mode, (_, url) in started.items()}
    finally:
        for process, _ in started.values():
            _stop_server(process)


def assert_plain(page, *expected: str) -> None:
    app = page.locator('[data-testid="stApp"]')
    produced = app.locator(CANDIDATES).evaluate_all(PRODUCED)
    assert produced == []
    shown = app.inner_text()
    assert "\\" not in shown                       # no escape character shows
    visible = shown.replace(WORD_JOINER, "")
    for text in expected:
        assert text in visible, text
    assert page.dialogs == []                      # type: ignore[attr-defined] - no alert ran


@pytest.mark.parametrize("code", sorted(HOSTILE))
def test_a_hostile_name_is_plain_text_on_its_profile(hostile_servers, page, code):
    open_page(page, f"{hostile_servers['public']}/profile?district={code}&lang=sv")
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().replace(
        WORD_JOINER, "").strip() == HOSTILE[code]
    assert_plain(page, HOSTILE[code], DATASET)


def open_options(page, box, tries: int = 6) -> None:
    """Click `box`'s combobox until its options show (a bounded poll: on a loaded machine the
    first click can land while the fragment beside it is still being laid out)."""
    for _ in range(tries):
        box.get_by_role("combobox").click()
        try:
            page.get_by_role("option").first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    pytest.fail(f"the options of {box.inner_text()!r} never opened", pytrace=False)


def test_every_hostile_name_is_plain_text_on_the_participation_page(hostile_servers, page):
    open_page(page, f"{hostile_servers['public']}/participation?lang=en")
    district = page.locator('[data-testid="stSelectbox"]').filter(
        has_text="District for the time series")   # in the open tab, beside its series
    open_options(page, district)                    # the district options, too
    options = [t.replace(WORD_JOINER, "") for t in page.get_by_role("option").all_inner_texts()]
    assert sorted(options) == sorted(HOSTILE.values())   # as they are: no escape, no joiner
    page.keyboard.press("Escape")
    assert_plain(page, HOSTILE["2480P04"], HOSTILE["2480P02"])


def test_kiosk_buttons_and_card_show_hostile_names_as_text(hostile_servers, page):
    page.goto(hostile_servers["kiosk"])
    wait_for_app(page, title=False, sidebar=False)
    page.get_by_role("button", name="Tryck för att börja").first.click()
    page.get_by_role("heading", name="Välj ditt område").wait_for()
    wait_for_app(page, title=False, sidebar=False)
    assert_plain(page, *HOSTILE.values())
    page.locator("button", has_text="red[boo]").first.click()
    page.get_by_role("heading", level=1).filter(has_text="red[boo]").wait_for()
    wait_for_app(page, title=False, sidebar=False)
    assert_plain(page, HOSTILE["2480P03"], f"Om {HOSTILE['2480P03']}:")
