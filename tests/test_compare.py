"""Tests for indicators.views.compare and compare_scatter: defaults, ranking, the animated scatter
and its relationship in words, and the comparison tables, with hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.data.catalogue import load_catalogue
from indicators.views import compare, compare_scatter, figures

NBSP = "\u00a0"
CATALOGUE = load_catalogue(demo=True)
TURNOUT = CATALOGUE.indicator("turnout_riksdag")
SAFETY = CATALOGUE.indicator("perceived_safety")
TRANSIT = CATALOGUE.indicator("transit_distance")  # lower is better
NAMES = {"district:A": "Alfa", "district:B": "Beta", "district:C": "Gamma",
         "district:D": "Sävar <img src=x onerror=alert(1)>", "district:E": "Epsilon"}


def obs(indicator_id, area, year, value, *, suppressed=False, quality="derived"):
    return {"indicator_id": indicator_id, "area_id": area, "area_name": NAMES.get(area, area),
            "year": year, "sex": "total", "value": math.nan if suppressed else value,
            "numerator": None, "denominator": None, "quality": quality,
            "source_id": "valmyndigheten", "suppressed": suppressed}


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


# --- defaults ---------------------------------------------------------------------------------

def test_largest_areas_latest_year_then_name_and_missing_last():
    sizes = frame(obs("eligible_voters", "district:A", 2018, 500),
                  obs("eligible_voters", "district:B", 2018, 900),
                  obs("eligible_voters", "district:C", 2018, 900),
                  obs("eligible_voters", "district:D", 2018, 0, suppressed=True),
                  obs("eligible_voters", "district:E", 2014, 5000))
    assert compare.largest_areas(sizes, 3) == ["district:B", "district:C", "district:A"]
    assert compare.largest_areas(sizes, 10)[-1] == "district:D"
    assert compare.largest_areas(frame(), 5) == []
    # Within a kommun's districts only (a national database holds every district).
    assert compare.largest_areas(sizes, 2, within=["district:A", "district:C"]) == [
        "district:C", "district:A"]
    assert compare.largest_areas(sizes, 2, within=[]) == []


def test_default_synthetic_is_the_first_judged_illustrative_indicator():
    available = ["turnout_riksdag", "perceived_safety"]
    assert compare.default_synthetic(CATALOGUE.indicators, available) == "perceived_safety"
    # share_65_plus is illustrative but context (direction 0): never the default
    assert compare.default_synthetic(CATALOGUE.indicators, ["share_65_plus"]) is None


@pytest.mark.parametrize(("years", "wanted", "expected"), [
    ([2014, 2018], 2018, 2018), ([2019, 2020, 2024], 2018, 2019), ([2014, 2022], 2018, 2014),
    ([2010, 2030], 2020, 2010), ([], 2018, None)])
def test_nearest_year(years, wanted, expected):
    assert compare.nearest_year(years, wanted) == expected


def test_default_axes_prefers_chosen_pairs_then_chosen_with_others():
    years = {"t": [2014, 2018], "s": [2019, 2020, 2021], "e": [2014, 2018], "i": [2019, 2020],
             "j": [2019, 2020, 2021]}
    assert compare.default_axes(["s", "j"], ["t", "e"], years) == ("s", "j")
    # chosen t, s share no year: t with e (2 years) loses to s with j (3 years)
    assert compare.default_axes(["t", "s"], ["t", "s", "e", "i", "j"], years) == ("s", "j")
    assert compare.default_axes(["t"], ["t", "e"], years) == ("t", "e")
    assert compare.default_axes(["t", "s"], [], years) == ("t", "s")
    assert compare.default_axes(["t"], ["t"], years) is None


# --- ranking ----------------------------------------------------------------------------------

def _turnout():
    return frame(obs("turnout_riksdag", "district:A", 2018, 92.0),
                 obs("turnout_riksdag", "district:B", 2018, 78.0),
                 obs("turnout_riksdag", "district:C", 2018, 0, suppressed=True),
                 obs("turnout_riksdag", "district:D", 2018, 86.0))


def test_ranked_best_first_suppressed_and_missing_last():
    areas = ["district:B", "district:C", "district:E", "district:A", "district:D"]
    rows = compare.ranked(_turnout(), areas, NAMES, TURNOUT.direction)
    assert rows["area_id"].tolist() == ["district:A", "district:D", "district:B", "district:C",
                                        "district:E"]
    assert rows["published"].tolist() == [True, True, True, False, False]
    assert rows["suppressed"].tolist() == [False, False, False, True, False]
    assert math.isnan(rows["value"].iloc[3]) and math.isnan(rows["value"].iloc[4])
    lowest_first = compare.ranked(_turnout(), areas, NAMES, -1)
    assert lowest_first["area_id"].tolist()[:3] == ["district:B", "district:D", "district:A"]


def test_bar_frame_draws_only_published_values_with_safe_names():
    rows = compare.ranked(_turnout(), list(NAMES), NAMES, 1)
    bars = compare.bar_frame(rows)
    assert bars["value"].tolist() == [92.0, 86.0, 78.0]
    assert bars["name"].tolist()[1] == NAMES["district:D"]   # figures.ranked_bars escapes it
    figure = figures.ranked_bars(bars, unit="percent", decimals=1, lang="sv")
    assert figure.data[0].y[1] == "Sävar &lt;img src=x onerror=alert(1)&gt;"
    table = compare.ranked_table(rows, TURNOUT, CATALOGUE, "sv")
    assert table["Värde"].tolist() == [f"92,0{NBSP}%", f"86,0{NBSP}%", f"78,0{NBSP}%", "..",
                                       "Inga data"]
    assert table["Område"].tolist()[1] == NAMES["district:D"]  # the table shows the name as is
    highest, lowest = compare.extremes(rows)
    assert (highest["name"], lowest["name"]) == ("Alfa", "Beta")


def test_city_value_and_shared_sexes():
    assert compare.city_value(frame(obs("turnout_riksdag", "kommun:2480", 2018, 88.76))) == 88.76
    assert compare.city_value(frame(obs("turnout_riksdag", "kommun:2480", 2018, 0,
                                        suppressed=True))) is None
    membership = CATALOGUE.indicator("association_membership")   # both by sex (demo)
    assert compare.shared_sexes([SAFETY, membership]) == ["total", "women", "men"]
    assert compare.shared_sexes([SAFETY, TURNOUT]) == ["total"]


# --- scatter ----------------------------------------------------------------------------------

def _pairs():
    """x and y for A, B, C, D in 2019 and 2020; D's y in 2020 is suppressed, E is not chosen."""
    xs, ys = [], []
    for year, values in ((2019, [(1, 1), (2, 3), (3, 2), (4, 4)]),
                         (2020, [(1, 6), (2, 4), (3, 2), (4, 9)])):
        for area, (x, y) in zip("ABCD", values, strict=True):
            xs.append(obs("x", f"district:{area}", year, float(x), quality="synthetic"))
            ys.append(obs("y", f"district:{area}", year, float(y), quality="synthetic",
                          suppressed=(area == "D" and year == 2020)))
        xs.append(obs("x", "district:E", year, 10.0))
        ys.append(obs("y", "district:E", year, 10.0))
    return frame(*xs), frame(*ys)


