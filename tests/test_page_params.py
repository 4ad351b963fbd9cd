"""Bad query parameters on every page (RELIABILITY.md: "any query-param value … on every page:
falls back to the default view with a notice; 0 exceptions over … generated cases").

For every page of app.py's PAGES (each in its own mode: public, office for the
import page, kiosk for the kiosk) plus the router's default view, in both languages, hypothesis
generates URLs whose parameters carry hostile values: random text with a character no option
holds, 10,000-character strings, unicode (RTL, emoji, combining marks), SQL, HTML/JS, numbers
out of range, empty strings and comma lists. Parameter names: the ones the page reads (from
its source: `name="…"` in ui.choose/choose_many/param and `st.query_params.get("…")`, plus the
ones a default run writes to the URL), `lang`, and a few unknown names.

Each generated URL must: raise nothing (`at.exception` empty), show no error message and no
traceback, still render the page's title, and, when a parameter the page uses got a bad value,
show the "link held values that could not be used" notice.

Budget: the page runs in AppTest at about 0.1–0.5 s each on this 2-core machine, so each
(page, language) pair gets FUZZ_EXAMPLES generated URLs (default 10: 24 pairs → about 240 runs
and about 1,000 hostile parameter values in a little over a minute). Set UMEA_FUZZ_EXAMPLES for
a longer run (e.g. 150 → a few thousand URLs, about 20 minutes).
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.text.i18n import LANGUAGES, translate
from tests.app_pages import PAGES, ROOT, AppPage, existing, url_parameters

FUZZ_EXAMPLES = int(os.environ.get("UMEA_FUZZ_EXAMPLES", "10"))
UNKNOWN_NAMES = ["utm_source", "__proto__", "page", "x" * 300, "año", "district[]"]
# No option of any page contains one of these, and int()/float() reject them: appended to random
# text they make a value that can never be valid by accident.
SPECIAL = "'\"<>;%&\\|`$(){}[]#!*~^"
FIXED = [
    # SQL
    "' or 1=1 --", "x'); drop table area; --", "1; select * from read_csv('/etc/passwd')",
    "\" or \"\"=\"", "district:2480P01' --", "2018 union select 1",
    # HTML / JS / templates / paths
    "<script>alert(1)</script>", "javascript:alert(1)", "<img src=x onerror=alert(1)>",
    "{{7*7}}", "${7*7}", "../../../etc/passwd", "%3Cscript%3E", "data:text/html,<b>x</b>",
    # numbers out of range or malformed
    "-1", "-99999", "99999", "2147483648", "1" + "0" * 100, "1e309", "NaN", "inf", "-inf",
    "0x1F", "1_000", "12,5", "3.14159", "2018.5",
    # empty, blank and lists
    "", " ", ",", ",,,", "a,b,c", "sv,en", "2480P01,2480P01,<b>", "turnout_riksdag,'",
    # unicode: right-to-left, emoji, combining marks, zero-width
    "\u202eevil\u202c", "مرحبا بالعالم", "🗺️🔥" * 10, "e\u0301\u0301\u0301", "a\u200bb",
    "Ålidhem\u0000".replace("\u0000", ""),  # the name of a district is not its code
]


def _bad(text: str) -> str:
    return text if any(c in SPECIAL for c in text) else text + "'"


HOSTILE = st.one_of(
    st.sampled_from(FIXED),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60).map(_bad),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "<", "'", "å", "🔥", "9"]),
              st.just(10_000)).map(_bad),
    st.lists(st.sampled_from(FIXED[:8] + ["2480P01", "total", "sv"]), min_size=2,
             max_size=5).map(lambda xs: _bad(",".join(xs))),
)


@dataclass(frozen=True)
class Target:
    """A page to fuzz, in its mode; `page` None means the router's default view."""

    name: str
    mode: str
    page: AppPage | None

    @property
    def source(self) -> str:
        return (ROOT / "app.py" if self.page is None else self.page.path).read_text("utf-8")


TARGETS = [Target("router", "public", None)] + [Target(p.stem, p.mode, p) for p in PAGES]
CASES = [(t, lang) for t in TARGETS for lang in LANGUAGES]
STATS = {"runs": 0, "values": 0}


@contextmanager
def environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module", autouse=True)
def fuzz_env(fixture_db, request):
    import streamlit as st_

    logging.getLogger("indicators").setLevel(logging.CRITICAL)   # friendly_errors logs
    with environment(UMEA_DB=str(fixture_db), UMEA_MODE="public"):
        st_.cache_data.clear()
        st_.cache_resource.clear()
        yield
        st_.cache_data.clear()
        st_.cache_resource.clear()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and STATS["runs"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nquery-parameter fuzz: {STATS['runs']} generated URLs, "
                                f"{STATS['values']} hostile parameter values "
                                f"({FUZZ_EXAMPLES} per page and language)")


