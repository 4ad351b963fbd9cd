"""Every interface string exists in Swedish and English, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from indicators.text.i18n import LANGUAGES, STRINGS, translate


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_in_both_languages_with_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == set(LANGUAGES), key
    fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
              for lang in LANGUAGES]
    assert fields[0] == fields[1], key
    for lang in LANGUAGES:
        assert entry[lang].strip()


def test_swedish_is_not_english():
    same = [k for k, e in STRINGS.items() if e["sv"] == e["en"] and re.search("[a-z]{4}", e["sv"])]
    assert len(same) < 0.1 * len(STRINGS), same


def test_translate_fills_placeholders():
    assert translate("change_since", "sv", change="+1", year=2014) == "+1 sedan 2014"
    assert translate("change_since", "en", change="+1", year=2014) == "+1 since 2014"


def test_narrative_strings_are_all_used_and_all_there():
    """The generated sentences' words live in the catalogue (strings/narratives.py): every
    template narratives.py asks for exists, none is left unused, and every status has words."""
    from pathlib import Path

    from indicators.text import narratives
    from indicators.text.strings import narratives as narrative_strings

    source = Path(narratives.__file__).read_text(encoding="utf-8")
    asked = set(re.findall(r'text\["([a-z_]+)"\]', source))
    templates = {k.removeprefix("narrative_") for k in narrative_strings.STRINGS
                 if k.startswith("narrative_")}
    statuses = {k.removeprefix("status_") for k in narrative_strings.STRINGS
                if k.startswith("status_")}
    assert asked <= templates                          # every template asked for exists
    unused = {k for k in templates if f'"{k}"' not in source}  # some keys are chosen in code
    assert not unused, unused
    assert statuses == set(narratives.STATUS_ICONS)
    assert set(narrative_strings.STRINGS) == {f"narrative_{k}" for k in templates} | {
        f"status_{k}" for k in statuses}
