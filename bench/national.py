"""A national-scale illustrative dataset: ``python -m bench.national --db PATH``.

About 6,000 district-level areas (DeSO-sized: a jittered Voronoi tessellation with wiggly,
tens-of-vertices boundaries over a Sweden-like outline in EPSG:3006, denser in the south and
around cities) grouped under about 290 kommuner, 40 indicators (the catalogue's own plus
generated ones), 20 years and three sexes: about 15 million observations. EVERYTHING here is
made up by a seeded generator; every indicator is marked illustrative and every observation has
quality ``synthetic``. One kommun is Umeå (``kommun:2480``) so the catalogue's targets apply.

It is built through the app's own path: the same tables as ``indicators.build``, derived by
``indicators.methods.derive`` (or, with ``--derive reference``, by
``indicators.methods.derive_reference``, the plain version it is tested against; very slow at
full size) and published by ``indicators.data.store.publish`` into the same schema. The
indicator metadata is written next to the database
(``<db stem>-metadata/indicators.yaml``, ``sources.yaml``, ``targets.yaml``) and loads with
``indicators.data.catalogue.load_catalogue(folder)``.

Serve it with ``UMEA_DB=PATH make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import yaml

from indicators.build.tables import AREA_LEVELS, catalogue_tables, indicator_table
from indicators.data.catalogue import DATA_DIR, load_catalogue
from indicators.data.store import publish
from indicators.sources import geography

SEED = 6000
FIRST_YEAR = 2005
SOURCE_ID = "synthetic_generator"
UMEA_XY = (758_000.0, 7_087_000.0)          # Umeå centre in EPSG:3006
# Map geometry at national scale: coarser than Umeå's (25 m, 5 decimals) so that a map of all
# areas stays near 1 MB of figure JSON (see docs/performance.md).
MAP_TOLERANCE_M = 250.0
MAP_DECIMALS = 3

# A rough outline of Sweden in EPSG:3006 (SWEREF 99 TM), clockwise from the south tip.
OUTLINE = [
    (387_000, 6_133_000), (374_000, 6_164_000), (358_000, 6_215_000), (369_000, 6_283_000),
    (319_000, 6_400_000), (280_000, 6_543_000), (332_000, 6_645_000), (354_000, 6_766_000),
    (355_000, 6_935_000), (402_000, 7_100_000), (477_000, 7_265_000), (560_000, 7_450_000),
    (626_000, 7_590_000), (721_000, 7_665_000), (880_000, 7_460_000), (915_000, 7_320_000),
    (830_000, 7_285_000), (782_000, 7_190_000), (758_000, 7_087_000), (619_000, 6_920_000),
    (617_000, 6_729_000), (724_000, 6_636_000), (598_000, 6_403_000), (583_000, 6_280_000),
    (536_000, 6_225_000), (440_000, 6_150_000),
]
# Population centres (x, y, share of areas, spread in metres).
CITIES = [
    (674_000, 6_580_000, 0.16, 18_000), (319_000, 6_400_000, 0.09, 14_000),
    (374_000, 6_164_000, 0.06, 12_000), (647_000, 6_639_000, 0.02, 7_000),
    (536_000, 6_470_000, 0.02, 7_000), (514_000, 6_573_000, 0.02, 7_000),
    (446_000, 6_580_000, 0.02, 7_000), (447_000, 6_404_000, 0.02, 7_000),
    (758_000, 7_087_000, 0.02, 7_000), (617_000, 6_729_000, 0.015, 6_000),
    (619_000, 6_920_000, 0.015, 6_000), (830_000, 7_285_000, 0.012, 6_000),
    (369_000, 6_283_000, 0.012, 6_000), (358_000, 6_215_000, 0.012, 6_000),
    (583_000, 6_280_000, 0.01, 5_000), (536_000, 6_225_000, 0.01, 5_000),
    (438_000, 6_305_000, 0.01, 5_000), (468_000, 6_725_000, 0.01, 5_000),
    (507_000, 6_896_000, 0.008, 5_000), (605_000, 6_496_000, 0.01, 5_000),
]
TARGET_COLUMNS = ["target_id", "indicator_id", "area_id", "base_year", "target_year",
                  "target_value", "rule", "name_sv", "name_en", "stated_sv", "stated_en",
                  "measurable_sv", "measurable_en"]
_LAN = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18",
        "19", "20", "21", "22", "23", "24", "25"]
_PREFIX = ["Björk", "Ljung", "Sand", "Ek", "Gran", "Berg", "Sjö", "Ål", "Lind", "Hag", "Mal",
           "Norr", "Sör", "Väst", "Öst", "Ny", "Hall", "Ros", "Strand", "Fors", "Älv", "Ås"]
_SUFFIX = ["by", "vik", "köping", "holm", "sund", "berg", "torp", "åsen", "dal", "hamn",
           "fors", "näs", "stad", "ryd", "målen", "tuna"]
_DISTRICT_WORDS = ["centrum", "norra", "södra", "östra", "västra", "hamn", "backe", "gärde",
                   "hed", "skog", "äng", "strand", "höjd", "park", "by", "dal"]


# --- geography ----------------------------------------------------------------------------

def outline() -> shapely.Polygon:
    return shapely.Polygon(OUTLINE)


def seed_points(count: int, rng: np.random.Generator, shape: shapely.Polygon) -> np.ndarray:
    """`count` distinct points inside `shape`: clustered around cities, the rest spread with a
    density falling towards the north (as Sweden's population does)."""
    share = sum(c[2] for c in CITIES)
    clustered = int(round(count * share))
    parts = []
    for x, y, weight, spread in CITIES:
        n = int(round(count * weight))
        parts.append(rng.normal((x, y), spread, size=(n, 2)))
    xmin, ymin, xmax, ymax = shape.bounds
    spread_points = []
    needed = count - sum(len(p) for p in parts) + max(0, count - clustered)
    while sum(len(p) for p in spread_points) < needed * 3:
        candidates = rng.uniform((xmin, ymin), (xmax, ymax), size=(needed * 4, 2))
        keep = rng.uniform(size=len(candidates)) < np.exp(-(candidates[:, 1] - ymin) / 450_000)
        spread_points.append(candidates[keep])
    points = np.concatenate(parts + spread_points)
    points = points[shapely.contains_xy(shape, points[:, 0], points[:, 1])]
    points = np.unique(np.round(points, 0), axis=0)
    rng.shuffle(points)
    clustered_part = points[:count]
    if len(clustered_part) < count:
        raise ValueError("could not place enough points")
    return clustered_part


def tessellate(points: np.ndarray, shape: shapely.Polygon) -> np.ndarray:
    """Voronoi cells of `points` (in their order) clipped to `shape`."""
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=shape, ordered=True)
    cells = np.asarray(shapely.get_parts(cells))
    clipped = shapely.intersection(cells, shape)
    # A clipped cell may come back as a collection; keep its polygon parts.
    result = []
    for cell in clipped:
        if cell.geom_type != "Polygon":
            parts = [p for p in shapely.get_parts(cell) if p.geom_type == "Polygon"]
            cell = max(parts, key=lambda p: p.area)
        result.append(cell)
    return np.asarray(result, dtype=object)


