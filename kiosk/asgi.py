"""The kiosk's web app: app.py served by Streamlit (`st.App`) behind one rule of its own, so that
every URL shows the kiosk (`make kiosk` serves this; the public app has no such rule).

Streamlit answers any path with its page, but the page loads its scripts relative to the path:
at /a/b the browser asks for /a/static/… and gets the page again, so the screen stays blank.
A path of two or more segments that is none of Streamlit's own (its files, its /_stcore routes,
the static map files under /app/static) is therefore sent to / with a redirect. One-segment
paths (/foo) reach app.py, whose kiosk branch shows the kiosk for any of them.
"""

from __future__ import annotations

from pathlib import Path

from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.starlette import App

STREAMLIT_PATHS = {"_stcore", "static", "app", "component", "media", "-"}


class EveryPathShowsTheKiosk:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        segments = scope.get("path", "/").strip("/").split("/")
        if (scope["type"] == "http" and len(segments) > 1
                and not STREAMLIT_PATHS & set(segments)):
            await RedirectResponse("/", status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)


app = App(Path(__file__).resolve().parents[1] / "app.py",
          middleware=[Middleware(EveryPathShowsTheKiosk)])
