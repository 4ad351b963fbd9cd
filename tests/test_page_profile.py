"""The district profile page (AppTest against the fixture database): what a politician reads
for Ålidhem, the hostile district name shown as text with its suppressed turnout as "..", and
deep links with bad values falling back with a notice."""

from __future__ import annotations

import base64
import re

import numpy as np
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures.dataset import HOSTILE_NAME
from tests.pages import run_page

NBSP = "\u00a0"


@pytest.fixture
def open_profile(fixture_db, monkeypatch):
    """Runs the profile through app.py (tests/pages.py) on the fixture database."""

    def run(**params: str) -> AppTest:
        at = run_page(monkeypatch, fixture_db, "profile", **params)
        assert not at.error, [e.value for e in at.error]
        return at

    return run


def decoded(values) -> list[float]:
    """Plotly arrays in figure JSON may be base64 ("bdata") with a dtype."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def unescape(markdown: str) -> str:
    """Markdown as the reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> list[str]:
    found = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        found += [unescape(str(e.value)) for e in at.get(kind)]
    return found


def scorecard(at: AppTest):
    return at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])


def notices(at: AppTest) -> str:
    return " ".join(str(e.value) for e in at.info)


def test_alidhem_in_swedish(open_profile):
    """Ålidhem 2018: 780/1000 = 78,0 %, 2014: 75,0 %; city 2661/2998 = 88,76 % → 88,8 %; the
    Wilson intervals (75,3–80,5 and 72,2–77,6) do not overlap → a clear increase."""
    at = open_profile(district="2480P02")
    assert at.title[0].value == "Ålidhem"
    shown = texts(at)
    headline = next(t for t in shown if t.startswith("#### "))
    assert headline == (f"#### Ålidhem: valdeltagande, riksdagsval 78,0{NBSP}% (2018), "
                        f"+3,0{NBSP}procentenheter sedan 2014; lägre än staden (88,8{NBSP}%).")
    assert any(t.startswith("↑ Tydlig ökning 2014–2018") for t in shown)
    card = scorecard(at)
    turnout = card.loc["Valdeltagande, riksdagsval"]
    assert (turnout["Distriktet"], turnout["Staden"], turnout["År"]) == (
        f"78,0{NBSP}%", f"88,8{NBSP}%", 2018)
    assert turnout["Poäng 0–100"] == f"56{NBSP}av 100"
    # Synthetic indicator: no city value, so the median of the districts (79 and 84 → 81,5),
    # peers 74, 84, 89: median 84, MAD 5, 79 − 84 = −5 → similar; and the label is shown.
    safety = card.loc["Känner sig trygg utomhus på kvällen (illustrativ)"]
    assert safety["Staden"] == f"81,5{NBSP}% (median av distrikten)"
    assert safety["Jämfört med liknande"] == "≈ Som liknande områden"
    assert "Illustrativa data (påhittade)" in shown
    # Median income 212.5 tkr against peers 337.5, 368.75, 400 → a weakness, said in words.
    assert any(t.startswith("▼ **Svagheter jämfört med liknande distrikt**: Medianinkomst")
               for t in shown)
    assert [b.label for b in at.download_button] == ["Ladda ner PDF (en sida)", "Ladda ner CSV",
                                                     "Ladda ner Excel"]
    assert any(c.value.startswith("Utskrift: PDF:en är profilens utskriftsversion")
               for c in at.caption)


def test_alidhem_in_english(open_profile):
    at = open_profile(district="2480P02", lang="en")
    shown = texts(at)
    assert any("voter turnout, Riksdag election 78.0% (2018)" in t and
               "lower than the city (88.8%)" in t for t in shown)
    assert any(t.startswith("↑ A clear increase 2014–2018") for t in shown)
    turnout = scorecard(at).loc["Voter turnout, Riksdag election"]
    assert (turnout["District"], turnout["City"]) == ("78.0%", "88.8%")


def test_turnout_chart_has_intervals_and_a_table(open_profile):
    at = open_profile(district="2480P02")
    figure = pio.from_json(at.get("plotly_chart")[0].proto.spec)
    bands = [t for t in figure.data if t.fill == "toself"]
    lines = [t for t in figure.data if t.mode == "lines+markers"]
    assert len(bands) == 2 and [t.name for t in lines] == ["Ålidhem", "Umeå"]
    assert decoded(lines[0].y) == [75.0, 78.0]
    series = next(d.value for d in at.dataframe if "95 % konfidensintervall" in d.value.columns)
    assert series["95 % konfidensintervall"].tolist()[1] == f"75,3–80,5{NBSP}%"