def _edge_key(a: tuple[float, float], b: tuple[float, float]) -> int:
    return hash((round(a[0], 1), round(a[1], 1), round(b[0], 1), round(b[1], 1))) & 0xFFFFFFFF


def wiggle(cells: np.ndarray, seed: int) -> np.ndarray:
    """Boundaries with tens of vertices: every edge is cut into 3–9 pieces whose inner points
    are pushed sideways. The new points depend only on the edge (its two ends in a canonical
    order), so two neighbours share exactly the same wiggly boundary."""
    result = []
    for cell in cells:
        ring = np.asarray(cell.exterior.coords)
        points = [ring[0]]
        for a, b in zip(ring[:-1], ring[1:], strict=True):
            first, second = (a, b) if tuple(a) <= tuple(b) else (b, a)
            key = _edge_key(tuple(first), tuple(second))
            pieces = 3 + (key ^ seed) % 7
            local = np.random.default_rng([key, seed])
            t = np.arange(1, pieces) / pieces
            inner = first + np.outer(t, second - first)
            length = float(np.hypot(*(second - first)))
            normal = np.array([-(second - first)[1], (second - first)[0]]) / max(length, 1e-9)
            offset = local.uniform(-0.12, 0.12, pieces - 1) * length / pieces
            inner = inner + np.outer(offset, normal)
            if tuple(a) > tuple(b):
                inner = inner[::-1]
            points.extend(inner)
            points.append(b)
        polygon = shapely.Polygon(points)
        if not polygon.is_valid:
            polygon = cell     # a rare tight corner: keep the plain cell
        result.append(polygon)
    return np.asarray(result, dtype=object)


