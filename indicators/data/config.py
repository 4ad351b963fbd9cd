"""Paths and settings, read from the environment with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "umea.duckdb"
MODES = ("public", "office", "kiosk")


def database_path() -> Path:
    """The published database the app serves: $UMEA_DB, else data/umea.duckdb."""
    return Path(os.environ.get("UMEA_DB") or DEFAULT_DB)


def app_mode() -> str:
    """public (default), office (adds the import page) or kiosk; unknown values mean public."""
    mode = os.environ.get("UMEA_MODE", "public").strip().lower()
    return mode if mode in MODES else "public"
