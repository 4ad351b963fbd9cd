"""Config drift (RELIABILITY.md row 1): the hardening policy of the public/office configuration
(.streamlit/config.toml) and of the kiosk's (kiosk/config.toml, when present), key by key."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / ".streamlit" / "config.toml"
KIOSK = ROOT / "kiosk" / "config.toml"
MAX_UPLOAD_MB = 50  # "small": Streamlit's default is 200 MB

# Every key the policy fixes, with its required value (tuples: any of these values).
POLICY = {
    "client.toolbarMode": ("viewer", "minimal"),    # no developer options; kiosk: no menu
    "client.showErrorDetails": "none",              # never a traceback or message on screen
    "client.showSidebarNavigation": False,          # no raw pages/ list; our own menu instead
    "browser.gatherUsageStats": False,              # else the *browser* calls a metrics host
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "server.headless": True,
    "server.enableStaticServing": True,             # only for the local topojson (see below)
}


def flatten(config: dict) -> dict[str, object]:
    return {f"{section}.{key}": value for section, table in config.items()
            for key, value in table.items()}


def configs() -> list[Path]:
    return [PUBLIC, KIOSK]


@pytest.fixture(params=[PUBLIC, KIOSK], ids=["public", "kiosk"])
def config(request) -> dict[str, object]:
    path: Path = request.param
    return flatten(tomllib.loads(path.read_text("utf-8")))


@pytest.mark.parametrize("key", sorted(POLICY))
def test_policy_key(config, key):
    assert key in config, f"{key} is not set (Streamlit's default is not the policy)"
    wanted = POLICY[key]
    if isinstance(wanted, tuple):
        assert config[key] in wanted
    else:
        assert config[key] == wanted and type(config[key]) is type(wanted)


def test_public_config_uses_the_viewer_toolbar():
    assert flatten(tomllib.loads(PUBLIC.read_text("utf-8")))["client.toolbarMode"] == "viewer"


def test_upload_limit_is_small(config):
    assert 0 < config["server.maxUploadSize"] <= MAX_UPLOAD_MB


def test_every_key_is_a_real_streamlit_option(config):
    """A misspelt key is ignored by Streamlit without a word: the policy would silently lapse."""
    from streamlit import config as streamlit_config

    streamlit_config.get_config_options()
    known = set(streamlit_config._config_options)
    assert sorted(set(config) - known) == []


def test_static_serving_exposes_only_the_map_files():
    """enableStaticServing publishes static/ as /app/static/: it must hold nothing but the
    offline base map (topojson) and its licence/readme."""
    files = [p.relative_to(ROOT / "static") for p in (ROOT / "static").rglob("*") if p.is_file()]
    assert files, "static/ is empty: then static serving should be off"
    # ... and the published map geometry the app writes there (ui/__init__.py, GEO_DIR):
    # "<level>-<content hash>.geojson" files holding a FeatureCollection, nothing else.
    geometry = [f for f in files if f.parts[0] == "geo"]
    assert all(f.parts[0] == "topojson" for f in files if f not in geometry), files
    for name in geometry:
        assert len(name.parts) == 2 and re.fullmatch(r"[a-z]+-[0-9a-f]{20}\.geojson",
                                                     name.parts[1]), name
        text = (ROOT / "static" / name).read_text("utf-8")
        assert json.loads(text)["type"] == "FeatureCollection", name
    base_map = [f for f in files if f not in geometry]
    assert {f.suffix for f in base_map} <= {".json", ".txt", ".md"}
    assert any(f.suffix == ".json" for f in base_map)


def test_no_full_garbage_collection_after_every_run(config):
    """Streamlit's post-run gc.collect(2) walked every cached object on every rerun (~100 ms of
    CPU a run, docs/performance.md); Python's own collector still runs."""
    assert config["runner.postScriptGC"] is False


def test_the_charts_read_the_base_map_from_the_static_folder():
    from ui import PLOTLY_CONFIG

    assert PLOTLY_CONFIG["topojsonURL"] == "/app/static/topojson/"
    assert (ROOT / "static" / "topojson" / "world_110m.json").exists()
