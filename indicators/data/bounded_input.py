"""Parsers bounded before they work: YAML, JSON and CSV text is checked for size, nesting and
aliases with a cheap linear scan first, so a hostile file is refused in milliseconds with its
line and column instead of costing a minute of CPU (a 10 kB YAML file nested 5,000 levels deep
took PyYAML's pure-Python parser seconds and its composer a RecursionError).

- YAML (`load_yaml`): at most `MAX_YAML_CHARS` characters; the event stream is scanned with
  libyaml when PyYAML has it (linear time), refusing nesting deeper than `MAX_DEPTH`, any
  anchor or alias (no billion laughs, no shared nodes), and more than `MAX_YAML_EVENTS` events —
  all before a node is composed. Only then is the one document composed and constructed with
  the safe constructor (no Python objects), from the same text.
- JSON (`check_json_depth`): brackets outside strings are counted in one vectorised pass; the
  first bracket deeper than `MAX_DEPTH` is reported by line and column. Python's and GDAL's
  JSON readers then only see shallow documents.
- CSV (`csv_reader`): the field size limit is set to `MAX_CSV_FIELD` characters (the csv
  module's limit is process-wide; this module is the only place that sets it).

Every refusal is an `InputLimitError` (a ValueError) with `line` and `column` (1-based, None
where unknown) and a message that names the limit.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import yaml

MAX_DEPTH = 32               # nested mappings/lists; the project's own files need at most 5
MAX_JSON_DEPTH = 64          # GeoJSON MultiPolygon coordinates need 8
MAX_YAML_CHARS = 5_000_000   # a metadata file; data/indicators.yaml is 20 kB
MAX_YAML_EVENTS = 500_000    # scalars + collection starts and ends
MAX_CSV_FIELD = 10_000       # characters in one CSV cell (names and notes are far shorter)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml: linear, no recursion
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_BRACKETS = np.zeros(256, np.int8)
_BRACKETS[[ord("["), ord("{")]] = 1
_BRACKETS[[ord("]"), ord("}")]] = -1


class InputLimitError(ValueError):
    """A file over a parser limit (or not parseable); `line`/`column` are 1-based or None."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" (line {line}, column {column})" if line and column else (
            f" (line {line})" if line else "")
        super().__init__(message + where)
        self.message, self.line, self.column = message, line, column


def _mark(error: yaml.YAMLError) -> tuple[int | None, int | None]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def scan_yaml(text: str, *, max_depth: int = MAX_DEPTH,
              max_events: int = MAX_YAML_EVENTS) -> int:
    """Check the event stream of `text` against the limits without composing anything;
    return the number of events. Raises InputLimitError at the first event over a limit."""
    depth = events = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            events += 1
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputLimitError("YAML anchors and aliases are not allowed", *where)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    raise InputLimitError(f"YAML nested deeper than {max_depth} levels", *where)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if events > max_events:
                raise InputLimitError(f"YAML has more than {max_events} elements", *where)
    except yaml.YAMLError as error:
        raise InputLimitError(f"not valid YAML: {getattr(error, 'problem', None) or error}",
                              *_mark(error)) from None
    return events


def load_yaml(text: str, *, max_chars: int = MAX_YAML_CHARS,
              max_depth: int = MAX_DEPTH) -> tuple[Any, yaml.Node | None]:
    """(document, root node) of one YAML document, after the size and event checks. The node
    keeps line numbers for messages. An empty document is (None, None)."""
    if len(text) > max_chars:
        raise InputLimitError(f"YAML text longer than {max_chars} characters")
    scan_yaml(text, max_depth=max_depth)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise InputLimitError(f"not valid YAML: {getattr(error, 'problem', None) or error}",
                              *_mark(error)) from None
    if root is None:
        return None, None
    try:
        document = yaml.constructor.SafeConstructor().construct_document(root)
    except yaml.YAMLError as error:
        raise InputLimitError(f"not valid YAML: {getattr(error, 'problem', None) or error}",
                              *_mark(error)) from None
    return document, root


def check_json_depth(text: str, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON text nested deeper than `max_depth`, before any parser recurses into it.
    Strings are blanked first (keeping every offset), so brackets inside names don't count."""
    stripped = _JSON_STRING.sub(lambda match: " " * len(match.group()), text)
    codes = np.frombuffer(stripped.encode("ascii", "replace"), np.uint8)
    if not len(codes):
        return
    depth = np.cumsum(_BRACKETS[codes], dtype=np.int32)
    over = np.flatnonzero(depth > max_depth)
    if len(over):
        offset = int(over[0])
        line = stripped.count("\n", 0, offset) + 1
        column = offset - (stripped.rfind("\n", 0, offset) + 1) + 1
        raise InputLimitError(f"JSON nested deeper than {max_depth} levels", line, column)


def csv_reader(lines: Iterable[str], **options: Any) -> Any:  # a csv reader (has line_num)
    """`csv.reader` with a field size limit of `MAX_CSV_FIELD` characters: a longer cell is a
    csv.Error ("field larger than field limit") at its line, not a memory sink."""
    csv.field_size_limit(MAX_CSV_FIELD)
    return csv.reader(lines, **options)
