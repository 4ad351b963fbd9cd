"""The shape of an observation row, shared by the readers and the build's steps."""

from __future__ import annotations

import pandas as pd

KOMMUN_CODE = "2480"
KOMMUN_ID = f"kommun:{KOMMUN_CODE}"
OBSERVATION_COLUMNS = ["indicator_id", "area_id", "year", "sex", "value", "numerator",
                       "denominator", "quality", "source_id"]


def observation_rows(frame: pd.DataFrame, **constants) -> pd.DataFrame:
    """Observation rows; columns not given are left empty (the schema rejects empty keys)."""
    return frame.assign(**constants).reindex(columns=OBSERVATION_COLUMNS)
