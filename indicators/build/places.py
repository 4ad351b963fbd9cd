"""Step 1, places: stadsdelar (duplicates merged), planning districts as their unions, the kommun
outline; and `area_rows`, the area table's rows for one level, shared by every step that adds
areas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.sources import geography
from indicators.sources.observations import KOMMUN_CODE, KOMMUN_ID
from indicators.sources.rawdata import Problem, RawDataError


def _slug_check(names: pd.Series, known: set[str], file: str, column: str) -> list[Problem]:
    return [Problem(file, None, column, n, "not found in the crosswalk")
            for n in sorted(set(names) - known)]


def area_rows(level, codes, names, parents, shapes, on_map=None, vintage=pd.NA) -> pd.DataFrame:
    """Area rows with full and map-ready geometry for one level."""
    summary = geography.summary_columns(shapes.geometry)
    geojson = geography.map_geometry(shapes.geometry)
    frame = pd.DataFrame({
        "area_id": [f"{level}:{c}" for c in codes], "level_id": level, "code": list(codes),
        "name": list(names), "parent_id": list(parents), "vintage": vintage,
        "geometry_wkb": geography.to_wkb(shapes.geometry), "map_geojson": geojson,
    })
    frame = pd.concat([frame, summary], axis=1)
    frame["on_map"] = [g is not None for g in geojson] if on_map is None else on_map
    return frame


def geography_step(raw: Path, crosswalks: dict[str, pd.DataFrame]) -> dict:
    """Stadsdelar (merged duplicates), districts as their unions, the kommun outline."""
    stadsdel_map = crosswalks["stadsdel"]
    stadsdelar = geography.read_stadsdelar(raw / "umea_stadsdelar_epsg3006.json")
    problems = _slug_check(stadsdelar["name"], set(stadsdel_map["stadsdel_name"]),
                           "stadsdel_district.csv", "stadsdel_name")
    if problems:
        raise RawDataError(problems)
    stadsdelar["district_code"] = stadsdelar["name"].map(
        stadsdel_map.set_index("stadsdel_name")["district_code"])
    district_shapes = geography.dissolve(stadsdelar, stadsdelar["district_code"])
    names = crosswalks["districts"].set_index("district_code")["name_sv"]
    areas = [
        area_rows("kommun", [KOMMUN_CODE], ["Umeå"], [None],
                   geography.read_boundary(raw / "umea_kommun_boundary_wgs84.geojson"),
                   on_map=[False]),
        area_rows("district", district_shapes["key"], district_shapes["key"].map(names),
                   [KOMMUN_ID] * len(district_shapes), district_shapes),
        area_rows("stadsdel", stadsdelar["name"], stadsdelar["name"],
                   "district:" + stadsdelar["district_code"], stadsdelar),
    ]
    crosswalk = [(f"stadsdel:{r.stadsdel_name}", f"district:{r.district_code}", 1.0, "union",
                  r.reason) for r in stadsdel_map.itertuples()]
    return {"areas": areas, "crosswalk": crosswalk, "stadsdelar": stadsdelar,
            "districts": district_shapes.rename(columns={"key": "code"})}
