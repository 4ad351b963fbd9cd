"""Elections per valdistrikt, 2010–2022: reading Valmyndigheten's files and placing each
valdistrikt in a planning district.

Each election belongs to a **division** (valdistriktsindelning): the valdistrikt of 2010 and 2014
are the same 64 (Valmyndigheten's valgeografi 2010 has their polygons), 2018 and the EU election
2019 share 67, and 2022 has 72. `data/crosswalks/valdistrikt_district.csv` places every valdistrikt
of every division in one district, with a reason per row (for 2022 Valmyndigheten's comparability
key decides where it says "comparable").

Two city figures are published per election, both named on screen:
- **official** (`turnout_<election>_official`, kommun only): all voters, early votes that no
  valdistrikt holds included, over all eligible — Valmyndigheten's figure.
- **computed like the districts** (`turnout_<election>` at the kommun): voters in valdistrikt
  over eligible in valdistrikt, the early votes left out, so that a district is compared with a
  city figure computed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.sources.rawdata import (
    Parser,
    Problem,
    RawDataError,
    integer,
    number,
    optional,
    read_csv_strict,
    text,
)

# Rows that hold votes without geography (early or postal votes): eligible 0, never mapped.
COLLECTION_NAMES = ("Uppsamlingsdistrikt", "Onsdagsdistrikt",
                    "Förtidsröster ej fördelade efter valdistrikt")


@dataclass(frozen=True)
class Election:
    """How one election file is laid out."""

    key: str                      # e.g. 'riksdag_2022'
    file: str
    code_columns: tuple[str, ...]  # one column with the 8-digit code, or län, kommun, district
    name_column: str
    voters: str
    eligible: str
    turnout: str
    decimal: str
    division: int                 # the valdistrikt division the file uses
    kind: str                     # riksdag, region, municipal, eu

    @property
    def year(self) -> int:
        return int(self.key[-4:])

    @property
    def indicator(self) -> str:
        return f"turnout_{self.kind}"


_SPLIT = ("LÄNSKOD", "KOMMUNKOD", "VALDISTRIKTSKOD")
_SPLIT_OLD = ("LAN", "KOM", "VALDIST")
_FINAL_2022 = ("VALDISTRIKTSKOD",)
ELECTIONS = {e.key: e for e in (
    Election("riksdag_2010", "umea_valdistrikt_riksdagsval_2010.csv", _SPLIT_OLD, "VALDISTRIKT",
             "Rostande", "Rostb", "VDT", ",", 2010, "riksdag"),
    Election("riksdag_2014", "umea_valdistrikt_riksdagsval_2014.csv", _SPLIT_OLD, "Valdistrikt",
             "Rostande", "Rostb", "VDT", ".", 2010, "riksdag"),
    Election("kommun_2014", "umea_valdistrikt_kommunval_2014.csv", _SPLIT, "VALDISTRIKTSNAMN",
             "Rostande", "Rostb", "VDT", ",", 2010, "municipal"),
    Election("eu_2014", "umea_valdistrikt_europaparlamentsval_2014.csv", _SPLIT_OLD,
             "Valdistrikt", "Rostande", "Rostb", "VDT", ",", 2010, "eu"),
    Election("riksdag_2018", "umea_valdistrikt_riksdagsval_2018.csv", _SPLIT, "VALDISTRIKTSNAMN",
             "RÖSTANDE", "RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".", 2018, "riksdag"),
    Election("region_2018", "umea_valdistrikt_regionval_2018.csv", _SPLIT, "VALDISTRIKTSNAMN",
             "RÖSTANDE", "RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".", 2018, "region"),
    Election("eu_2019", "umea_valdistrikt_europaparlamentsval_2019.csv", _SPLIT,
             "VALDISTRIKTSNAMN", "RÖSTANDE", "RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".", 2018, "eu"),
    Election("riksdag_2022", "umea_valdistrikt_riksdagsval_2022_slutligt.csv", _FINAL_2022,
             "VALDISTRIKTSNAMN", "ANTAL RÖSTANDE", "ANTAL RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".",
             2022, "riksdag"),
    Election("region_2022", "umea_valdistrikt_regionval_2022_slutligt.csv", _FINAL_2022,
             "VALDISTRIKTSNAMN", "ANTAL RÖSTANDE", "ANTAL RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".",
             2022, "region"),
    Election("kommun_2022", "umea_valdistrikt_kommunval_2022_slutligt.csv", _FINAL_2022,
             "VALDISTRIKTSNAMN", "ANTAL RÖSTANDE", "ANTAL RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".",
             2022, "municipal"),
)}
DIVISIONS = tuple(sorted({e.division for e in ELECTIONS.values()}))
# The 2026 elections are published for the kommun only (valtyp: RD, RF, KF).
KOMMUN_2026_FILE = "umea_kommun_valdeltagande_2026.csv"
KOMMUN_2026_KINDS = {"RD": "riksdag", "RF": "region", "KF": "municipal"}


def _code_parser(value: str) -> int:
    """Codes are whole numbers; one file writes them as floats ('3.0')."""
    cleaned = value.strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    return integer(cleaned)


def read_election(raw: Path, key: str) -> pd.DataFrame:
    """One election per valdistrikt: line, code, name, voters, eligible, collection flag.

    The published turnout % must agree with voters / eligible to its rounding (0.01 points, or
    0.05 for files that print one decimal); a disagreement refuses the file. Collection rows
    (early or postal votes, eligible 0) may share one code; every other code is unique.
    """
    election = ELECTIONS[key]
    columns: dict[str, Parser] = {c: _code_parser for c in election.code_columns}
    columns |= {election.name_column: text, election.voters: integer,
                election.eligible: optional(integer),
                election.turnout: optional(number(election.decimal))}
    frame = read_csv_strict(raw / election.file, columns)
    if len(election.code_columns) == 1:
        frame["code"] = frame[election.code_columns[0]].map(lambda c: f"{c:08d}")
    else:
        lan, kom, district = election.code_columns
        frame["code"] = [f"{a:02d}{b:02d}{c:04d}" for a, b, c in
                         zip(frame[lan], frame[kom], frame[district], strict=True)]
    frame = frame.rename(columns={election.name_column: "name", election.voters: "voters",
                                  election.eligible: "eligible", election.turnout: "turnout_pct"})
    frame["eligible"] = frame["eligible"].fillna(0).astype(int)
    frame["collection"] = frame["name"].isin(COLLECTION_NAMES) & (frame["eligible"] == 0)
    file, column = election.file, election.code_columns[-1]
    duplicated = frame["code"].duplicated(keep=False) & ~frame["collection"]
    problems = [Problem(file, int(r.line), column, r.code, "duplicate valdistrikt code")
                for r in frame[duplicated].itertuples()]
    for r in frame.itertuples():
        if r.voters < 0 or r.eligible < 0 or (r.eligible and r.voters > r.eligible):
            problems.append(Problem(file, int(r.line), election.voters, str(r.voters),
                                    f"voters must lie between 0 and eligible ({r.eligible})"))
        elif r.eligible and r.turnout_pct is not None and pd.notna(r.turnout_pct):
            tolerance = 0.05 if round(r.turnout_pct, 1) == r.turnout_pct else 0.01
            if abs(100.0 * r.voters / r.eligible - r.turnout_pct) > tolerance + 1e-9:
                problems.append(Problem(file, int(r.line), election.turnout, str(r.turnout_pct),
                                        "turnout disagrees with voters / eligible"))
        if not r.collection and r.eligible == 0:
            problems.append(Problem(file, int(r.line), election.eligible, "0",
                                    "a valdistrikt with geography needs eligible voters"))
    if problems:
        raise RawDataError(problems)
    return frame[["line", "code", "name", "voters", "eligible", "collection"]]


def read_kommun_2026(raw: Path) -> pd.DataFrame:
    """The 2026 turnout for the whole kommun: kind, voters, eligible (checked against the %)."""
    frame = read_csv_strict(raw / KOMMUN_2026_FILE, {
        "valtyp": text, "kod": text, "roster": integer, "rostberattigade": integer,
        "valdeltagande_pct": number("."),
    })
    problems = [Problem(KOMMUN_2026_FILE, int(r.line), "valtyp", r.valtyp, "unknown election type")
                for r in frame.itertuples() if r.valtyp not in KOMMUN_2026_KINDS]
    problems += [Problem(KOMMUN_2026_FILE, int(r.line), "valdeltagande_pct",
                         str(r.valdeltagande_pct), "turnout disagrees with voters / eligible")
                 for r in frame.itertuples()
                 if abs(100 * r.roster / r.rostberattigade - r.valdeltagande_pct) > 0.01 + 1e-9]
    if problems:
        raise RawDataError(problems)
    return pd.DataFrame({"kind": frame["valtyp"].map(KOMMUN_2026_KINDS),
                         "voters": frame["roster"], "eligible": frame["rostberattigade"]})


def placed(votes: pd.DataFrame, crosswalk: pd.DataFrame, election: Election) -> pd.DataFrame:
    """`votes` with the district of each valdistrikt from the division's crosswalk rows.

    Every valdistrikt of the file must be in the crosswalk with the same name; collection rows
    have an empty district. Raises RawDataError naming the crosswalk file otherwise.
    """
    rows = crosswalk[crosswalk["division"] == str(election.division)]
    known = dict(zip(rows["valdistrikt_code"], rows["valdistrikt_name"], strict=True))
    problems = [Problem("valdistrikt_district.csv", None, "valdistrikt_code", r.code,
                        f"valdistrikt {r.name!r} of {election.file} is not in division "
                        f"{election.division}" if r.code not in known else
                        f"named {known[r.code]!r} in the crosswalk but {r.name!r} in "
                        f"{election.file}")
                for r in votes.drop_duplicates("code").itertuples()
                if known.get(r.code) != r.name and not r.collection]
    if problems:
        raise RawDataError(problems)
    return votes.merge(rows[["valdistrikt_code", "district_code", "reason"]],
                       left_on="code", right_on="valdistrikt_code", how="left")
