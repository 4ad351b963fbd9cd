"""The dashboard's web app: app.py served by Streamlit (`st.App`) behind one rule of its own,
so that every URL shows our own page or our own "not found" view (what `make run`, `make serve`
and the browser tests serve, through serve.py).

Streamlit answers any path with its page, but the page loads its scripts relative to the path:
at /a/b the browser asks for /a/static/… and gets the page again, so the screen stays blank.
A path of two or more segments that is none of Streamlit's own (its files, its /_stcore routes,
the static map files under /app/static) is therefore redirected to its first segment, query
kept: /map/x → /map (the map), /a/b → /a (app.py's bilingual not-found view). The kiosk
(kiosk/asgi.py) sends such paths to / instead: every kiosk URL shows the kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.starlette import App

STREAMLIT_PATHS = {"_stcore", "static", "app", "component", "media", "-"}


def first_segment(segments: list[str], query: str) -> str:
    """/a/b?x=1 → /a?x=1."""
    return f"/{segments[0]}" + (f"?{query}" if query else "")


class NestedPathsRedirect:
    """Redirect (303) a nested path that is not Streamlit's own to `target(segments, query)`."""

    def __init__(self, app: ASGIApp, target: Callable[[list[str], str], str] = first_segment):
        self.app = app
        self.target = target

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        segments = [s for s in scope.get("path", "/").strip("/").split("/") if s]
        if (scope["type"] == "http" and len(segments) > 1
                and not STREAMLIT_PATHS & set(segments)):
            query = scope.get("query_string", b"").decode("latin-1")
            location = self.target(segments, query)
            await RedirectResponse(location, status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)


app = App(Path(__file__).resolve().parent / "app.py",
          middleware=[Middleware(NestedPathsRedirect)])
