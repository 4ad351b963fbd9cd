"""User-interface strings in Swedish (first) and English. Pure data and one lookup function.

Every string the interface shows comes from here: the tables live in `indicators/text/strings/`,
one module per page or area (the generated sentences' words in `narratives.py`; names and
descriptions of indicators come from the catalogue). A test checks both languages have every key.
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

STRINGS: dict[str, dict[str, str]] = {}


def _load() -> None:
    """Merge every module of `indicators.text.strings` (one per page or area of the app); a key
    defined twice is an error, so parallel work on different pages never silently overrides."""
    import importlib
    import pkgutil

    from indicators.text import strings as texts

    for module_info in sorted(pkgutil.iter_modules(texts.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"indicators.text.strings.{module_info.name}")
        for key, entry in module.STRINGS.items():
            if key in STRINGS:
                raise ValueError(f"text key {key!r} defined twice (indicators/text/strings/"
                                 f"{module_info.name}.py)")
            STRINGS[key] = entry


_load()


def translate(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang` (falls back to Swedish), with `{placeholders}` filled in."""
    entry = STRINGS[key]
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template
