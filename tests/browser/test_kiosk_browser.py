"""The kiosk in a real browser (Debian chromium via Playwright), portrait 1080×1920 and
landscape 1920×1080, against servers started exactly as `make kiosk` starts one
(kiosk.launch: UMEA_MODE=kiosk and the flags of kiosk/config.toml) on the fixture
database, one per screen (UMEA_KIOSK_SCREEN: a kiosk states its screen, see
indicators/views/kiosk_state.py), with the timing shortened for the test (UMEA_KIOSK_TEST=1
allows a 2 s warning; in production it is at least 20 s): slides every 2 s; a second server
for the idle test warns after 4 s idle and resets 2 s later (the others wait 120 s, so no
warning disturbs other tests).

What only a browser shows: the loop turning by itself (a fragment timer), the first slide drawn
by the first run, every slide filling the screen without scrolling, taps on buttons and on the
map, the idle warning and reset, no navigation, toolbar or menu, other pages' URLs (and unknown
ones) showing the kiosk, no request leaving 127.0.0.1, and every button at least 44 × 44 px.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kiosk import launch as kiosk_launch
from tests.app_pages import PAGES

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"   # git-ignored; kept by CI on failure
TIMEOUT_MS = 30_000
VIEWPORTS = {"portrait": {"width": 1080, "height": 1920},
             "landscape": {"width": 1920, "height": 1080}}
SLIDE, IDLE, WARNING = 2, 4, 2
START = "▶ Tryck för att börja"
MIN_TARGET = 44
# Every rendered button and link with a size, except Streamlit's visually hidden
# "skip to main content" link (1 × 1 px until it gets keyboard focus).
TARGETS_JS = """() => [...document.querySelectorAll('button, a[href], [role=button]')]
  .filter(e => e.getAttribute('data-testid') !== 'stSkipToContent')
  .map(e => [e, e.getBoundingClientRect(), getComputedStyle(e)])
  .filter(([e, r, s]) => r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
          && s.display !== 'none' && s.opacity !== '0')
  .map(([e, r]) => [(e.innerText || e.getAttribute('aria-label') || e.tagName).trim(),
                    Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10])"""


# WCAG contrast of every visible text node against its (blended) background: [text, ratio,
# font size in px, large text (≥ 24 px, or ≥ 18.66 px bold)]. Text inside SVG (the charts) is
# left out: chart text is dark on white by construction (indicators/views/figures.py).
CONTRAST_JS = r"""() => {
  const parse = c => {
    const p = c.match(/rgba?\(([^)]+)\)/)[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const blend = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((bg, c) => blend(c, bg), [255, 255, 255]);
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.trim();
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (!text || el.closest('svg') || r.width === 0 || r.height === 0
        || s.visibility === 'hidden' || s.opacity === '0') continue;
    const bg = background(el), fg = blend(parse(s.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    out.push([text.slice(0, 40), Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100, size,
              size >= 24 || (bold && size >= 18.66)]);
  }
  return out;
}"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def serve_kiosk(fixture_db, folder: Path, idle: int, warning: int, slide: int = SLIDE,
                viewport: str = "portrait"):
    """A kiosk server started like `make kiosk`, on a free loopback port, for `viewport`'s
    screen."""
    port = _free_port()
    screen = VIEWPORTS[viewport]
    env = kiosk_launch.kiosk_environment() | {
        "UMEA_KIOSK_SCREEN": f"{screen['width']}x{screen['height']}",
        "UMEA_DB": str(fixture_db), "UMEA_PULSE_DB": str(folder / "pulse.sqlite"),
        "UMEA_KIOSK_TEST": "1", "UMEA_KIOSK_SLIDE_SECONDS": str(slide),
        "UMEA_KIOSK_IDLE_SECONDS": str(idle), "UMEA_KIOSK_WARNING_SECONDS": str(warning),
        "UMEA_PULSE_MIN_SECONDS": "0",   # Playwright taps faster than anyone reads
        "PYTHONUNBUFFERED": "1"}
    log_path = folder / "streamlit.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(kiosk_launch.streamlit_command(port=port), cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not _healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the kiosk server did not start:\n"
                                + log_path.read_text("utf-8", "replace")[-3000:], pytrace=False)
                time.sleep(0.3)
            yield url
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


