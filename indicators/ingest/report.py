"""What an ingest tells its user: the `Report` of every problem, and the errors it raises.

Problems are `indicators.sources.rawdata.Problem` (file, line, column, value, rule); one file's
are collected by `Problems`, capped at MAX_PROBLEMS. The errors are publishing's errors
(`indicators.data.publishing`): an ingest that is busy, refused, in conflict or failed leaves
the published database unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators.data.publishing import PublishBusy, PublishError
from indicators.ingest.formats import MAX_PROBLEMS
from indicators.sources.rawdata import Problem

SEVERITIES = ("error", "warning", "note")

# --- errors ----------------------------------------------------------------------------------

# An ingest's errors are publishing's: one base class for every writer of the database, so the
# import page and the command line catch a busy lock the same way whoever holds it.
IngestError = PublishError   # an ingest could not run; the published database is unchanged
IngestBusy = PublishBusy     # another ingest (or a build) holds the lock on this database


class IngestRefused(IngestError):
    """The files have errors; nothing is published. `report` lists every problem."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s); nothing was published")


class IngestConflict(IngestError):
    """The database changed between checking the files and publishing them."""


class IngestFailed(IngestError):
    """Publishing failed part-way; the published database is unchanged."""


# --- report ----------------------------------------------------------------------------------

_HEADINGS = {
    "sv": {"error": "Fel", "warning": "Varningar", "note": "Noteringar", "files": "Filer",
           "counts": "Nya rader per tabell", "replaced": "Ersatta rader",
           "refused": "Inget publicerades: rätta felen och försök igen.",
           "valid": "Filerna är giltiga (inget publicerat ännu).",
           "published": "Publicerat", "line": "rad", "column": "kolumn", "value": "värde",
           "severity": "allvar", "file": "fil", "rule": "regel"},
    "en": {"error": "Errors", "warning": "Warnings", "note": "Notes", "files": "Files",
           "counts": "New rows per table", "replaced": "Replaced rows",
           "refused": "Nothing was published: fix the errors and try again.",
           "valid": "The files are valid (nothing published yet).",
           "published": "Published", "line": "line", "column": "column", "value": "value",
           "severity": "severity", "file": "file", "rule": "rule"},
}


@dataclass
class Report:
    """Every problem found in one ingest, before anything is published."""

    files: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)     # staged rows per table
    replaced: dict[str, int] = field(default_factory=dict)   # existing rows replaced per table
    published: bool = False
    content_hash: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def note(self, file: str, rule: str, value: str | None = None) -> None:
        self.notes.append(Problem(file, None, None, value, rule))

    def _by_severity(self) -> Iterator[tuple[str, list[Problem]]]:
        return zip(SEVERITIES, (self.errors, self.warnings, self.notes), strict=True)

    def problems(self) -> Iterator[tuple[str, Problem]]:
        for severity, items in self._by_severity():
            for problem in items:
                yield severity, problem

    def to_frame(self, lang: str = "sv") -> pd.DataFrame:
        """One row per problem: severity, file, line, column, value, rule (for a table view)."""
        words = _HEADINGS.get(lang, _HEADINGS["en"])
        rows = [(severity, p.file, p.line, p.column, p.value, p.rule)
                for severity, p in self.problems()]
        frame = pd.DataFrame(rows, columns=["severity", "file", "line", "column", "value", "rule"])
        frame["line"] = frame["line"].astype("Int64")
        return frame.rename(columns={c: words[c] for c in frame.columns})

    def to_text(self, lang: str = "sv") -> str:
        words = _HEADINGS.get(lang, _HEADINGS["en"])
        lines = [f"{words['files']}: {', '.join(self.files) or '-'}"]
        for severity, items in self._by_severity():
            if items:
                lines.append(f"{words[severity]} ({len(items)}):")
                lines += [f"  - {p}" for p in items]
        if self.counts:
            lines.append(f"{words['counts']}: "
                         + ", ".join(f"{t} {n}" for t, n in sorted(self.counts.items())))
        if any(self.replaced.values()):
            lines.append(f"{words['replaced']}: "
                         + ", ".join(f"{t} {n}" for t, n in sorted(self.replaced.items())))
        if self.errors:
            lines.append(words["refused"])
        elif self.published:
            lines.append(f"{words['published']} ({(self.content_hash or '')[:12]}).")
        else:
            lines.append(words["valid"])
        return "\n".join(lines)


class Problems:
    """Problems of one file, capped at MAX_PROBLEMS with a closing "… more" line."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, line: int | None, column: str | None, value: Any, rule: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        shown = None if value is None else shorten(str(value))
        self.items.append(Problem(self.file, line, column, shown, rule))

    def done(self) -> list[Problem]:
        if self.dropped:
            self.items.append(Problem(self.file, None, None, None,
                                      f"… and {self.dropped} more problems not listed"))
        return self.items


def shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"

