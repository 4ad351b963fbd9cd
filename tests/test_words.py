"""Words a Swedish reader sees (issue 12): no English function words in the Swedish interface
strings or in the Swedish sentences of the pages, and years and big numbers written the Swedish
way ("2018", never "2018.0"; "13 033", never "13033") in the texts and tables of every page."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from indicators.text.i18n import STRINGS
from tests.pages import run_page

# Whole words that are English and not Swedish ("men", "under", "data", "index" are Swedish).
ENGLISH = re.compile(r"\b(and|the|of|with|district|districts|page|not found|value|values|"
                     r"year|years|total|women|since|per cent)\b", re.IGNORECASE)
# The not-found view is bilingual on purpose; these keys hold both languages or a proper name.
BILINGUAL = {"not_found_home"}
RAW_NUMBER = re.compile(r"(?<![\w\u00a0 ,.:\-–/])\d{5,}(?!\w)")   # not in hashes
FLOAT_YEAR = re.compile(r"\b(?:19|20)\d\d\.0\b")


@pytest.mark.parametrize("key", sorted(k for k in STRINGS if k not in BILINGUAL))
def test_swedish_interface_strings_have_no_english_words(key):
    found = ENGLISH.findall(re.sub(r"\{[^}]*\}", "", STRINGS[key]["sv"]))  # not {placeholders}
    assert not found, (key, STRINGS[key]["sv"])


def _page_texts(at) -> list[str]:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                  "warning") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    parts += [s.label for s in at.selectbox]
    return [p.replace("\\", "") for p in parts]


def _table_cells(at) -> list[str]:
    cells = []
    for frame in at.dataframe:
        value = frame.value
        if isinstance(value, pd.DataFrame):
            cells += [str(v) for column in value.columns for v in value[column]]
    return cells


@pytest.mark.parametrize("page", ["overview", "map", "growth", "climate", "participation",
                                  "compare", "data_methods"])
def test_pages_in_swedish_write_years_and_numbers_the_swedish_way(monkeypatch, fixture_db, page):
    at = run_page(monkeypatch, fixture_db, page, lang="sv")
    texts = _page_texts(at)
    shown = "\n".join(texts + _table_cells(at))
    assert not FLOAT_YEAR.findall(shown), FLOAT_YEAR.findall(shown)
    assert not RAW_NUMBER.findall("\n".join(texts)), RAW_NUMBER.findall("\n".join(texts))
    assert not RAW_NUMBER.findall("\n".join(_table_cells(at))), page