@pytest.fixture(scope="module")
def kiosk_urls(playwright_api, fixture_db, tmp_path_factory):
    """`kiosk_urls(viewport)`: the kiosk for that screen, started on first use, with a long idle
    time so no warning interrupts the other tests."""
    with ExitStack() as stack:
        running: dict[str, str] = {}

        def url(viewport: str) -> str:
            if viewport not in running:
                running[viewport] = stack.enter_context(serve_kiosk(
                    fixture_db, tmp_path_factory.mktemp(f"kiosk-{viewport}"), idle=120,
                    warning=20, viewport=viewport))
            return running[viewport]

        yield url


@pytest.fixture(scope="module")
def idle_kiosk_url(playwright_api, fixture_db, tmp_path_factory):
    """The kiosk with the idle time and the warning shortened (test mode only)."""
    with serve_kiosk(fixture_db, tmp_path_factory.mktemp("idle"), idle=IDLE,
                     warning=WARNING) as url:
        yield url


class Requests:
    """Every URL a page requests (HTTP and websocket)."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda socket_: self.urls.append(socket_.url))

    def foreign(self) -> list[str]:
        """Requests that leave 127.0.0.1 (data: and blob: URLs stay in the page)."""
        return [u for u in self.urls if urlsplit(u).scheme not in ("data", "blob", "about")
                and urlsplit(u).hostname != "127.0.0.1"]


@contextmanager
def kiosk_page(chromium, viewport: str):
    """A fresh touch-screen context (no state carried over) with every request recorded."""
    context = chromium.new_context(viewport=VIEWPORTS[viewport], has_touch=True,
                                   locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    requests = Requests(page)
    try:
        yield page, requests
    except BaseException:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)   # for CI: what the screen showed
        page.screenshot(path=str(SCREENSHOTS / f"kiosk_{viewport}_{time.time():.0f}.png"),
                        full_page=True)
        raise
    finally:
        context.close()


def settle(page) -> None:
    """Wait until the script run that a tap started has finished (so the next tap is not sent
    to a screen about to be replaced)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def open_kiosk(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=START).wait_for()
    page.wait_for_selector("h1")
    settle(page)


def tap(page, name: str) -> None:
    settle(page)
    page.get_by_role("button", name=name, exact=True).tap()


def h1(page) -> str:
    return page.locator("h1").first.inner_text()


def assert_targets_large(page) -> list:
    targets = page.evaluate(TARGETS_JS)
    small = [t for t in targets if t[1] < MIN_TARGET or t[2] < MIN_TARGET]
    assert not small, f"touch targets under {MIN_TARGET} px: {small}"
    return targets


def assert_contrast(page) -> None:
    """AA: 4.5:1 for text, 3:1 for large text."""
    rows = page.evaluate(CONTRAST_JS)
    assert len(rows) > 3                                # the check saw the screen's text
    low = [row for row in rows if row[1] < (3.0 if row[3] else 4.5)]
    assert not low, f"text under AA contrast: {low}"


# The bottom of the lowest visible element of the page, and how far the page scrolls.
FILL_JS = """() => {
  let bottom = 0;
  for (const e of document.querySelectorAll(
      '[data-testid=stMainBlockContainer] [data-testid=stElementContainer]')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) bottom = Math.max(bottom, r.bottom);
  }
  const main = document.querySelector('[data-testid=stMain]');
  return [bottom, main.scrollHeight - main.clientHeight];
}"""
# What the first finished script run put on screen, recorded as it happens: the words, and the
# chart's place (plotly's code may still be loading: Streamlit then holds the place at the
# chart's height with a skeleton, and plotly draws into it).
FIRST_RUN_JS = """() => {
  new MutationObserver((_, observer) => {
    const app = document.querySelector('[data-testid=stApp]');
    if (app?.getAttribute('data-test-script-state') !== 'notRunning') return;
    observer.disconnect();
    const chart = [...document.querySelectorAll('[data-testid=stElementContainer]')].filter(e =>
        ['stSkeleton', 'stPlotlyChart'].includes(e.firstElementChild?.getAttribute('data-testid')));
    window.firstRun = {
      h1: document.querySelector('h1')?.innerText ?? null,
      caption: document.querySelector('[data-testid=stCaptionContainer]')?.innerText ?? null,
      paragraphs: document.querySelectorAll('[data-testid=stMain] p').length,
      chartHeights: chart.map(e => e.getBoundingClientRect().height)};
  }).observe(document, {subtree: true, childList: true, attributes: true});
}"""


