"""The project's crosswalk files (data/crosswalks/: data, not code), every district code checked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.sources.rawdata import Problem, RawDataError, optional, read_csv_strict, text


def read_crosswalk(path: Path, key_columns: list[str]) -> pd.DataFrame:
    """A crosswalk CSV (data, not code): every row needs its keys and a reason."""
    columns = {c: optional(text) for c in key_columns} | {"reason": text}
    frame = read_csv_strict(path, columns)
    duplicated = frame.duplicated([c for c in key_columns if c != "district_code"])
    problems = [Problem(path.name, int(r.line), None, None, "duplicate row")
                for r in frame[duplicated].itertuples()]
    if problems:
        raise RawDataError(problems)
    return frame


def read_crosswalks(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The project's crosswalk files, every district code checked."""
    folder = data_dir / "crosswalks"
    tables = {
        "districts": read_crosswalk(folder / "districts.csv",
                                    ["district_code", "name_sv", "name_en"]),
        "stadsdel": read_crosswalk(folder / "stadsdel_district.csv",
                                   ["stadsdel_name", "district_code"]),
        "valdistrikt": read_crosswalk(folder / "valdistrikt_district.csv",
                                      ["division", "valdistrikt_code", "valdistrikt_name",
                                       "district_code"]),
    }
    codes = set(tables["districts"]["district_code"])
    problems = [Problem(file, int(r.line), "district_code", r.district_code,
                        "unknown district code")
                for key, file in (("stadsdel", "stadsdel_district.csv"),
                                  ("valdistrikt", "valdistrikt_district.csv"))
                for r in tables[key].itertuples()
                if pd.notna(r.district_code) and r.district_code not in codes]
    if problems:
        raise RawDataError(problems)
    return tables