def test_scatter_frame_keeps_published_pairs_of_chosen_areas():
    xs, ys = _pairs()
    data = compare_scatter.scatter_frame(xs, ys, ["district:A", "district:B", "district:C",
                                          "district:D"], NAMES)
    assert data.groupby("year").size().to_dict() == {2019: 4, 2020: 3}
    assert "district:E" not in set(data["area_id"])
    assert data[data["year"] == 2019]["name"].tolist()[0] == "Alfa"


def test_correlation_by_hand():
    """x 1, 2, 3, 4 and y 1, 3, 2, 4: deviations ±1.5, ±0.5; Σdx·dy = 2.25 − 0.25 − 0.25 +
    2.25 = 4, Σdx² = Σdy² = 5 → r = 4/5 = 0.8 (strong, positive)."""
    xs, ys = _pairs()
    data = compare_scatter.scatter_frame(xs, ys, list(NAMES)[:4], NAMES)
    r, n = compare_scatter.correlation(data[data["year"] == 2019])
    assert (r, n) == (pytest.approx(0.8), 4)
    assert compare_scatter.relationship(r, n) == "strong_positive"


@pytest.mark.parametrize(("r", "n", "key"), [
    (None, 2, "too_few"), (None, 4, "no_variation"), (0.29, 5, "weak"), (-0.1, 5, "weak"),
    (0.3, 5, "moderate_positive"), (-0.5, 5, "moderate_negative"),
    (0.6996, 5, "strong_positive"),  # shown as 0,70: the words follow the number shown
    (-0.9, 5, "strong_negative")])
def test_relationship_words(r, n, key):
    assert compare_scatter.relationship(r, n) == key


