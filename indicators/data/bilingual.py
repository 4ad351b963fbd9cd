"""One value in Swedish and English, and the one way to pick a language's side of it.

Swedish comes first (the interface's default language); any language other than Swedish reads
the English side. The catalogue's records keep their `name_sv` / `name_en` fields (the YAML and
the database name them so); `pair("name")` reads them as one Bilingual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Bilingual:
    """A Swedish and an English text: `value.get(lang)` or `value(lang)`."""

    sv: str
    en: str

    def get(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en

    __call__ = get

    @classmethod
    def of(cls, record: Any, stem: str) -> Bilingual:
        """The pair `<stem>_sv` / `<stem>_en` of a mapping or table row (anything with keys), or
        of an object's attributes (a record, a named tuple)."""
        if hasattr(record, "keys"):
            return cls(str(record[f"{stem}_sv"]), str(record[f"{stem}_en"]))
        return cls(str(getattr(record, f"{stem}_sv")), str(getattr(record, f"{stem}_en")))


class pair:  # lower case: it reads like a field declaration, `name = pair("name")`
    """A read-only attribute that is the Bilingual of the record's `<stem>_sv` / `<stem>_en`."""

    def __init__(self, stem: str) -> None:
        self.stem = stem

    def __get__(self, record: object, owner: type | None = None) -> Bilingual:
        return Bilingual.of(record, self.stem)