def run(target: Target, params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    with environment(UMEA_MODE=target.mode):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        if target.page is not None:
            at.switch_page(str(target.page.path))
        at.run()
    return at


@dataclass(frozen=True)
class Profile:
    names: tuple[str, ...]        # every name to fuzz
    used: frozenset[str]          # names whose bad value must bring the notice
    notices: bool                 # the page shows notices at all
    title_key: str | None         # st.title(ui.t("<key>")) when the title is a text key


@cache
def profile(target: Target, lang: str) -> Profile:
    at = run(target, {"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    written = set(at.query_params)
    if target.page is None:
        from_source = set(url_parameters(PAGES[0]))
        shows_notices = True
    else:
        from_source = set(url_parameters(target.page))
        shows_notices = "show_notices()" in target.source
    choose_names = set(re.findall(
        r"""(?:choose|choose_many|param|param_list)\([^)]*?\bname\s*=\s*["']([A-Za-z0-9_]+)""",
        target.source, re.S)) | set(re.findall(
        r"""ui\.param(?:_list)?\(\s*["']([A-Za-z0-9_]+)""", target.source))
    used = (written | choose_names | {"lang"}) - {"q"}
    names = sorted(written | from_source | {"lang"}) + UNKNOWN_NAMES
    title = re.search(r"""st\.title\(\s*ui\.t\(\s*["']([a-z0-9_]+)["']\s*\)""", target.source)
    return Profile(tuple(names), frozenset(used), shows_notices,
                   title.group(1) if title else None)


def texts(at) -> list[str]:
    out = []
    for kind in ("error", "warning", "info", "markdown", "caption", "text", "title",
                 "header", "subheader", "exception"):
        out += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    return out


def check(target: Target, lang: str, bad: dict[str, str], info: Profile) -> None:
    """Run the page with `?lang=<lang>` and the hostile values `bad` (which may replace lang)."""
    params = {"lang": lang} | bad
    at = run(target, params)
    STATS["runs"] += 1
    STATS["values"] += len(bad)
    shown_lang = params["lang"] if params["lang"] in LANGUAGES else "sv"
    assert not at.exception, [e.value for e in at.exception]
    friendly = {translate("error_friendly", code) for code in LANGUAGES} | {
        translate("no_database", code) for code in LANGUAGES}
    assert not [e.value for e in at.error if e.value in friendly], "the page failed"
    assert not [t for t in texts(at) if "Traceback" in t or 'File "/' in t]
    assert len(at.title) >= 1 and at.title[0].value.strip()
    if info.title_key is not None:
        assert at.title[0].value == translate(info.title_key, shown_lang)
    bad_used = [n for n in bad if n in info.used]
    if info.notices and bad_used:
        marker = translate("invalid_link", shown_lang, names="\x00").split("\x00")[0]
        assert any(i.value.startswith(marker) for i in at.info), (
            f"no notice for bad {bad_used}")


def test_hostile_values_are_never_valid_options():
    """The generator's premise: no fixed value parses to an option of the fixture's pages."""
    for value in FIXED:
        assert value not in ("sv", "en", "total", "women", "men", "district", "2480P01")


@pytest.mark.parametrize("target,lang", CASES, ids=[f"{t.name}-{lang}" for t, lang in CASES])
def test_hostile_query_parameters(target, lang):
    info = profile(target, lang)

    names = st.sets(st.sampled_from(info.names), min_size=1, max_size=len(info.names))

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(chosen=names.flatmap(lambda ns: st.fixed_dictionaries({n: HOSTILE for n in ns})))
    def fuzz(chosen):
        check(target, lang, chosen, info)

    fuzz()


@pytest.mark.parametrize("page", existing(), ids=lambda p: p.stem)
def test_pages_that_read_the_url_show_notices(page):
    """A page that takes selections from the URL must say when it could not use them."""
    source = page.source()
    if re.search(r"ui\.(choose|choose_many|param|param_list)\(", source):
        assert "ui.show_notices()" in source


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_parameter_bad_at_once(lang):
    """One URL with every known parameter of every page bad at the same time."""
    for target in TARGETS:
        info = profile(target, lang)
        params = {n: FIXED[i % len(FIXED)] for i, n in enumerate(info.names) if n != "lang"}
        check(target, lang, params, info)
