"""Geometry work, done once at build time with geopandas/shapely (DuckDB has no spatial extension
offline): read boundaries, merge duplicates, dissolve districts, and make map-ready geometry.

Map-ready geometry is simplified in metres (EPSG:3006), reprojected to WGS84, rounded, repaired,
and oriented with exterior rings clockwise, which is what plotly's geo traces expect (GeoJSON's
anticlockwise rings are drawn inverted by `go.Choropleth`).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from indicators.sources.rawdata import Problem, RawDataError

SWEREF99TM = "EPSG:3006"
WGS84 = "EPSG:4326"
MAP_TOLERANCE_M = 25.0      # Douglas-Peucker tolerance for map geometry, metres
MAP_DECIMALS = 5            # ~1 m; fewer decimals collapse small rings
MIN_PART_M2 = 2_000.0       # map geometry drops islands and holes smaller than this
# Twenty stadsdelar in the source are slivers of under 2 m² (their land lies in a neighbour's
# polygon). Below this area a polygon has no usable boundary and is kept off the map.
MIN_MAP_AREA_M2 = 100.0


def read_stadsdelar(path: Path, name_column: str = "STADSDEL") -> gpd.GeoDataFrame:
    """The stadsdel polygons in EPSG:3006, one row per distinct name.

    Parts that share a name are merged (the raw file has `Hamptjärnsliden` twice, one a ~1 m²
    sliver). A missing CRS, a missing name or an invalid geometry refuses the file.
    """
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise RawDataError([Problem(path.name, None, None, None, f"cannot read: {error}")]
                           ) from error
    problems = []
    if frame.crs is None:
        problems.append(Problem(path.name, None, None, None, "no coordinate reference system"))
    if name_column not in frame.columns:
        problems.append(Problem(path.name, None, name_column, None, "property is missing"))
    if problems:
        raise RawDataError(problems)
    for number, (name, geometry) in enumerate(
            zip(frame[name_column], frame.geometry, strict=True), start=1):
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(path.name, None, name_column, None,
                                    f"feature {number} has no name"))
        if geometry is None or geometry.is_empty:
            problems.append(Problem(path.name, None, "geometry", None,
                                    f"feature {number} has no geometry"))
        elif not geometry.is_valid:
            problems.append(Problem(path.name, None, "geometry", str(name),
                                    f"feature {number}: {shapely.is_valid_reason(geometry)}"))
    if problems:
        raise RawDataError(problems)
    frame = frame.to_crs(SWEREF99TM).rename(columns={name_column: "name"})[["name", "geometry"]]
    frame["name"] = frame["name"].str.strip()
    merged = frame.dissolve("name", as_index=False, sort=True)
    return merged.reset_index(drop=True)


def read_boundary(path: Path) -> gpd.GeoDataFrame:
    """A boundary file (e.g. the kommun outline) in EPSG:3006."""
    frame = gpd.read_file(path)
    if frame.crs is None:
        raise RawDataError([Problem(path.name, None, None, None, "no coordinate reference system")])
    return frame.to_crs(SWEREF99TM)


def dissolve(frame: gpd.GeoDataFrame, key: pd.Series) -> gpd.GeoDataFrame:
    """Union of `frame`'s geometries grouped by `key` (aligned with `frame`)."""
    grouped = frame.assign(_key=key.to_numpy()).dissolve("_key", as_index=False, sort=True)
    return grouped.rename(columns={"_key": "key"})[["key", "geometry"]]


def _drop_small_parts(geometry: shapely.Geometry, min_area: float) -> shapely.Geometry:
    polygons = shapely.get_parts(geometry)
    kept = []
    for polygon in polygons:
        if polygon.area < min_area:
            continue
        holes = [ring for ring in polygon.interiors if shapely.Polygon(ring).area >= min_area]
        kept.append(shapely.Polygon(polygon.exterior, holes))
    if not kept:  # a tiny area keeps its largest part rather than vanishing
        kept = [max(polygons, key=lambda p: p.area)]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Repair and keep only polygon parts (repairs can leave lines and points behind)."""
    geometry = shapely.make_valid(shapely.remove_repeated_points(geometry))
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def map_geometry(
    geometries: gpd.GeoSeries,
    *,
    tolerance: float = MAP_TOLERANCE_M,
    decimals: int = MAP_DECIMALS,
    min_part: float = MIN_PART_M2,
) -> list[str | None]:
    """Map-ready GeoJSON geometry strings (WGS84, clockwise exteriors) for EPSG:3006 input.

    None for a geometry below MIN_MAP_AREA_M2 (a sliver with no usable boundary) or one that
    simplification and rounding reduce to nothing.
    """
    projected = geometries.to_crs(SWEREF99TM)
    mappable = projected.area.to_numpy() >= MIN_MAP_AREA_M2
    cleaned = [_drop_small_parts(g, min_part) for g in projected.values[mappable]]
    simplified = gpd.GeoSeries(cleaned, crs=SWEREF99TM).simplify(tolerance, preserve_topology=True)
    wgs84 = simplified.to_crs(WGS84).values
    rounded = shapely.transform(wgs84, lambda coords: np.round(coords, decimals))
    repaired = [_polygonal(g) for g in rounded]
    oriented = shapely.orient_polygons(np.asarray(repaired, dtype=object), exterior_cw=True)
    result: list[str | None] = [None] * len(projected)
    for position, geometry in zip(np.flatnonzero(mappable), oriented, strict=True):
        result[position] = None if geometry.is_empty else shapely.to_geojson(geometry)
    return result


def summary_columns(geometries: gpd.GeoSeries) -> pd.DataFrame:
    """Area in km² and a representative point (inside the polygon) in WGS84."""
    projected = geometries.to_crs(SWEREF99TM)
    points = gpd.GeoSeries(projected.representative_point(), crs=SWEREF99TM).to_crs(WGS84)
    return pd.DataFrame({
        "area_km2": (projected.area / 1e6).round(3).to_numpy(),
        "centroid_lon": points.x.round(5).to_numpy(),
        "centroid_lat": points.y.round(5).to_numpy(),
    })


def to_wkb(geometries: gpd.GeoSeries) -> list[bytes]:
    """Full-resolution geometry as WKB in EPSG:3006 (for analysis; the map uses map_geojson)."""
    return list(shapely.to_wkb(geometries.to_crs(SWEREF99TM).values))
