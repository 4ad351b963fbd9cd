"""Serve the app: `python serve.py [streamlit run options]` (used by `make run`).

Runs `streamlit run app.py` in this process with Streamlit's legacy discovery of the `pages/`
folder switched off from the start. Without this, until some session has run app.py (whose
st.navigation switches it off), a first visitor's deep link such as /map is served by the legacy
discovery: the page alone, without the router's menu, language switch and friendly errors.
(`PagesManager.uses_pages_directory` is Streamlit-internal and pinned with streamlit 1.67;
tests/browser checks the behaviour on a cold server, so an upgrade that changes it fails loudly.)
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "dashboard_app.py"   # app.py behind the nested-path rule


def main(argv: list[str] | None = None) -> int:
    """`argv`: streamlit run options, optionally after another script to run instead of app.py
    (the kiosk's kiosk/asgi.py, which serves app.py itself). Without one: dashboard_app.py, app.py
    behind the rule that nested paths show our own page (see dashboard_app.py)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    args = sys.argv[1:] if argv is None else argv
    script, args = (args[0], args[1:]) if args and args[0].endswith(".py") else (str(APP), args)
    sys.argv = ["streamlit", "run", script, *args]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
