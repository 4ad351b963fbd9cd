"""Display tables: tidy frames with localised headers, built from the catalogue and the store.

Pure functions (no Streamlit). Each keeps source and quality beside the values so that every
figure shown or downloaded traces to where it came from.
"""

from __future__ import annotations

import pandas as pd

from indicators.data.catalogue import Catalogue
from indicators.text.i18n import translate


def plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its text columns held as Python strings. pandas keeps text as Arrow
    large_string, which Streamlit sends as it is: 8 bytes of offset per cell, where a column
    of Python strings goes as string with 4. At national scale (6,000 rows) that was 24 KB per
    text column of a table, the same text."""
    text = [name for name, dtype in frame.dtypes.items() if pd.api.types.is_string_dtype(dtype)
            and not isinstance(dtype, pd.CategoricalDtype)]
    return frame.astype(dict.fromkeys(text, object)) if text else frame


def quality_label(quality: str, lang: str) -> str:
    return translate(f"quality_{quality}", lang)


def observation_frame(frame: pd.DataFrame, catalogue: Catalogue, lang: str) -> pd.DataFrame:
    """Observations for display or download, with source and quality in words."""
    producers = {s.id: s.producer for s in catalogue.sources}
    return pd.DataFrame({
        translate("area", lang): frame["area_name"],
        translate("year", lang): frame["year"].astype(int),
        translate("sex", lang): frame["sex"].map(lambda s: translate(f"sex_{s}", lang)),
        translate("value", lang): frame["value"],
        translate("numerator", lang): frame["numerator"],
        translate("denominator", lang): frame["denominator"],
        translate("quality", lang): frame["quality"].map(lambda q: quality_label(q, lang)),
        translate("source", lang): frame["source_id"].map(producers),
    })