def test_one_more_indicator_over_time_is_chosen_in_a_box_and_lives_in_the_url(open_profile):
    """Besides turnout, one indicator's series at a time: by default the first published one
    (eligible voters: Ålidhem against Umeå); a deep link shows the generated safety series with
    its label; the choice is in the URL."""
    at = open_profile(district="2480P02")
    box = at.selectbox(key="w_series")
    assert box.value == "eligible_voters" and box.options[-1].endswith("(illustrativ)")
    assert "Fler indikatorer över tid" in texts(at)
    figure = pio.from_json(at.get("plotly_chart")[-1].proto.spec)
    assert [t.name for t in figure.data] == ["Ålidhem", "Umeå"]
    assert not any("påhittade" in str(w.value) for w in at.warning[1:])
    chosen = open_profile(district="2480P02", series="perceived_safety")
    assert chosen.query_params["series"] == "perceived_safety"
    figure = pio.from_json(chosen.get("plotly_chart")[-1].proto.spec)
    assert [t.name for t in figure.data] == ["Ålidhem"]   # the city has no generated series
    assert sum("påhittade" in str(w.value) for w in chosen.warning) == 2   # scorecard + chart


def test_hostile_name_is_text_and_suppressed_turnout_is_dots(open_profile):
    """The fourth district's 44/48 (91,7 %) and 40/45 (88,9 %) are suppressed (denominator
    under 50): neither may appear anywhere, only ".."."""
    at = open_profile(district="2480P04")
    assert unescape(at.title[0].value) == HOSTILE_NAME
    assert all(not m.allow_html for m in at.markdown)
    shown = texts(at)
    headline = next(t for t in shown if t.startswith("#### "))
    assert headline.startswith(f"#### {HOSTILE_NAME}: valdeltagande") and ".." in headline
    assert scorecard(at).loc["Valdeltagande, riksdagsval", "Distriktet"] == ".."
    everything = " ".join(shown) + " ".join(d.value.to_string() for d in at.dataframe)
    for number in ("91,7", "91.7", "88,9", "88.9", "91,67"):
        assert number not in everything
    for chart in at.get("plotly_chart"):
        assert "<img" not in chart.proto.spec  # names reach plotly as entities, never as HTML


def test_growth_share_is_a_flagged_proxy(open_profile):
    """Eligible voters 2014 → 2018: Holmsund 900 → 950 (+50) of a total +53 → 94,3 %."""
    at = open_profile(district="2480P03")
    shown = texts(at)
    assert any(f"+50{NBSP}personer 2014–2018, 94,3{NBSP}%" in t and f"(+53{NBSP}personer)" in t
               for t in shown)
    assert any("röstberättigade är vuxna svenska medborgare" in t for t in shown)


def test_peers_follow_the_weights_in_the_url(open_profile):
    """Centrum (type 4, 1000 eligible): on type only its nearest is Holmsund (4.5); on size only
    Ålidhem (1000)."""
    by_type = open_profile(district="2480P01", w_income="3", w_size="0", k="3")
    peers = next(d.value for d in by_type.dataframe if "Avstånd" in d.value.columns)
    assert peers["Område"].tolist() == ["Centrum", "Holmsund", HOSTILE_NAME, "Ålidhem"]
    by_size = open_profile(district="2480P01", w_income="0", w_size="3")
    peers = next(d.value for d in by_size.dataframe if "Avstånd" in d.value.columns)
    assert peers["Område"].tolist()[1] == "Ålidhem"
    assert by_size.query_params["w_size"] == "3" and by_size.query_params["k"] == "5"


def test_all_weights_zero_uses_equal_weights_with_a_notice(open_profile):
    at = open_profile(district="2480P02", w_income="0", w_age65="0", w_under20="0", w_size="0")
    assert "Alla vikter var 0" in notices(at)


def test_default_district_is_the_first_by_name(open_profile):
    at = open_profile()
    assert at.title[0].value == "Centrum"
    assert not at.info


@pytest.mark.parametrize("params", [
    {"district": "9999X99"}, {"district": "<script>alert(1)</script>"},
    {"district": "' or 1=1 --"}, {"district": "x" * 20_000}, {"district": "Ålidhem😀\u202e"},
    {"k": "99"}, {"k": "2"}, {"k": "five"}, {"k": "9" * 5000}, {"w_income": "-1"},
    {"w_size": "1.5"}, {"w_age65": "<b>3</b>"}, {"series": "turnout_riksdag"},
    {"series": "<script>"},
])
def test_bad_parameters_fall_back_with_a_notice(open_profile, params):
    at = open_profile(**params)
    assert "Länken innehöll värden som inte kunde användas" in notices(at)
    assert at.title[0].value == "Centrum"  # the default district
    assert at.query_params["k"] == "5"
    assert at.select_slider(key="w_k").value == 5
    for weight in ("w_income", "w_age65", "w_under20", "w_size"):
        assert at.query_params[weight] == "1"