def test_relationship_sentence_latest_year():
    """2020: x 1, 2, 3 and y 6, 4, 2 (D suppressed) → r = −1, strong negative, 3 districts."""
    xs, ys = _pairs()
    data = compare_scatter.scatter_frame(xs, ys, list(NAMES)[:4], NAMES)
    sentence = compare_scatter.relationship_sentence(data, "Medianinkomst", "Trygghet", "sv",
                                             synthetic=True)
    assert sentence.startswith("2020: när medianinkomst är högre är trygghet lägre")
    assert "(r = −1,00)" in sentence and "de 3 valda" in sentence
    assert sentence.endswith("(Illustrativa data.)")
    empty = compare_scatter.relationship_sentence(data.iloc[:0], "X", "Y", "en")
    assert "share no year" in empty


def test_scatter_figure_has_one_frame_per_year_with_labels_symbols_and_palette():
    xs, ys = _pairs()
    data = compare_scatter.scatter_frame(xs, ys, list(NAMES)[:4], NAMES)
    figure = compare_scatter.scatter_figure(data, x=SAFETY, y=TRANSIT, lang="sv")
    assert [f.name for f in figure.frames] == ["2019", "2020"]
    traces = figure.frames[0].data
    assert len(traces) == 4
    assert {t.marker.color for t in traces} <= set(compare_scatter.PALETTE)
    assert len({t.marker.symbol for t in traces}) == 4
    assert "Sävar &lt;img src=x onerror=alert(1)&gt;" in {t.text[0] for t in traces}
    assert all(t.mode == "markers+text" for t in traces)
    assert figures.BLUE in compare_scatter.PALETTE and "#F0E442" not in compare_scatter.PALETTE
    labels = [t.customdata[0][1] for t in traces]
    assert labels[0] == f"1,0{NBSP}%"
    # axes keep one range over all years: y from 1 (2019) to 6 (2020; D's 9 is suppressed)
    assert figure.layout.xaxis.range[0] < 1 < 4 < figure.layout.xaxis.range[1]
    assert figure.layout.yaxis.range[0] < 1 and 6 < figure.layout.yaxis.range[1] < 9
    table = compare_scatter.scatter_table(data, SAFETY, TRANSIT, "en")
    assert len(table) == 7 and table.iloc[0, 3] == f"1{NBSP}m"
    # it opens on the latest year, the one its sentence describes
    assert figure.layout.sliders[0].active == 1
    latest = {t.name: list(t.x) for t in figure.frames[-1].data}
    assert {t.name: list(t.x) for t in figure.data if len(t.x)} == latest


# --- the scatter as plotly express made it: the oracle for the direct spec --------------------

def _px_scatter_figure(frame, *, x, y, lang):
    """compare_scatter.scatter_figure as it was written with plotly express (before
    2026-12-02): the figure the direct spec must equal."""
    import plotly.express as px

    from indicators.text.formatting import format_value
    from indicators.text.i18n import translate
    from indicators.views.compare_scatter import PALETTE, SYMBOLS, axis_unit, label_positions
    from indicators.views.figures import chart_text

    def place(traces, x_range, y_range):
        found = [(t, [v for v in (t.x or ()) if v is not None],
                  [v for v in (t.y or ()) if v is not None]) for t in traces]
        points = [(t, xs[0], ys[0]) for t, xs, ys in found if xs and ys]
        sides = label_positions([(px_, py_, str(t.name)) for t, px_, py_ in points],
                                x_range, y_range)
        for (trace, _, _), side in zip(points, sides, strict=True):
            trace.textposition = side

    def open_on_latest_year(figure):
        if not figure.frames:
            return
        latest = {trace.name: trace for trace in figure.frames[-1].data}
        for trace in figure.data:
            if trace.name in latest:
                for field in ("x", "y", "text", "customdata", "textposition"):
                    trace[field] = latest[trace.name][field]
            else:
                trace.x, trace.y, trace.text, trace.customdata = [], [], [], []
        figure.layout.sliders[0].active = len(figure.frames) - 1
    data = frame.copy()
    data["label"] = data["name"].map(chart_text)
    data["x_text"] = [format_value(v, x.unit, x.decimals, lang) for v in data["x"]]
    data["y_text"] = [format_value(v, y.unit, y.decimals, lang) for v in data["y"]]
    x_name, y_name = x.name(lang), y.name(lang)

    def padded(column: str) -> list[float]:
        low, high = float(data[column].min()), float(data[column].max())
        pad = (high - low) * 0.12 or max(abs(high) * 0.05, 1.0)
        return [low - pad, high + pad]

    labels = list(dict.fromkeys(data["label"]))
    x_range = padded("x")
    figure = px.scatter(
        data, x="x", y="y", animation_frame="year", animation_group="area_id", text="label",
        color="label", symbol="label", color_discrete_sequence=PALETTE,
        symbol_sequence=SYMBOLS, category_orders={"label": labels,
                                                  "year": sorted(data["year"].unique())},
        custom_data=["label", "x_text", "y_text"], range_x=x_range, range_y=padded("y"),
        labels={"x": chart_text(x_name + axis_unit(x, lang)),
                "y": chart_text(y_name + axis_unit(y, lang)), "label": "",
                "year": translate("year", lang)})
    template = ("<b>%{customdata[0]}</b><br>" + chart_text(x_name) + ": %{customdata[1]}<br>"
                + chart_text(y_name) + ": %{customdata[2]}<extra></extra>")
    figure.update_traces(marker=dict(size=13, line=dict(color=figures.BLACK, width=1)),
                         hovertemplate=template, cliponaxis=False)
    y_range = padded("y")
    place(figure.data, x_range, y_range)
    for animation_frame in figure.frames:
        for trace in animation_frame.data:
            trace.hovertemplate = template
            trace.cliponaxis = False
        place(animation_frame.data, x_range, y_range)
    open_on_latest_year(figure)
    figures.layout(figure, height=520, lang=lang)
    figure.update_layout(margin=dict(l=10, r=10, t=30, b=10), showlegend=False)
    figure.update_xaxes(showgrid=True, gridcolor="#d9d9d9", tickformat=",~r")
    return figure


