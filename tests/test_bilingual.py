"""One Swedish/English value and the one way to pick a side of it."""

from __future__ import annotations

from collections import namedtuple

import pandas as pd

from indicators.data.bilingual import Bilingual, pair
from indicators.data.catalogue import Theme


def test_get_and_call_pick_the_language_swedish_first():
    word = Bilingual("mål", "goal")
    assert (word.get("sv"), word("sv")) == ("mål", "mål")
    assert (word.get("en"), word("en")) == ("goal", "goal")


def test_of_reads_rows_mappings_and_records():
    row = pd.Series({"name_sv": "Befolkning", "name_en": "Population"})
    record = namedtuple("Record", "name_sv name_en")("Befolkning", "Population")
    for source in (row, dict(row), record):
        assert Bilingual.of(source, "name") == Bilingual("Befolkning", "Population")


def test_catalogue_records_keep_their_fields_and_read_them_as_a_pair():
    theme = Theme("democracy", "Demokrati", "Democracy")
    assert (theme.name_sv, theme.name_en) == ("Demokrati", "Democracy")
    assert theme.name("sv") == "Demokrati" and theme.name.get("en") == "Democracy"
    assert isinstance(Theme.__dict__["name"], pair)