def test_unknown_language_shows_swedish(open_profile):
    """The router reads ?lang= (its notice belongs to the router's run); the profile is Swedish."""
    at = open_profile(district="2480P02", lang="xx")
    assert at.header[0].value == "Jämfört med staden och liknande distrikt"


def test_a_rerun_with_the_same_choices_builds_nothing_again(monkeypatch, fixture_db):
    """Figures, tables and sentences are built once per dataset version and selection: a rerun
    (a language switch back, a click elsewhere) reuses them; another district builds its own."""
    import ui

    views = ("profile_headline", "profile_scorecard", "profile_turnout", "profile_series")
    at = run_page(monkeypatch, fixture_db, "profile", district="2480P01", lang="sv")
    built = {name: ui.VIEW_BUILDS.get(name, 0) for name in views}
    first = [c.proto.spec for c in at.get("plotly_chart")]
    at.run()
    assert not at.exception
    assert {name: ui.VIEW_BUILDS.get(name, 0) for name in views} == built
    assert [c.proto.spec for c in at.get("plotly_chart")] == first
    at.selectbox(key="w_district").set_value("2480P02").run()
    assert not at.exception
    assert {name: ui.VIEW_BUILDS.get(name, 0) for name in views} == {
        name: count + 1 for name, count in built.items()}


# --- several kommuner (tests/fixtures/dataset.py two_kommun_tables) -----------------------------
# Robertsfors (kommun:2409) beside Umeå: Bygdeå turnout 2018 540/600 = 90.0 % (2014 85.0 %),
# kommun 81.5 %; eligible voters +20 of the kommun's districts' +70 → 28.6 %.

def test_one_kommun_shows_no_kommun_box(open_profile):
    at = open_profile()
    assert "Kommun" not in [box.label for box in at.selectbox]
    assert "kommun" not in at.query_params


def test_with_two_kommuner_the_profile_opens_on_the_goals_kommun(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "profile", district="2480P02")
    assert at.selectbox(key="w_kommun").value == "2480"
    assert at.selectbox(key="w_district").options == ["Centrum", "Holmsund", HOSTILE_NAME,
                                                      "Ålidhem"]
    assert any(f"lägre än staden (88,8{NBSP}%)" in t for t in texts(at))
    assert scorecard(at).loc["Valdeltagande, riksdagsval", "Staden"] == f"88,8{NBSP}%"
    peers = next(d.value for d in at.dataframe if "Avstånd" in d.value.columns)
    assert not set(peers["Område"]) & {"Bygdeå", "Robertsfors centrum"}


def test_a_kommun_link_profiles_its_districts_against_it(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "profile", kommun="2409")
    assert not at.info and at.title[0].value == "Bygdeå"   # the kommun's first by name
    assert at.selectbox(key="w_district").options == ["Bygdeå", "Robertsfors centrum"]
    shown = texts(at)
    assert (f"#### Bygdeå: valdeltagande, riksdagsval 90,0{NBSP}% (2018), "
            f"+5,0{NBSP}procentenheter sedan 2014; högre än staden (81,5{NBSP}%).") in shown
    assert scorecard(at).loc["Valdeltagande, riksdagsval", "Staden"] == f"81,5{NBSP}%"
    peers = next(d.value for d in at.dataframe if "Avstånd" in d.value.columns)
    assert peers["Område"].tolist() == ["Bygdeå", "Robertsfors centrum"]
    assert any(f"+20{NBSP}personer 2014–2018, 28,6{NBSP}%" in t and f"(+70{NBSP}personer)" in t
               for t in shown)
    series = next(d.value for d in at.dataframe if "95 % konfidensintervall" in d.value.columns)
    assert set(series["Område"]) == {"Bygdeå", "Robertsfors"}


def test_a_district_link_without_a_kommun_opens_in_the_districts_own_kommun(monkeypatch,
                                                                           two_kommun_db):
    """A link written before kommuner were in the URL (?district= alone) still opens that
    district, in its own kommun, without a notice; the URL then names the kommun too."""
    at = run_page(monkeypatch, two_kommun_db, "profile", district="2409P02")
    assert not at.info and at.title[0].value == "Bygdeå"
    assert at.selectbox(key="w_kommun").value == "2409"
    assert (at.query_params["kommun"], at.query_params["district"]) == ("2409", "2409P02")
    assert scorecard(at).loc["Valdeltagande, riksdagsval", "Staden"] == f"81,5{NBSP}%"
    unknown = run_page(monkeypatch, two_kommun_db, "profile", district="9999X99")
    assert unknown.selectbox(key="w_kommun").value == "2480"   # the goals' kommun, as before
    assert "Länken innehöll värden som inte kunde användas (district)" in notices(unknown)


def test_a_district_of_another_kommun_falls_back_with_the_notice(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "profile", kommun="2480", district="2409P01")
    assert "Länken innehöll värden som inte kunde användas (district)" in notices(at)
    assert at.title[0].value == "Centrum"
