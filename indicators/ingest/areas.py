"""Staging areas: boundaries from GeoJSON or GeoPackage, checked, repaired where that is safe,
and reprojected to SWEREF 99 TM.

`stage_areas` reads top to bottom: read the file (the JSON nesting bounded before any parser
recurses), check the properties, check each feature's fields and geometry, find the coordinate
system (a GeoJSON without `crs` is told apart from SWEREF 99 TM numbers by their size), check
the areas lie in Sweden, resolve the parents, build the rows.

geopandas, shapely, pyogrio and pyproj are imported inside the functions that use them, as the
single module did: a CSV-only ingest, the command line and the import page do not load them.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from indicators.data import bounded_input
from indicators.ingest.cells import CONTROL, cell_text, parse_year
from indicators.ingest.formats import AREA_CODE_MAX, MAX_FEATURES, SWEDEN_LONLAT, SWEREF99TM_XY
from indicators.ingest.lookup import Lookup
from indicators.ingest.report import Problems, Report, shorten
from indicators.sources.rawdata import Problem

Feature = tuple[int, dict[str, Any], Any]   # (feature number, properties, WKB or None)


def stage_areas(name: str, data: bytes, kind: str, lookup: Lookup, report: Report
                ) -> pd.DataFrame:
    """New or replaced areas with full geometry (WKB, EPSG:3006), map-ready GeoJSON and summary
    columns. Invalid geometry is repaired (`make_valid`, polygon parts kept) with a note, or
    refused; null geometry, unknown levels, duplicate codes and coordinates outside Sweden are
    refused.

    Steps: read the file (`_read_geo`), check its properties (`_check_layout`) and each feature
    (`_check_features`), find the coordinate system and reproject (`_to_sweref`), resolve the
    parents (`_parents`), build the rows (`_area_frame`)."""
    meta, features = _read_geo(name, data, kind, report)
    if meta is None:
        return pd.DataFrame()
    problems = Problems(name)
    _check_layout(meta, features, problems)
    staged, geometries = ([], []) if problems.items else _check_features(
        name, features, lookup, problems, report)
    if problems.items:
        report.errors += problems.done()
        return pd.DataFrame()
    projected = _to_sweref(name, geometries, meta, report)
    if projected is None:
        return pd.DataFrame()
    parents = _parents(staged, lookup, problems)
    if problems.items:
        report.errors += problems.done()
        return pd.DataFrame()
    frame = _area_frame(staged, parents, projected)
    for item, parent in zip(staged, parents, strict=True):
        lookup.add_area(item["area_id"], item["level_id"], item["code"], item["name"],
                        item["vintage"], parent)
    return frame


def _read_geo(name: str, data: bytes, kind: str, report: Report
              ) -> tuple[dict[str, Any] | None, list[Feature]]:
    """(meta, [(feature number, properties, wkb)]) via pyogrio, or (None, []) after an error."""
    from pyogrio import list_layers
    from pyogrio.raw import read

    crs_given = None
    layer = None
    if kind == "areas_geojson":
        crs_given, problem = _geojson_crs_given(data, name)
        if problem:
            report.errors.append(problem)
            return None, []
    else:
        if not data.startswith(b"SQLite format 3\x00"):
            report.errors.append(Problem(name, None, None, None, "not a GeoPackage file"))
            return None, []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == "areas_gpkg":
                layers = [str(row[0]) for row in list_layers(io.BytesIO(data))]
                if not layers:
                    report.errors.append(Problem(name, None, None, None, "no layers"))
                    return None, []
                layer = next((lay for lay in layers if lay.casefold() == "areas"), layers[0])
            meta, _, geometries, fields = read(io.BytesIO(data), layer=layer,
                                               max_features=MAX_FEATURES + 1)
    except Exception as error:  # pyogrio raises several types for unreadable data
        report.errors.append(Problem(name, None, None, None,
                                     f"cannot read the boundaries: {shorten(str(error))}"))
        return None, []
    if crs_given is False:
        meta["crs"] = None
    names = [str(n).casefold() for n in meta["fields"]]
    features = []
    for number, wkb in enumerate(geometries, start=1):
        properties = {names[i]: fields[i][number - 1] for i in range(len(names))}
        features.append((number, properties, wkb))
    return meta, features


def _geojson_crs_given(data: bytes, name: str) -> tuple[bool | None, Problem | None]:
    """(whether a `crs` member is present, problem). GDAL reads GeoJSON without `crs` as WGS84
    silently, so this is what tells a real WGS84 file from SWEREF 99 TM numbers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, Problem(name, None, None, None, f"GeoJSON must be UTF-8 ({error.reason})")
    try:
        bounded_input.check_json_depth(text)   # before json.loads and GDAL recurse into it
        document = json.loads(text)
    except bounded_input.InputLimitError as error:
        return None, Problem(name, error.line, None, None,
                             f"{error.message} (column {error.column}): refused")
    except json.JSONDecodeError as error:
        return None, Problem(name, error.lineno, None, None,
                             f"broken JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return None, Problem(name, None, None, None, "JSON nested too deeply: refused")
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return None, Problem(name, 1, None, None, "expected a GeoJSON FeatureCollection")
    if not isinstance(document.get("features"), list):
        return None, Problem(name, 1, None, None, "the FeatureCollection has no features list")
    return "crs" in document, None


def _check_layout(meta: dict[str, Any], features: list[Feature], problems: Problems) -> None:
    """The file has the required properties, and between one and MAX_FEATURES features."""
    fields = {str(f).casefold() for f in meta["fields"]}
    for required in ("code", "name", "level"):
        if required not in fields:
            problems.add(None, required, None, "required property is missing")
    if not features:
        problems.add(None, None, None, "the file has no features")
    if len(features) > MAX_FEATURES:
        problems.add(None, None, None, f"more than {MAX_FEATURES} features; split the file")


def _check_features(name: str, features: list[Feature], lookup: Lookup, problems: Problems,
                    report: Report) -> tuple[list[dict[str, Any]], list[Any]]:
    """(the features' areas, their geometries) for the features whose properties and geometry
    are both usable; every problem of every feature is added."""
    staged, geometries = [], []
    ids: dict[str, int] = {}
    for number, properties, wkb in features:
        item = _feature_fields(number, properties, lookup, ids, problems)
        code = cell_text(properties.get("code"))
        label = f"feature {number} ({code or 'no code'})"
        geometry = _feature_geometry(name, label, code, wkb, problems, report)
        if item is not None and geometry is not None:
            staged.append(item)
            geometries.append(geometry)
    return staged, geometries


def _feature_fields(number: int, properties: dict[str, Any], lookup: Lookup,
                    ids: dict[str, int], problems: Problems) -> dict[str, Any] | None:
    """One feature's area (id, level, code, name, vintage, parent text), or None when a
    property is wrong. `ids` maps the area ids seen so far to their feature number."""
    where = f"feature {number}"
    code = cell_text(properties.get("code"))
    area_name = cell_text(properties.get("name"))
    level = cell_text(properties.get("level"))
    label = f"{where} ({code or 'no code'})"
    ok = True
    for column, value in (("code", code), ("name", area_name)):
        if not value:
            problems.add(None, column, None, f"{where}: empty {column}")
            ok = False
        elif len(value) > AREA_CODE_MAX or CONTROL.search(value):
            problems.add(None, column, value, f"{where}: too long or has control characters")
            ok = False
    if level not in lookup.levels:
        known = ", ".join(sorted(lookup.levels))
        problems.add(None, "level", level, f"{label}: unknown level; the levels are {known}")
        ok = False
    vintage = None
    raw_vintage = properties.get("vintage")
    if cell_text(raw_vintage):
        try:
            vintage = parse_year(raw_vintage)
        except ValueError as error:
            problems.add(None, "vintage", cell_text(raw_vintage), f"{label}: {error}")
            ok = False
    area_id = f"{level}:{vintage}:{code}" if vintage else f"{level}:{code}"
    if ok and area_id in ids:
        problems.add(None, "code", code, f"{label}: duplicate code; first in feature "
                                         f"{ids[area_id]}")
        ok = False
    ids.setdefault(area_id, number)
    if not ok:
        return None
    return {"number": number, "area_id": area_id, "level_id": level, "code": code,
            "name": area_name, "vintage": vintage, "parent": cell_text(properties.get("parent"))}


def _feature_geometry(name: str, label: str, code: str, wkb: bytes | None, problems: Problems,
                      report: Report) -> Any:
    """A feature's polygon geometry (an unclosed ring closed, invalid geometry repaired, each
    with a note), or None after adding the problem."""
    import shapely

    if wkb is None:
        problems.add(None, "geometry", None, f"{label}: no geometry (null); refused")
        return None
    try:
        geometry = shapely.from_wkb(wkb)
    except shapely.errors.GEOSException:
        geometry = shapely.from_wkb(wkb, on_invalid="fix")
        if geometry is not None:
            report.notes.append(Problem(name, None, "geometry", code,
                                        f"{label}: a ring was not closed; closed it"))
    if geometry is None or geometry.is_empty:
        problems.add(None, "geometry", None, f"{label}: empty or unreadable geometry")
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        problems.add(None, "geometry", geometry.geom_type,
                     f"{label}: not a polygon; areas need polygons")
        return None
    if geometry.is_valid:
        return geometry
    reason = shapely.is_valid_reason(geometry)
    parts = [p for p in shapely.get_parts(shapely.make_valid(geometry))
             if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    if not parts:
        problems.add(None, "geometry", None,
                     f"{label}: invalid geometry ({reason}) cannot be repaired")
        return None
    report.notes.append(Problem(name, None, "geometry", code,
                                f"{label}: invalid geometry ({reason}) repaired "
                                "with make_valid; check it on the map"))
    return shapely.union_all(parts)


def _to_sweref(name: str, geometries: list[Any], meta: dict[str, Any], report: Report) -> Any:
    """The geometries as a GeoSeries in SWEREF 99 TM, after finding their coordinate system
    and checking they lie in Sweden; None after adding the problem."""
    import geopandas as gpd
    import shapely

    from indicators.sources import geography

    bounds = shapely.total_bounds(geometries)
    crs, note = _detect_crs(bounds, meta.get("crs"))
    if crs is None:
        report.errors.append(Problem(
            name, None, "geometry", ", ".join(f"{b:.6g}" for b in bounds),
            "cannot tell the coordinate system: the numbers are neither degrees nor SWEREF 99 "
            "TM metres; save the file with its coordinate system (e.g. EPSG:3006)"))
        return None
    if note:
        report.notes.append(Problem(name, None, "geometry", crs, note))
    series = gpd.GeoSeries(geometries, crs=crs)
    try:
        lonlat = series.to_crs(geography.WGS84).total_bounds
    except Exception as error:  # pyproj errors for impossible transformations
        report.errors.append(Problem(name, None, "geometry", crs,
                                     f"cannot reproject: {shorten(str(error))}"))
        return None
    west, south, east, north = SWEDEN_LONLAT
    if not (west <= lonlat[0] and lonlat[2] <= east and south <= lonlat[1] and lonlat[3] <= north):
        report.errors.append(Problem(
            name, None, "geometry", ", ".join(f"{b:.4f}" for b in lonlat),
            "the areas lie outside Sweden (longitude/latitude bounds shown); check the "
            "coordinate system"))
        return None
    return series.to_crs(geography.SWEREF99TM)


def _detect_crs(bounds: Sequence[float], declared: str | None) -> tuple[str | None, str]:
    """(CRS to read the coordinates in, note). A declared projected CRS is trusted (the Sweden
    check follows); no CRS or a geographic one is checked against the numbers: degrees inside
    Sweden → WGS84, SWEREF 99 TM-sized numbers → EPSG:3006, anything else → None (refused)."""
    from pyproj import CRS

    minx, miny, maxx, maxy = bounds
    if declared:
        crs = CRS.from_user_input(declared)
        if not crs.is_geographic:
            return declared, ""
    in_degrees = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    if in_degrees:
        return (declared or "EPSG:4326"), ""
    x0, y0, x1, y1 = SWEREF99TM_XY
    if x0 <= minx <= maxx <= x1 and y0 <= miny <= maxy <= y1:
        return "EPSG:3006", ("no usable coordinate system in the file, and the coordinates are "
                             "metres, not degrees: read as SWEREF 99 TM (EPSG:3006)")
    return None, ""


def _parents(staged: list[dict[str, Any]], lookup: Lookup, problems: Problems
             ) -> list[str | None]:
    """Each staged area's parent id (`_resolve_parent`); a parent that cannot be resolved is a
    problem."""
    parents = []
    for item in staged:
        parent, reason = _resolve_parent(item, staged, lookup)
        if reason:
            problems.add(None, "parent", item["parent"], f"feature {item['number']}: {reason}")
        parents.append(parent)
    return parents


def _resolve_parent(item: dict, staged: list[dict], lookup: Lookup) -> tuple[str | None, str]:
    """(parent area id, '') or (None, reason). `parent` is an area id or a code/name at the
    level above; empty keeps an existing area's parent, or takes the only area above."""
    text, level = item["parent"], item["level_id"]
    parent_level = lookup.parent_level.get(level)
    if not text:
        existing = lookup.areas.get(item["area_id"])
        if existing is not None:
            return existing["parent"], ""
        above = [a for a, info in lookup.areas.items() if info["level"] == parent_level]
        return (above[0] if len(above) == 1 else None), ""
    batch = {i["area_id"] for i in staged}
    if ":" in text:
        return (text, "") if text in lookup.areas or text in batch else (None, "unknown parent")
    if parent_level is None:
        return None, f"level {level!r} has no parent level"
    candidate = f"{parent_level}:{text}"
    if candidate in lookup.areas or candidate in batch:
        return candidate, ""
    area_id, reason = lookup.resolve_area(text, parent_level, None)
    return (area_id, "") if area_id else (None, f"parent: {reason}")


def _area_frame(staged: list[dict[str, Any]], parents: list[str | None], projected: Any
                ) -> pd.DataFrame:
    """The areas in the `area` table's columns: ids, names, parents, WKB, map GeoJSON and the
    summary columns (area, centroid)."""
    from indicators.sources import geography

    geojson = geography.map_geometry(projected)
    summary = geography.summary_columns(projected)
    frame = pd.DataFrame({
        "area_id": [i["area_id"] for i in staged], "level_id": [i["level_id"] for i in staged],
        "code": [i["code"] for i in staged], "name": [i["name"] for i in staged],
        "parent_id": parents,
        "vintage": pd.array([i["vintage"] for i in staged], dtype="Int64"),
        "on_map": [g is not None for g in geojson],
        "geometry_wkb": geography.to_wkb(projected), "map_geojson": geojson,
    })
    return pd.concat([frame, summary], axis=1)
