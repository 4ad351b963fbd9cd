"""What a new user sees at 1440×900 and on a 390×844 phone: changing the map's indicator keeps
the year box, the map's sentence and the URL on one year with no "link held values" notice, and
no figure's label or value is clipped (an element's scrollWidth beyond its clientWidth)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from indicators.data.catalogue import load_catalogue
from indicators.data.store import publish
from indicators.methods.derive import derive
from indicators.text.i18n import translate
from tests.browser.conftest import Servers
from tests.browser.helpers import SCREENSHOTS, SCREENSHOTS_TAKEN, open_page, wait_for_app
from tests.browser.test_map import selectbox_values, wait_for_polygons
from tests.fixtures.dataset import fixture_tables

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
CLIPPED = """() => [...document.querySelectorAll(
    '[data-testid=stMetricLabel], [data-testid=stMetricLabel] *, [data-testid=stMetricValue], '
    + '[data-testid=stMetricValue] *, [data-testid=stMetricDelta] *')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText.trim()).filter(t => t)"""


def sized(page, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    SCREENSHOTS_TAKEN.append(path)


def choose_option(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
    box.locator('input[role="combobox"]').click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(300)
    wait_for_app(page, sidebar=False)


@pytest.mark.parametrize("size", SIZES)
def test_changing_the_indicator_keeps_one_year_and_no_link_notice(app_url, page, size):
    sized(page, size)
    open_page(page, f"{app_url}/map?lang=sv", sidebar=False)
    wait_for_polygons(page, 4)
    shoot(page, f"map-{size}")
    safety = load_catalogue(demo=True).indicator("perceived_safety").name("sv")
    choose_option(page, translate("indicator", "sv"), safety)
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('indicator') === 'perceived_safety'")
    wait_for_app(page, sidebar=False)
    shoot(page, f"map-indicator-changed-{size}")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Länken innehöll" not in text
    assert selectbox_values(page)[translate("year", "sv")] == "2019"   # nearest to 2018
    assert parse_qs(urlsplit(page.url).query)["year"] == ["2019"]
    assert "2019:" in text and "2018 finns inte" in text     # the sentence and the quiet note


@pytest.fixture(scope="module")
def long_names_url(chromium, tmp_path_factory):
    """The fixture dataset plus the two headline figures with the longest names and units
    (emissions per inhabitant, cars per 1,000 inhabitants), which the fixture lacks: the
    overview's headline row then holds what the real dataset shows. Its own server."""
    tables = fixture_tables()
    catalogue = load_catalogue(demo=True)
    rows = [("ghg_per_capita", 2023, 2.48), ("ghg_per_capita", 2024, 2.72),
            ("cars_per_1000", 2025, 431.0)]
    extra = pd.DataFrame([{
        "indicator_id": indicator, "area_id": "kommun:2480", "year": year, "sex": "total",
        "value": value, "numerator": None, "denominator": None, "quality": "derived",
        "source_id": catalogue.indicator(indicator).source, "suppressed": False}
        for indicator, year, value in rows])
    tables["observation"] = pd.concat([tables["observation"], extra], ignore_index=True)
    folder = tmp_path_factory.mktemp("long_names")
    publish(derive(tables), folder / "long.duckdb", name="Fixture, long names", seed=None,
            note="tests/browser/test_dashboard_layout.py")
    manager = Servers(folder / "long.duckdb", folder, chromium)
    try:
        yield manager.url("public")
    finally:
        manager.stop_all()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", ["overview", "growth", "climate"])
def test_no_figure_label_or_value_is_clipped(long_names_url, page, size, slug):
    sized(page, size)
    open_page(page, f"{long_names_url}/{slug}?lang=sv", sidebar=False)
    page.wait_for_timeout(500)
    shoot(page, f"{slug}-{size}")
    text = page.locator('[data-testid="stMain"]').inner_text()
    if slug == "overview":   # the long names are there, in full, above their figures
        for indicator in ("ghg_per_capita", "cars_per_1000"):
            assert load_catalogue(demo=True).indicator(indicator).name("sv") in text
    assert page.locator('[data-testid="stMetric"]').count() > 0
    assert page.evaluate(CLIPPED) == []