def assert_no_chrome(page) -> None:
    for testid in ("stSidebar", "stSidebarNav", "stSidebarCollapsedControl", "stMainMenu",
                   "stAppDeployButton", "stToolbarActions", "stNavigation"):
        assert page.locator(f'[data-testid="{testid}"]').count() == 0, testid
    assert page.locator("nav").count() == 0
    assert page.locator('[role="dialog"]').count() == 0


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_loop_turns_with_no_navigation_or_toolbar(kiosk_urls, chromium, viewport):
    with kiosk_page(chromium, viewport) as (page, requests):
        open_kiosk(page, kiosk_urls(viewport))
        first = h1(page)
        assert first in ("200 000 invånare år 2050", "Klimatneutralt Umeå 2030")
        # Only the slide redraws: the start buttons stay while the heading changes by itself.
        page.wait_for_function("(first) => document.querySelector('h1') &&"
                               " document.querySelector('h1').innerText !== first", arg=first,
                               timeout=6 * SLIDE * 1000)
        assert h1(page) != first
        assert page.get_by_role("button", name=START).is_visible()
        assert_no_chrome(page)
        assert_contrast(page)
        targets = assert_targets_large(page)
        assert {START, "▶ Tap to start (English)"} <= {t[0] for t in targets}
        assert requests.foreign() == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_slide_fills_the_screen_without_scrolling(kiosk_urls, chromium, viewport):
    """Each of the four slides reaches at least 80 % down the screen, and nothing scrolls."""
    with kiosk_page(chromium, viewport) as (page, requests):
        open_kiosk(page, kiosk_urls(viewport))
        height = VIEWPORTS[viewport]["height"]
        seen: dict[str, tuple[float, int]] = {}
        while len(seen) < 4:
            title = h1(page)
            settle(page)
            page.wait_for_function(  # plotly has drawn the slide's chart at its height
                "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].every("
                "c => c.querySelector('.main-svg'))")
            page.wait_for_timeout(300)
            bottom, scroll = page.evaluate(FILL_JS)
            if h1(page) == title:                        # still the same slide
                seen[title] = (bottom / height, scroll)
            page.wait_for_function("t => document.querySelector('h1')?.innerText !== t",
                                   arg=title, timeout=6 * SLIDE * 1000)
        assert all(fill >= 0.8 for fill, _ in seen.values()), seen
        assert all(scroll <= 0 for _, scroll in seen.values()), seen
        assert requests.foreign() == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_first_slide_is_drawn_by_the_first_run(kiosk_urls, chromium, viewport):
    """No blank first slide: when the first script run finishes, slide 1 is on screen with its
    title, sentence, figures and the chart's full-size place (the fragment's timer only moves the
    loop on)."""
    with kiosk_page(chromium, viewport) as (page, requests):
        page.add_init_script(f"({FIRST_RUN_JS})()")
        page.goto(kiosk_urls(viewport))
        page.wait_for_function("() => window.firstRun !== undefined")
        first = page.evaluate("() => window.firstRun")
        assert first["caption"] == "Bild 1 av 4", first
        assert first["h1"] == "200 000 invånare år 2050", first
        assert first["paragraphs"] >= 3, first             # sentence and figures in words
        # (a button whose code is still loading has a skeleton too, a button's height)
        assert max(first["chartHeights"]) >= 0.4 * VIEWPORTS[viewport]["height"], first


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_tap_opens_a_district_and_the_pulse_takes_one_tap(kiosk_urls, chromium, viewport):
    with kiosk_page(chromium, viewport) as (page, requests):
        open_kiosk(page, kiosk_urls(viewport))
        tap(page, START)
        page.get_by_role("heading", name="Välj ditt område").wait_for()
        assert_targets_large(page)                      # the district buttons
        tap(page, "Centrum")
        page.get_by_role("heading", name="Centrum", exact=True).wait_for()
        page.get_by_text(re.compile(r"^92,0\s%$")).first.wait_for()
        page.get_by_text("Tyck till! Hur trivs du i ditt område?").wait_for()
        assert_targets_large(page)                      # back, language and answer buttons
        tap(page, "🙂 Ganska bra")
        page.get_by_text("Tack för ditt svar!").wait_for()
        settle(page)                                    # the run that removes the buttons
        assert_contrast(page)
        assert page.get_by_role("button", name="🙂 Ganska bra").count() == 0
        assert_no_chrome(page)
        assert requests.foreign() == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_tap_on_the_full_width_coloured_map_opens_a_district(kiosk_urls, chromium, viewport):
    """The fixture's four districts lie side by side west to east: the westmost is Centrum.
    The map to choose on spans the page in portrait (its left half in landscape, beside the
    names), and neighbouring districts have different colours."""
    with kiosk_page(chromium, viewport) as (page, requests):
        open_kiosk(page, kiosk_urls(viewport))
        tap(page, START)
        page.wait_for_selector("path.choroplethlocation")
        settle(page)
        paths = page.locator("path.choroplethlocation")
        boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
        assert len(boxes) == 4
        width = page.evaluate("""() => {  // the page's content width, inside its padding
          const c = document.querySelector('[data-testid=stMainBlockContainer]');
          const s = getComputedStyle(c);
          return c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }""")
        drawn = max(b["x"] + b["width"] for b in boxes) - min(b["x"] for b in boxes)
        assert drawn >= (0.9 if viewport == "portrait" else 0.5) * width, (drawn, width)
        fills = [paths.nth(i).evaluate("p => getComputedStyle(p).fill") for i in range(4)]
        lefts = [b["x"] for b in boxes]
        west_to_east = [fill for _, fill in sorted(zip(lefts, fills, strict=True))]
        neighbours = zip(west_to_east, west_to_east[1:], strict=False)   # one pair fewer
        assert all(a != b for a, b in neighbours), west_to_east
        assert "rgb(242, 242, 242)" not in fills              # coloured, not the old grey
        west = min(boxes, key=lambda box: box["x"])
        page.mouse.click(west["x"] + west["width"] / 2, west["y"] + west["height"] / 2)
        page.get_by_role("heading", name="Centrum", exact=True).wait_for()
        assert requests.foreign() == []