@pytest.mark.parametrize("case", ["four_areas_two_years", "one_year", "same_indicator",
                                  "late_area", "missing_latest", "many_years"])
def test_the_direct_scatter_spec_equals_what_plotly_express_made(case):
    """The figure (data, frames, layout) is the one plotly express built, on frames that
    cover a district present only in later years, one missing in the latest year, a single
    year, the same indicator on both axes and 5 districts over 20 years."""
    import json

    import plotly.io as pio

    xs, ys = _pairs()
    data = compare_scatter.scatter_frame(xs, ys, list(NAMES)[:4], NAMES)
    x, y = SAFETY, TRANSIT
    if case == "one_year":
        data = data[data["year"] == data["year"].max()]
    elif case == "same_indicator":
        x = y = SAFETY
    elif case == "late_area":
        data = data[~((data["year"] == 2019) & (data["area_id"] == "district:A"))]
    elif case == "missing_latest":
        data = data[~((data["year"] == 2020) & (data["area_id"] == "district:B"))]
    elif case == "many_years":
        areas = list(NAMES)
        data = pd.DataFrame([{"area_id": a, "name": NAMES[a], "year": 2005 + k,
                              "x": 50.0 + 3 * i + k * 0.5, "y": 100.0 - 7 * i + k}
                             for k in range(20) for i, a in enumerate(areas)])
        x, y = TURNOUT, TRANSIT
    for lang in ("sv", "en"):
        new = compare_scatter.scatter_figure(data.reset_index(drop=True), x=x, y=y, lang=lang)
        old = _px_scatter_figure(data.reset_index(drop=True), x=x, y=y, lang=lang)
        assert json.loads(pio.to_json(new)) == json.loads(pio.to_json(old))


# --- tables -----------------------------------------------------------------------------------

def test_comparison_tables_wide_for_screen_long_for_download():
    areas = ["district:A", "district:C", "district:E"]
    safety = frame(obs("perceived_safety", "district:A", 2024, 79.0, quality="synthetic"),
                   obs("perceived_safety", "district:C", 2024, 84.0, quality="synthetic"))
    wide, long = compare.comparison_tables(
        [(TURNOUT, 2018, _turnout()), (SAFETY, 2024, safety)], areas, NAMES, CATALOGUE,
        "total", "en")
    assert list(wide.columns) == ["Area", "Voter turnout, Riksdag election (2018)",
                                  "Feels safe outdoors in the evening (illustrative) (2024)",
                                  "Quality"]
    assert wide.iloc[:, 1].tolist() == ["92.0%", "..", "No data"]
    assert wide.iloc[:, 2].tolist() == ["79.0%", "84.0%", "No data"]
    assert wide["Quality"].tolist()[0] == "derived, synthetic (illustrative)"
    assert len(long) == 6
    assert long["Value"].tolist()[:2] == [92.0, pytest.approx(math.nan, nan_ok=True)]
    assert long["Note"].tolist()[:3] == ["", "suppressed (..): too few people", "No data"]
    assert set(long["Sex"]) == {"Total"}


