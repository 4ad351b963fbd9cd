"""Start the kiosk: `python -m kiosk.launch [--address A] [--port P]` (or `make kiosk`).

Reads the locked configuration from kiosk/config.toml (the one place it is kept), turns every
key into a `streamlit run` flag (flags override .streamlit/config.toml key by key), sets
UMEA_MODE=kiosk and replaces this process with Streamlit, started through serve.py (as `make run`
is) so that no URL reaches a page file directly on a fresh server (see there). Browser tests build
the same command with `streamlit_command`, so what they test is what a kiosk runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "kiosk" / "config.toml"
SERVE = ROOT / "serve.py"   # `streamlit run app.py` with the legacy pages/ discovery off
ASGI = ROOT / "kiosk" / "asgi.py"   # app.py behind the rule that every URL shows the kiosk


def load_config(path: Path = CONFIG) -> dict[str, dict[str, Any]]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _flag_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise ValueError(f"unsupported kiosk config value {value!r}")


def config_flags(config: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """`--section.key=value` for every key, in file order."""
    return [f"--{section}.{key}={_flag_value(value)}"
            for section, values in config.items() for key, value in values.items()]


def streamlit_command(*, address: str = "127.0.0.1", port: int = 8501,
                      config: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
    return [sys.executable, str(SERVE), str(ASGI),
            *config_flags(load_config() if config is None else config),
            f"--server.address={address}", f"--server.port={port}"]


def kiosk_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    return dict(os.environ if base is None else base, UMEA_MODE="kiosk")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args(argv)
    command = streamlit_command(address=args.address, port=args.port)
    os.chdir(ROOT)
    os.execve(command[0], command, kiosk_environment())


if __name__ == "__main__":
    main()