def test_idle_warning_one_tap_continues_then_reset(idle_kiosk_url, chromium):
    with kiosk_page(chromium, "portrait") as (page, requests):
        open_kiosk(page, idle_kiosk_url)
        tap(page, "▶ Tap to start (English)")
        tap(page, "Ålidhem")
        page.get_by_role("heading", name="Ålidhem", exact=True).wait_for()
        wait = (IDLE + 6) * 1000
        page.get_by_role("heading", name="Still there?").wait_for(timeout=wait)
        page.get_by_text("Otherwise the screen starts over in").wait_for()
        assert_targets_large(page)
        assert_contrast(page)
        tap(page, "Tap to continue")
        page.get_by_role("heading", name="Ålidhem", exact=True).wait_for()   # view kept
        page.get_by_role("heading", name="Still there?").wait_for(timeout=wait)
        # No tap: back to the loop, in Swedish, with nothing of the visit left.
        page.get_by_role("button", name=START).wait_for(timeout=(WARNING + 6) * 1000)
        page.wait_for_selector("h1")
        assert h1(page) in ("200 000 invånare år 2050", "Klimatneutralt Umeå 2030")
        assert page.get_by_text("Ålidhem").count() == 0
        assert page.url.endswith("?lang=sv")
        assert requests.foreign() == []


def test_other_pages_are_unreachable_by_url_even_on_a_cold_server(playwright_api, fixture_db,
                                                                   tmp_path, chromium):
    """A fresh server whose first visitor asks for another page's URL: without serve.py Streamlit
    would serve pages/map.py itself (legacy pages/ discovery) until someone had opened "/"; with
    app.py's kiosk branch every page's URL runs the kiosk, with no "page not found" box."""
    with serve_kiosk(fixture_db, tmp_path, idle=120, warning=20, viewport="landscape") as url, \
            kiosk_page(chromium, "landscape") as (page, requests):
        paths = [f"/{page.slug}" for page in PAGES] + [
            "/profile?district=2480P01", "/foo", "/a%20b?x=<script>", "/anything/else",
            "/map/profile/x?district=2480P01"]
        assert {"/map", "/data_methods", "/import_data", "/kiosk"} <= set(paths)
        for path in paths:
            open_kiosk(page, url + path)
            assert h1(page) not in {page_.title("sv") for page_ in PAGES}
            for testid in ("stSelectbox", "stMultiSelect", "stTextInput", "stFileUploader",
                           "stDataFrame"):
                assert page.locator(f'[data-testid="{testid}"]').count() == 0, (path, testid)
            assert_no_chrome(page)                  # no "page not found" box either
            assert page.url.endswith("?lang=sv")    # the URL carries nothing else
        assert requests.foreign() == []