def test_close_points_get_labels_on_sides_that_do_not_collide():
    """The real-data case that collided: Ålidhem (302.5, 78.5) and Backen (330, 78.4) on a
    245–380 × 74.5–83.5 plot. Backen lies right of the middle, so its label pointed left, onto
    Ålidhem's label pointing right, both on top. No two label boxes may overlap now."""
    points = [(302.5, 78.5, "Ålidhemsområdet"), (330.0, 78.4, "Backenområdet"),
              (346.0, 81.5, "Centrala Umeå"), (368.0, 82.3, "Tegsområdet"),
              (333.5, 76.6, "Marieområdet")]
    sides = compare_scatter.label_positions(points, (245, 380), (74.5, 83.5))
    boxes = []
    for (x, y, name), side in zip(points, sides, strict=True):
        fx, fy = (x - 245) / 135, (y - 74.5) / 9
        width = compare_scatter._CHAR_WIDTH * len(name)
        left = fx - width if "left" in side else fx
        bottom = fy if "top" in side else fy - compare_scatter._LABEL_HEIGHT
        boxes.append((left, bottom, left + width, bottom + compare_scatter._LABEL_HEIGHT))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or a[0] >= b[2] or a[3] <= b[1] or a[1] >= b[3], (sides, a, b)
    assert sides[1] != "top left"   # the side that ran Backen's label into Ålidhem's


def test_scatter_axes_name_their_units():
    catalogue = load_catalogue()
    turnout = catalogue.indicator("turnout_riksdag")
    frame = pd.DataFrame({"area_id": ["a", "b", "c"], "name": ["A", "B", "C"],
                          "year": [2018] * 3, "x": [80.0, 85.0, 90.0], "y": [70.0, 75.0, 72.0]})
    figure = compare_scatter.scatter_figure(frame, x=turnout, y=turnout, lang="sv")
    assert figure.layout.xaxis.title.text.endswith(", procent")


def test_bars_sentence_names_highest_and_lowest_or_says_there_is_nothing():
    rows = pd.DataFrame({"name": ["Centrum", "Ålidhem"], "value": [92.0, 78.0],
                         "published": [True, True]})
    assert compare.bars_sentence(rows, TURNOUT, 2018, "sv") == (
        "Valdeltagande, riksdagsval 2018: högst i Centrum (92,0\u00a0%), lägst i Ålidhem "
        "(78,0\u00a0%).")
    empty = rows.assign(published=False)
    assert "2018" in compare.bars_sentence(empty, TURNOUT, 2018, "en")


def test_the_scatter_reads_only_the_chosen_districts_and_shows_the_same(fixture_store,
                                                                        monkeypatch):
    """A few chosen districts are read one by one (not every district of the level: 6,000 at
    national scale), many at once; both give the same scatter."""
    from tests.fixtures.published import StoreData

    class Counting(StoreData):
        def __init__(self, store):
            super().__init__(store)
            self.reads = []

        def observations(self, indicator, *, level=None, year=None, sex="total", area=None):
            self.reads.append((indicator, level, year, sex, area))
            return super().observations(indicator, level=level, year=year, sex=sex, area=area)

    catalogue = load_catalogue()
    x, y = catalogue.indicator("turnout_riksdag"), catalogue.indicator("eligible_voters")
    districts = fixture_store.areas("district")
    areas = list(districts["area_id"])[:3]
    names = dict(zip(districts["area_id"], districts["name"], strict=True))
    few = Counting(fixture_store)
    one_by_one = compare_scatter.scatter_view(few, x, y, "women", areas, names, "sv")
    assert sorted(few.reads) == sorted((i, "district", None, "total", a)
                                       for i in (x.id, y.id) for a in areas)
    monkeypatch.setattr(compare_scatter, "AREA_READS", 2)
    many = Counting(fixture_store)
    at_once = compare_scatter.scatter_view(many, x, y, "women", areas, names, "sv")
    assert many.reads == [(x.id, "district", None, "total", None),
                          (y.id, "district", None, "total", None)]
    assert one_by_one[:2] == at_once[:2] and one_by_one[2] is not None
    assert one_by_one[2][1].equals(at_once[2][1])                       # the table
    assert one_by_one[2][0].to_json() == at_once[2][0].to_json()        # the figure
