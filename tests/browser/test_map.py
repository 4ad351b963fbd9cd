"""The map page in a real browser: polygons drawn offline, deep links, a click opens a profile,
and hostile data text shown as text."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from indicators.data.catalogue import load_catalogue
from indicators.text.i18n import translate
from tests.app_pages import PAGES
from tests.browser.helpers import open_page, page_title, wait_for_title
from tests.fixtures.dataset import HOSTILE_NAME

pytestmark = pytest.mark.browser

POLYGONS = ".geo path.choroplethlocation"
PROFILE = next(p for p in PAGES if p.stem == "profile")


def wait_for_polygons(page, count: int) -> None:
    page.wait_for_function(
        f"n => document.querySelectorAll('{POLYGONS}').length >= n", arg=count)


def selectbox_values(page) -> dict[str, str]:
    """Visible label → visible selected text of every select box in the main area."""
    values = {}
    for box in page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').all():
        label = box.locator('[data-testid="stWidgetLabel"]').inner_text().strip()
        values[label] = box.locator('input[role="combobox"]').input_value()
    return values


def test_map_draws_every_district_without_leaving_the_machine(app_url, page, requests_log,
                                                              fixture_store):
    districts = fixture_store.map_geometry("district")
    assert len(districts) == 4  # the fixture's four districts all have geometry
    open_page(page, f"{app_url}/map?lang=sv")
    wait_for_polygons(page, len(districts))
    page.wait_for_load_state("networkidle")
    assert page.locator(POLYGONS).count() == len(districts)
    assert requests_log.foreign() == []
    # The base map's topojson comes from our own static folder, and arrived.
    topojson = [u for u in requests_log.urls
                if urlsplit(u).path.startswith("/app/static/topojson/")]
    assert topojson, "the map never asked for its local topojson"
    assert all(requests_log.statuses.get(u) == 200 for u in topojson)
    assert not [u for u in requests_log.failed if u in topojson]
    # The polygons themselves come by URL from the static folder too (once per page load).
    geometry = [u for u in requests_log.urls if urlsplit(u).path.startswith("/app/static/geo/")]
    assert geometry and all(requests_log.statuses.get(u) == 200 for u in geometry)


def test_deep_link_selects_level_indicator_year_and_sex(app_url, page):
    open_page(page, f"{app_url}/map?level=district&indicator=perceived_safety&year=2020"
              "&sex=women&lang=en")
    safety = load_catalogue(demo=True).indicator("perceived_safety")
    assert selectbox_values(page) == {
        translate("level", "en"): translate("level_district", "en"),
        translate("indicator", "en"): safety.name("en"),
        translate("year", "en"): "2020",
        translate("sex", "en"): translate("sex_women", "en"),
        # issue 12: the area chooser beside the map (no area chosen: the whole municipality)
        translate("map_choose_area", "en"): translate("map_whole_city", "en"),
    }
    assert page_title(page) == "Map"
    # Synthetic data is never shown without its label.
    assert page.get_by_text(translate("illustrative_label", "en")).first.is_visible()
    wait_for_polygons(page, 4)
    query = parse_qs(urlsplit(page.url).query)
    assert query["indicator"] == ["perceived_safety"] and query["sex"] == ["women"]


def test_a_click_on_a_district_opens_its_profile(app_url, page, fixture_store):
    # The fixture's districts are squares side by side from west to east.
    west_to_east = fixture_store.areas("district").sort_values("centroid_lon")
    target = west_to_east.iloc[1]
    open_page(page, f"{app_url}/map?lang=sv")
    wait_for_polygons(page, 4)
    boxes = sorted((p.bounding_box() for p in page.locator(POLYGONS).all()),
                   key=lambda box: box["x"])
    box = boxes[1]
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/{PROFILE.slug}?**district={target['code']}**")
    wait_for_title(page, target["name"])
    assert page_title(page) == target["name"] == "Ålidhem"
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["sv"]


def test_hostile_district_name_is_shown_as_text(app_url, page, requests_log):
    open_page(page, f"{app_url}/{PROFILE.slug}?district=2480P04&lang=sv")
    markup = "<img src=x onerror=alert(1)>"
    assert markup in HOSTILE_NAME
    assert page_title(page) == HOSTILE_NAME
    assert page.get_by_text(markup).first.is_visible()
    assert page.locator('img[src="x"]').count() == 0
    assert page.dialogs == []
    text = page.locator('[data-testid="stApp"]').inner_text()
    assert "Traceback" not in text and 'File "' not in text
    assert translate("error_friendly", "sv") not in text
    assert requests_log.foreign() == []


def test_the_hover_says_value_year_quality_and_interval(app_url, page, fixture_store):
    """plotly fills the map's hover template in the browser: Ålidhem's hover names it and says
    its value, year, quality and 95 % interval in Swedish number marks (the words shared by
    every area travel once, in the template)."""
    open_page(page, f"{app_url}/map?lang=sv")
    wait_for_polygons(page, 4)
    boxes = sorted((p.bounding_box() for p in page.locator(POLYGONS).all()),
                   key=lambda box: box["x"])
    box = boxes[1]                                   # Ålidhem, second from the west
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(".hoverlayer .hovertext").first
    label.wait_for()
    text = label.text_content() or ""
    for words in ("Ålidhem", "78,0\u00a0%", "År 2018", "Kvalitet: härledd",
                  "95 % konfidensintervall 75,3–80,5\u00a0%"):
        assert words in text, (words, text)
