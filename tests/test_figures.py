"""Figure builders: data text escaped for plotly, each polygon sent once, words in legends."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import shapely

from indicators.views import figures

SQUARES = pd.DataFrame({
    "area_id": ["district:a", "district:b", "district:c"],
    "map_geojson": [shapely.to_geojson(shapely.box(20 + i, 63.8, 20.5 + i, 64.0).reverse())
                    for i in range(3)],
})
LEGEND = {"value": "Värde", "suppressed": "Skyddat (..)", "no_data": "Inga data",
          "illustrative": "Illustrativa värden"}


def test_chart_text_escapes_html_for_plotly():
    assert figures.chart_text("Sävar <img src=x onerror=alert(1)> & co") == (
        "Sävar &lt;img src=x onerror=alert(1)&gt; &amp; co")


def map_of(values, suppressed, illustrative=False):
    areas = pd.DataFrame({"area_id": SQUARES["area_id"], "name": ["A", "<b>B</b>", "C"],
                          "value": values, "suppressed": suppressed,
                          "hover": ["h1", "h2", "h3"]})
    return figures.choropleth(figures.feature_collection(SQUARES), areas,
                              colour_title="Turnout", direction=1, legend=LEGEND, lang="sv",
                              unit="percent", decimals=1, illustrative=illustrative)


def test_each_polygon_is_sent_once_and_states_have_words():
    figure = map_of([80.0, None, None], [False, False, True])
    traces = {t.name: t for t in figure.data}
    assert set(traces) == {"Värde", "Skyddat (..)", "Inga data"}
    features = [f["id"] for t in figure.data for f in t.geojson["features"]]
    assert sorted(features) == ["district:a", "district:b", "district:c"]
    assert list(traces["Inga data"].locations) == ["district:b"]
    assert traces["Inga data"].customdata[0][0] == "&lt;b&gt;B&lt;/b&gt;"


def test_map_hovers_show_exactly_name_and_hover_with_shared_words_once():
    """The hover a user sees is `<b>name</b><br>hover`, whatever the areas share; what every
    area shares (year, unit, quality, the interval's words) is in the template once."""
    from tests.pages import hover_texts

    hovers = ["80,0\u00a0%<br>År 2022<br>Kvalitet: officiell<br>95 % konfidensintervall "
              "77,4–82,3\u00a0%",
              "7,5\u00a0%<br>År 2022<br>Kvalitet: härledd",                 # no interval
              "100,0\u00a0%<br>År 2022<br>Kvalitet: officiell<br>95 % konfidensintervall "
              "96,3–100,0\u00a0%"]
    cases = [hovers, [hovers[0], hovers[2], hovers[0]], ["h", "h", "h"], ["", "a", "{b}"],
             ["x %{y}", "x", "<br><br>z"]]
    for case in cases:
        areas = pd.DataFrame({"area_id": SQUARES["area_id"], "name": ["A", "<b>B</b>", "C"],
                              "value": [80.0, 7.5, 100.0], "suppressed": [False] * 3,
                              "hover": case})
        trace = json.loads(figures.choropleth(
            figures.feature_collection(SQUARES), areas, colour_title="t", direction=1,
            legend=LEGEND, lang="sv", unit="percent", decimals=1,
            illustrative=False).to_json())["data"][0]
        assert hover_texts(trace) == [f"<b>{n}</b><br>{h}" for n, h in
                                      zip(["A", "&lt;b&gt;B&lt;/b&gt;", "C"], case, strict=True)]
    shared = json.loads(map_of([80.0, 7.5, 100.0], [False] * 3).to_json())["data"][0]
    assert shared["customdata"] == [["A", "1"], ["&lt;b&gt;B&lt;/b&gt;", "2"], ["C", "3"]]
    assert shared["hovertemplate"] == (
        "<b>%{customdata[0]}</b><br>h%{customdata[1]}<extra></extra>")      # h1, h2, h3
    areas = pd.DataFrame({"area_id": SQUARES["area_id"], "name": ["A", "B", "C"],
                          "value": [80.0, 7.5, 100.0], "suppressed": [False] * 3,
                          "hover": [hovers[0], hovers[2], hovers[0]]})
    trace = json.loads(figures.choropleth(
        figures.feature_collection(SQUARES), areas, colour_title="t", direction=1,
        legend=LEGEND, lang="sv", unit="percent", decimals=1, illustrative=False).to_json()
        )["data"][0]
    assert trace["hovertemplate"].count("Kvalitet: officiell") == 1
    assert trace["hovertemplate"].count("95 % konfidensintervall") == 1
    assert not any("År" in cell or "%" in cell for row in trace["customdata"] for cell in row)


def test_illustrative_values_get_a_legend_entry():
    figure = map_of([80.0, 70.0, 60.0], [False, False, False], illustrative=True)
    assert "Illustrativa värden" in [t.name for t in figure.data]


def test_lower_is_better_reverses_the_scale():
    figure = map_of([80.0, 70.0, 60.0], [False, False, False])
    assert not figure.data[0].reversescale
    areas = pd.DataFrame({"area_id": ["district:a"], "name": ["A"], "value": [1.0],
                          "suppressed": [False], "hover": ["h"]})
    lower = figures.choropleth(figures.feature_collection(SQUARES), areas, colour_title="t",
                               direction=-1, legend=LEGEND, lang="en", unit="tonnes",
                               decimals=0, illustrative=False)
    assert lower.data[0].reversescale


def test_swedish_number_marks():
    assert figures.separators("sv") == ",\u00a0" and figures.separators("en") == ".,"
    series = pd.DataFrame({"year": [2014, 2018], "value": [80.0, 82.0], "name": ["A", "A"]})
    figure = figures.time_series(series, name_column="name", unit="percent", decimals=1,
                                 lang="sv")
    assert json.loads(figure.to_json())["layout"]["separators"] == ",\u00a0"


def test_axes_carry_units_and_negative_bar_labels_stay_off_the_names():
    goal = figures.goal_chart(pd.DataFrame({"year": [2015, 2025], "value": [1.0, 2.0]}),
                              pd.DataFrame({"year": [2015, 2050], "value": [1.0, 3.0]}),
                              observed_name="o", path_name="p", unit="persons", decimals=0,
                              lang="sv", target_year=2050, target_value=3.0)
    assert goal.layout.yaxis.title.text == "personer"
    bars = figures.ranked_bars(pd.DataFrame({"name": ["A", "B"], "value": [33.1, -5.9]}),
                               unit="percent", decimals=1, lang="sv", city_value=10.0,
                               city_label="Hela kommunen")
    assert bars.layout.xaxis.title.text == "procent"
    low, high = bars.layout.xaxis.range
    assert low < -5.9 - 0.15 * 39 and high > 33.1 + 0.15 * 39   # room for both end labels
    assert bars.data[0].textposition == "auto"   # inside the bar's end when it fits


def test_a_series_keeps_the_style_it_has_elsewhere_on_the_page():
    frame = pd.DataFrame({"series": ["Kvinnor", "Kvinnor", "Män", "Män"],
                          "year": [2019, 2020, 2019, 2020], "value": [1.0, 2.0, 3.0, 4.0]})
    figure = figures.time_series(frame, name_column="series", unit="percent", decimals=1,
                                 lang="sv", styles={"Kvinnor": (figures.VERMILLION, "circle")})
    by_name = {t.name: t for t in figure.data}
    assert by_name["Kvinnor"].line.color == figures.VERMILLION
    assert by_name["Män"].line.color != figures.VERMILLION
    assert figure.layout.yaxis.title.text == "procent"


def test_ranked_bars_hover_reads_the_labels_and_one_colour_serves_all_bars():
    """The hover says "area: label" from the bars' own text (no second copy of the labels);
    without a highlight every bar has the one colour, with one the highlighted bar is orange."""
    frame = pd.DataFrame({"name": ["A", "<b>B</b>", "C"], "value": [33.1, 5.9, 1.0]})
    plain = json.loads(figures.ranked_bars(frame, unit="percent", decimals=1,
                                           lang="sv").to_json())["data"][0]
    assert plain["hovertemplate"] == "%{y}: %{text}<extra></extra>" and "customdata" not in plain
    assert plain["text"] == ["33,1\u00a0%", "5,9\u00a0%", "1,0\u00a0%"]
    assert plain["y"][1] == "&lt;b&gt;B&lt;/b&gt;"
    assert plain["marker"]["color"] == figures.BLUE
    marked = figures.ranked_bars(frame, unit="percent", decimals=1, lang="sv", highlight="C")
    assert list(marked.data[0].marker.color) == [figures.BLUE, figures.BLUE, figures.ORANGE]


def _builders(module):
    """Every figure builder of `module` (figures, or the reference) on representative frames."""
    years = pd.DataFrame({"year": [2015, 2020, 2025], "value": [1.0, 2.5, 3.0]})
    path = pd.DataFrame({"year": [2015, 2050], "value": [1.0, 4.0]})
    series = pd.DataFrame({"year": list(range(2005, 2025)) * 2,
                           "value": [float(v) for v in range(40)], "low": 0.5, "high": 9.5,
                           "name": ["A"] * 20 + ["<b>B</b>"] * 20})
    short = series[series["year"] >= 2019]
    bars = pd.DataFrame({"name": ["A", "B", "<i>C</i>"], "value": [33.1, -5.9, None]})
    sectors = pd.DataFrame({"year": [2020, 2020, 2021, 2021], "sector": ["s", "t", "s", "t"],
                            "value": [1.0, 2.0, 3.0, 4.0]})
    areas = pd.DataFrame({"area_id": SQUARES["area_id"], "name": ["A", "<b>B</b>", "C"],
                          "value": [80.0, None, 70.0], "suppressed": [False, True, False],
                          "hover": ["h1", "..", "h3"]})
    geometry = figures.feature_collection(SQUARES)
    extent = ((20.0, 23.0), (63.8, 64.0))
    maps = dict(colour_title="Turnout", direction=1, legend=LEGEND | {"selected": "Valt"},
                unit="percent", decimals=1)
    return {
        "goal": module.goal_chart(years, path, observed_name="o", path_name="p",
                                  unit="persons", decimals=0, lang="sv", target_year=2050,
                                  target_value=4.0),
        "series": module.time_series(series, name_column="name", unit="percent", decimals=1,
                                     lang="en", low="low", high="high",
                                     styles={"A": (figures.GREEN, "square")}),
        "series_short": module.time_series(short, name_column="name", unit="count",
                                           decimals=0, lang="sv"),
        "bars": module.ranked_bars(bars, unit="percent", decimals=1, lang="sv",
                                   highlight="B", city_value=10.0, city_label="<Stad>"),
        "bars_plain": module.ranked_bars(bars.iloc[:1], unit="sek_thousands", decimals=0,
                                         lang="en"),
        "bars_empty": module.ranked_bars(bars.iloc[:0], unit="sek_thousands", decimals=0,
                                         lang="en", city_value=float("nan")),
        "stacked": module.stacked_area(sectors, series_column="sector", unit="tonnes",
                                       decimals=0, lang="sv", order=["t", "s"]),
        "map_url": module.choropleth("/app/static/geo/x.geojson", areas, lang="sv",
                                     illustrative=True, extent=extent, **maps),
        "map_focus": module.choropleth(geometry, areas, lang="en", illustrative=False,
                                       selected="district:a", focus=extent, height=720, **maps),
        "map_fit": module.choropleth("/app/static/geo/x.geojson", areas.iloc[1:2], lang="en",
                                     illustrative=False, **maps),
        "layout": module.layout(go.Figure(go.Scatter(x=[1], y=[2])), title="<T>", height=300,
                                lang="en", x_title="år", y_title="procent"),
        "layout_plain": module.layout(go.Figure(go.Bar(x=[1], y=[2])).update_xaxes(range=[0, 3])),
    }


def test_every_builder_makes_the_figure_it_made_with_updates():
    """The layout given at construction, not put on with update_* calls afterwards: the same
    figure (tests/fixtures/figures_reference.py keeps the builders as they were)."""
    from tests.fixtures import figures_reference

    new, old = _builders(figures), _builders(figures_reference)
    for name, figure in new.items():
        assert json.loads(figure.to_json()) == json.loads(old[name].to_json()), name