def group_kommuner(points: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """The kommun (0..count-1) of every area: nearest of `count` seeds picked among the areas,
    with a few Lloyd steps so kommuner are compact and all non-empty."""
    seeds = points[rng.choice(len(points), size=count, replace=False)]
    for _ in range(4):
        labels = _nearest(points, seeds)
        for k in range(count):
            members = points[labels == k]
            if len(members):
                seeds[k] = members[np.argmin(((members - members.mean(0)) ** 2).sum(1))]
    return _nearest(points, seeds)


def _nearest(points: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    labels = np.empty(len(points), dtype=np.int64)
    for start in range(0, len(points), 2000):
        chunk = points[start:start + 2000]
        distance = ((chunk[:, None, :] - seeds[None, :, :]) ** 2).sum(-1)
        labels[start:start + 2000] = distance.argmin(1)
    return labels


def _names(count: int, rng: np.random.Generator) -> list[str]:
    combos = [p + s for p in _PREFIX for s in _SUFFIX]
    rng.shuffle(combos)
    names = combos[:count]
    while len(names) < count:
        names.append(f"{combos[len(names) % len(combos)]} {len(names)}")
    return names


def area_table(points: np.ndarray, cells: np.ndarray, labels: np.ndarray,
               rng: np.random.Generator, *, map_tolerance: float = MAP_TOLERANCE_M,
               map_decimals: int = MAP_DECIMALS) -> pd.DataFrame:
    """Kommun and district rows of the `area` table (the schema's columns)."""
    kommuner = int(labels.max()) + 1
    # Codes: län by north-south rank of the kommun's centre, numbered within the län; the
    # kommun nearest Umeå's centre is 2480 Umeå (numbers within a län stay below 80).
    centre = np.array([points[labels == k].mean(0) for k in range(kommuner)])
    rank = np.argsort(np.argsort(centre[:, 1]))
    lan = [_LAN[int(r * len(_LAN) // kommuner)] for r in rank]
    counters: dict[str, int] = {}
    codes = []
    for k in range(kommuner):
        counters[lan[k]] = counters.get(lan[k], 0) + 1
        codes.append(f"{lan[k]}{counters[lan[k]]:02d}")
    umea = int(np.argmin(((centre - UMEA_XY) ** 2).sum(1)))
    codes[umea] = "2480"
    names = _names(kommuner, rng)
    names[umea] = "Umeå"

    districts = gpd.GeoSeries(cells, crs=geography.SWEREF99TM)
    kommun_shapes = gpd.GeoSeries(
        [shapely.union_all(cells[labels == k]) for k in range(kommuner)],
        crs=geography.SWEREF99TM)
    district_ids, district_codes, district_names = [], [], []
    seen: dict[int, int] = {}
    for k in labels:
        seen[k] = seen.get(k, 0) + 1
        code = f"{codes[k]}C{seen[k]:04d}"
        district_codes.append(code)
        district_ids.append(f"district:{code}")
        word = _DISTRICT_WORDS[int(rng.integers(len(_DISTRICT_WORDS)))]
        district_names.append(f"{names[k]} {word} {seen[k]}")

    def rows(level, ids, codes_, names_, parents, shapes, geojson, on_map):
        summary = geography.summary_columns(shapes)
        frame = pd.DataFrame({
            "area_id": ids, "level_id": level, "code": codes_, "name": names_,
            "parent_id": parents, "vintage": pd.array([pd.NA] * len(ids), dtype="Int64"),
            "on_map": on_map, "geometry_wkb": geography.to_wkb(shapes),
            "map_geojson": geojson})
        return pd.concat([frame, summary], axis=1)

    geojson = geography.map_geometry(districts, tolerance=map_tolerance, decimals=map_decimals)
    kommun_rows = rows("kommun", [f"kommun:{c}" for c in codes], codes, names,
                       [None] * kommuner, kommun_shapes, [None] * kommuner, False)
    district_rows = rows("district", district_ids, district_codes, district_names,
                         [f"kommun:{codes[k]}" for k in labels], districts, geojson,
                         [g is not None for g in geojson])
    return pd.concat([kommun_rows, district_rows], ignore_index=True)


# --- metadata -------------------------------------------------------------------------------

_GENERATED = [  # (id stem, theme, unit, kind, aggregation, direction, decimals, best, worst)
    ("rate", "social", "percent", "rate", "ratio_of_sums", 1, 1, 95.0, 40.0),
    ("count", "growth", "persons", "count", "sum", 0, 0, None, None),
    ("income", "social", "sek_thousands", "level", "none", 1, 0, 450.0, 150.0),
    ("distance", "climate", "metres", "level", "none", -1, 0, 200.0, 4000.0),
]


def indicator_records(count: int) -> list[dict]:
    """`count` indicator records: the catalogue's own (all levels kommun+district, three
    sexes, illustrative) and generated ones, in the catalogue's YAML form."""
    catalogue = load_catalogue(DATA_DIR)
    records = []
    for indicator in catalogue.indicators[:count]:
        record = {
            "id": indicator.id, "theme": indicator.theme, "name_sv": indicator.name_sv,
            "name_en": indicator.name_en,
            "description_sv": "Illustrativa data (nationell skala): " + indicator.description_sv,
            "description_en": "Illustrative data (national scale): " + indicator.description_en,
            "unit": indicator.unit, "direction": indicator.direction,
            "decimals": indicator.decimals, "kind": indicator.kind,
            "aggregation": indicator.aggregation, "levels": ["kommun", "district"],
            "sexes": ["total", "women", "men"], "source": SOURCE_ID, "illustrative": True,
            "weight": indicator.weight, "limit_factor": indicator.limit_factor,
            "part_of": indicator.part_of, "spi_dimension": indicator.spi_dimension,
            "spi_component": indicator.spi_component,
        }
        if indicator.scored:
            record |= {"best": indicator.best, "worst": indicator.worst}
        records.append(record)
    number = 0
    while len(records) < count:
        stem, theme, unit, kind, aggregation, direction, decimals, best, worst = \
            _GENERATED[number % len(_GENERATED)]
        number += 1
        record = {
            "id": f"national_{stem}_{number:02d}", "theme": theme,
            "name_sv": f"Påhittat mått {number} ({stem})",
            "name_en": f"Made-up measure {number} ({stem})",
            "description_sv": "Genererat mått för skalprov; inga verkliga data.",
            "description_en": "Generated measure for scale tests; no real data.",
            "unit": unit, "direction": direction, "decimals": decimals, "kind": kind,
            "aggregation": aggregation, "levels": ["kommun", "district"],
            "sexes": ["total", "women", "men"], "source": SOURCE_ID, "illustrative": True,
        }
        if best is not None:
            record |= {"best": best, "worst": worst}
        records.append(record)
    # Drop part_of links whose parent is not in the selection.
    ids = {r["id"] for r in records}
    for record in records:
        if record.get("part_of") not in ids:
            record["part_of"] = None
    return records


def write_metadata(folder: Path, records: list[dict]) -> Path:
    """indicators.yaml (themes + records), sources.yaml and targets.yaml (copied) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    themes = yaml.safe_load((DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"))["themes"]
    document = {"themes": themes, "indicators": records}
    (folder / "indicators.yaml").write_text(
        "# Generated by bench/national.py: illustrative national-scale indicators.\n"
        + yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The real sources plus the demo's generator (every national-scale value is generated).
    sources = yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))
    demo = yaml.safe_load((DATA_DIR / "demo" / "indicators.yaml").read_text(encoding="utf-8"))
    sources["sources"] = sources["sources"] + demo["sources"]
    (folder / "sources.yaml").write_text(
        yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ids = {r["id"] for r in records}
    targets = yaml.safe_load((DATA_DIR / "targets.yaml").read_text(encoding="utf-8"))
    targets["targets"] = [t for t in targets.get("targets") or [] if t["indicator"] in ids]
    (folder / "targets.yaml").write_text(
        "# The city's goals whose indicators are part of the generated set.\n"
        + yaml.safe_dump(targets, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_catalogue(folder)   # validates
    return folder


def metadata_folder(db: Path) -> Path:
    return Path(db).with_name(f"{Path(db).stem}-metadata")


# --- observations ---------------------------------------------------------------------------

def _base_level(unit: str) -> float:
    return {"sek_thousands": 260.0, "metres": 700.0, "tonnes_per_person": 4.5,
            "per_1000": 460.0, "index": 50.0, "count": 30.0, "tonnes": 4.5}.get(unit, 50.0)


def observations(areas: pd.DataFrame, records: list[dict], years: int,
                 rng: np.random.Generator) -> pd.DataFrame:
    """Observation rows for every indicator × area (kommun and district) × year × sex.

    Additive indicators (rates as numerator/denominator, person counts, summed levels) are
    generated per district and sex; totals are women + men and kommuner the sum of their
    districts, so the disclosure relations hold. Non-additive levels are drawn per area and sex;
    a kommun gets its districts' population-weighted mean.
    """
    district = areas[areas["level_id"] == "district"].reset_index(drop=True)
    kommun = areas[areas["level_id"] == "kommun"].reset_index(drop=True)
    n_d, n_k = len(district), len(kommun)
    parent = pd.Index(kommun["area_id"]).get_indexer(district["parent_id"])
    year_values = np.arange(FIRST_YEAR, FIRST_YEAR + years)
    # Residents per district and sex (DeSO: 700-2,700 people), slow growth with noise.
    base = rng.lognormal(np.log(1600.0), 0.3, n_d)
    growth = rng.normal(0.006, 0.006, n_d)
    population = base[:, None] * (1 + growth[:, None]) ** np.arange(years)[None, :]
    women_share = np.clip(rng.normal(0.5, 0.02, n_d), 0.4, 0.6)
    residents = np.stack([population * women_share[:, None],
                          population * (1 - women_share[:, None])], axis=-1)  # (d, y, 2)
    condition = rng.normal(0.0, 1.0, n_d)      # one socio-economic axis shared by indicators

    area_ids = pd.concat([district["area_id"], kommun["area_id"]], ignore_index=True)
    ids = [r["id"] for r in records]
    sexes = ["women", "men", "total"]
    columns = {k: [] for k in ("indicator", "area", "year", "sex", "value", "numerator",
                               "denominator")}
    n_a = n_d + n_k
    area_codes = np.repeat(np.arange(n_a), years * 3)
    year_codes = np.tile(np.repeat(year_values, 3), n_a)
    sex_codes = np.tile(np.arange(3), n_a * years)

    def sum_up(per_district: np.ndarray) -> np.ndarray:
        """(d, y, 2) women/men → (d + k, y, 3) with totals and kommun sums."""
        with_total = np.concatenate([per_district, per_district.sum(-1, keepdims=True)], -1)
        kommun_values = np.zeros((n_k, years, 3))
        np.add.at(kommun_values, parent, with_total)
        return np.concatenate([with_total, kommun_values])

    for number, record in enumerate(records):
        kind, unit, aggregation = record["kind"], record["unit"], record["aggregation"]
        effect = rng.normal(0.0, 1.0, n_d)
        trend = rng.normal(0.0, 0.01)
        time_effect = (1 + trend) ** np.arange(years)
        numerator = denominator = None
        if kind == "rate":
            share = rng.uniform(0.3, 1.0)
            mean = np.clip(rng.uniform(30, 75) + 8 * condition + 4 * effect, 3, 97)
            p = np.clip(mean[:, None, None] * time_effect[None, :, None]
                        + rng.normal(0, 2.0, (n_d, years, 2)), 1, 99) / 100
            den = np.round(residents * share)
            # A few tiny denominators (surveys) so that disclosure control has work to do.
            den[rng.uniform(size=den.shape) < 0.002] = rng.integers(5, 45)
            num = np.round(den * p)
            denominator, numerator = sum_up(den), sum_up(num)
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(denominator > 0, 100.0 * numerator / denominator, np.nan)
        elif kind == "count" or aggregation == "sum":
            rate = (rng.uniform(0.004, 0.02) if unit == "persons" and kind == "count"
                    else rng.uniform(0.5, 1.0))
            if unit == "persons" and kind == "count" and number % 3 == 0:
                rate = rng.uniform(0.5, 0.8)          # large counts (e.g. voters)
            expected = residents * rate * np.exp(0.2 * effect)[:, None, None]
            counts = rng.poisson(np.maximum(expected * time_effect[None, :, None], 0.0))
            if unit != "persons":
                counts = counts * _base_level(unit) / 10 * np.exp(0.1 * effect)[:, None, None]
            value = sum_up(counts.astype(float))
        elif kind == "category":
            level = np.clip(np.round(3 + condition + 0.5 * effect), 1, 5)
            per_area = np.repeat(level[:, None], years, 1)
            kommun_level = np.round(np.bincount(parent, weights=level, minlength=n_k)
                                    / np.maximum(np.bincount(parent, minlength=n_k), 1))
            value = np.concatenate([per_area, np.repeat(kommun_level[:, None], years, 1)])
            value = np.repeat(value[:, :, None], 3, -1).astype(float)
        else:   # non-additive level: per area and sex; kommun = population-weighted mean
            level = _base_level(unit) * np.exp(0.15 * condition * record["direction"]
                                               + 0.1 * effect)
            by_sex = (level[:, None, None] * time_effect[None, :, None]
                      * np.exp(rng.normal(0, 0.04, (n_d, years, 2)))
                      * np.array([0.97, 1.03])[None, None, :])
            weights = residents
            total = (by_sex * weights).sum(-1) / weights.sum(-1)
            district_values = np.concatenate([by_sex, total[:, :, None]], -1)
            weighted = np.zeros((n_k, years, 3))
            weight_sum = np.zeros((n_k, years, 3))
            full_weights = np.concatenate([weights, weights.sum(-1, keepdims=True)], -1)
            np.add.at(weighted, parent, district_values * full_weights)
            np.add.at(weight_sum, parent, full_weights)
            value = np.concatenate([district_values, weighted / weight_sum])
            value = np.round(value, int(record["decimals"]) + 1)
        columns["indicator"].append(np.full(n_a * years * 3, number, dtype=np.int16))
        columns["value"].append(value.reshape(-1))
        columns["numerator"].append(
            numerator.reshape(-1) if numerator is not None else np.full(value.size, np.nan))
        columns["denominator"].append(
            denominator.reshape(-1) if denominator is not None else np.full(value.size, np.nan))
    count = len(records)
    frame = pd.DataFrame({
        "indicator_id": pd.Categorical.from_codes(np.concatenate(columns["indicator"]), ids),
        "area_id": pd.Categorical.from_codes(np.tile(area_codes, count), list(area_ids)),
        "year": np.tile(year_codes, count).astype(np.int32),
        "sex": pd.Categorical.from_codes(np.tile(sex_codes, count).astype(np.int8), sexes),
        "value": np.concatenate(columns["value"]),
        "numerator": np.concatenate(columns["numerator"]),
        "denominator": np.concatenate(columns["denominator"]),
    })
    frame["quality"] = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), ["synthetic"])
    frame["source_id"] = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), [SOURCE_ID])
    frame["suppressed"] = False
    frame = frame[frame["value"].notna()].reset_index(drop=True)
    return frame


# --- the whole dataset ----------------------------------------------------------------------

def tables(*, areas: int = 6000, kommuner: int = 290, indicators: int = 40, years: int = 20,
           seed: int = SEED, timings: dict | None = None,
           map_tolerance: float = MAP_TOLERANCE_M, map_decimals: int = MAP_DECIMALS,
           metadata: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every base table (before derive), as `indicators.build.assemble` returns them."""
    timings = {} if timings is None else timings
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    shape = outline()
    points = seed_points(areas, rng, shape)
    cells = wiggle(tessellate(points, shape), seed)
    labels = group_kommuner(points, min(kommuner, areas), rng)
    area = area_table(points, cells, labels, rng, map_tolerance=map_tolerance,
                      map_decimals=map_decimals)
    timings["geometry"] = time.perf_counter() - started

    started = time.perf_counter()
    records = indicator_records(indicators)
    if metadata is not None:
        catalogue = load_catalogue(write_metadata(metadata, records))
    else:
        with tempfile.TemporaryDirectory() as scratch:
            catalogue = load_catalogue(write_metadata(Path(scratch), records))
    observation = observations(area, records, years, rng)
    timings["observations"] = time.perf_counter() - started

    real = load_catalogue(DATA_DIR, demo=True)   # real sources plus the generator
    shared = catalogue_tables(real)
    settings = {"areas": areas, "kommuner": kommuner, "indicators": indicators, "years": years,
                "seed": seed, "map_tolerance": map_tolerance, "map_decimals": map_decimals}
    return {
        "raw_file": pd.DataFrame([{"path": "bench/national.py",
                                   "sha256": _digest(json.dumps(settings, sort_keys=True)),
                                   "bytes": 0}]),
        # the real sources and themes exactly as the build publishes them
        **{name: shared[name] for name in ("source", "theme")},
        "indicator": indicator_table(catalogue),
        "area_level": AREA_LEVELS,
        "area": area,
        "area_crosswalk": pd.DataFrame(columns=["from_area_id", "to_area_id", "weight",
                                                "method", "reason"]),
        "observation": observation,
        "target": pd.DataFrame([
            {"target_id": t.id, "indicator_id": t.indicator, "area_id": t.area,
             "base_year": t.base_year, "target_year": t.target_year,
             "target_value": t.target_value, "rule": t.rule, "name_sv": t.name_sv,
             "name_en": t.name_en, "stated_sv": t.stated_sv, "stated_en": t.stated_en,
             "measurable_sv": t.measurable_sv, "measurable_en": t.measurable_en}
            for t in catalogue.targets if t.indicator in catalogue], columns=TARGET_COLUMNS),
    }


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def build(db: Path, *, derive_mode: str = "product", **options) -> dict:
    """Generate, derive and publish; returns timings (seconds) and sizes."""
    db = Path(db)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    base = tables(timings=timings, metadata=metadata_folder(db), **options)
    step = time.perf_counter()
    if derive_mode == "reference":
        from indicators.methods.derive_reference import derive
    else:
        from indicators.methods.derive import derive
    derived = derive(base)
    # `derived` shares every base table but the observations: drop the base ones before the
    # publish, so the 15 M rows before disclosure control are not kept alongside (≈ 0.5 GB).
    del base
    timings["derive"] = time.perf_counter() - step
    step = time.perf_counter()
    digest = publish(derived, db, name="Nationell skala (illustrativa data)",
                     seed=options.get("seed", SEED),
                     note="bench/national.py: made-up national-scale data for scale tests")
    timings["publish"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return {
        "db": str(db), "content_hash": digest, "bytes": db.stat().st_size,
        "observations": int(len(derived["observation"])),
        "suppressed": int(derived["observation"]["suppressed"].sum()),
        "areas": int((derived["area"]["level_id"] == "district").sum()),
        "kommuner": int((derived["area"]["level_id"] == "kommun").sum()),
        "indicators": int(len(derived["indicator"])), "derive_mode": derive_mode,
        "seconds": timings, "metadata": str(metadata_folder(db)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="database file to publish")
    parser.add_argument("--areas", type=int, default=6000)
    parser.add_argument("--kommuner", type=int, default=290)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--map-tolerance", type=float, default=MAP_TOLERANCE_M,
                        help="simplification of the map geometry, metres")
    parser.add_argument("--map-decimals", type=int, default=MAP_DECIMALS)
    parser.add_argument("--derive", choices=("product", "reference"), default="product",
                        help="product: indicators.methods.derive (vectorised); reference: "
                             "indicators.methods.derive_reference (same result, Python loops; very "
                             "slow at full size)")
    parser.add_argument("--json", type=Path, help="write the timings and sizes here")
    args = parser.parse_args(argv)
    result = build(args.db, derive_mode=args.derive, areas=args.areas, kommuner=args.kommuner,
                   indicators=args.indicators, years=args.years, seed=args.seed,
                   map_tolerance=args.map_tolerance, map_decimals=args.map_decimals)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    seconds = ", ".join(f"{k} {v:.1f} s" for k, v in result["seconds"].items())
    print(f"Published {result['db']}: {result['areas']} areas in {result['kommuner']} kommuner, "
          f"{result['indicators']} indicators, {result['observations']:,} observations "
          f"({result['bytes'] / 1e6:.0f} MB; {seconds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
