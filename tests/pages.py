"""Running a page of the app in AppTest against a database, the way every page test does."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def run_page(monkeypatch, db: Path, page: str, **params: str) -> AppTest:
    """`page` ('map', 'overview', …) run through app.py with `params` in the URL."""
    monkeypatch.setenv("UMEA_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def texts(at: AppTest) -> str:
    """Every markdown, caption and metric text of the run, joined (for "contains" checks)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    return "\n".join(parts).replace("\\", "")


def hover_texts(trace: dict) -> list[str]:
    """What plotly shows on hover for each point of a trace (a figure's JSON), its
    `%{customdata[i]}` placeholders filled in and the `<extra>` box left out."""
    import re

    template = trace["hovertemplate"].removesuffix("<extra></extra>")
    return [re.sub(r"%\{customdata\[(\d+)\]\}", lambda m, row=row: str(row[int(m[1])]), template)
            for row in trace["customdata"]]
