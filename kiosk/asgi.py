"""The kiosk's web app: app.py served by Streamlit (`st.App`) behind one rule of its own, so that
every URL shows the kiosk (`make kiosk` serves this; the dashboard's dashboard_app.py sends such
paths to their first segment instead).

Streamlit answers any path with its page, but the page loads its scripts relative to the path:
at /a/b the browser asks for /a/static/… and gets the page again, so the screen stays blank.
A path of two or more segments that is none of Streamlit's own (its files, its /_stcore routes,
the static map files under /app/static) is therefore sent to / with a redirect. One-segment
paths (/foo) reach app.py, whose kiosk branch shows the kiosk for any of them.
"""

from __future__ import annotations

from pathlib import Path

from starlette.middleware import Middleware
from streamlit.starlette import App

from dashboard_app import NestedPathsRedirect  # the dashboard's rule (serve.py: root on the path)


def to_the_kiosk(segments: list[str], query: str) -> str:
    return "/"


app = App(Path(__file__).resolve().parents[1] / "app.py",
          middleware=[Middleware(NestedPathsRedirect, target=to_the_kiosk)])
