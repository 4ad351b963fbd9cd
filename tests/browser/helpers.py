"""Helpers for the browser tests: waiting for Streamlit, reading the menu, recording requests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"   # git-ignored; CI keeps it as an artifact
SCREENSHOTS_TAKEN: list[Path] = []
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
TIMEOUT_MS = 30_000


class RequestLog:
    """Every request a page makes (HTTP and websocket), with failures and final statuses."""

    def __init__(self, page):
        self.urls: list[str] = []
        self.failed: list[str] = []
        self.statuses: dict[str, int] = {}
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(request.url))
        page.on("response", lambda response: self.statuses.__setitem__(response.url,
                                                                        response.status))
        page.on("websocket", lambda socket_: self.urls.append(socket_.url))

    def foreign(self) -> list[str]:
        """Request URLs whose host is not the loopback (data: and blob: URLs stay in the page)."""
        return [u for u in self.urls if urlsplit(u).scheme not in ("data", "blob", "about")
                and urlsplit(u).hostname not in LOCAL_HOSTS]


def wait_for_app(page, *, title: bool = True, sidebar: bool = True) -> None:
    """Wait until Streamlit is connected and has finished running the script.

    The app root carries `data-test-script-state` (initial → running → notRunning); the
    "Running…" status widget must be gone too, and the network idle.
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    if title:
        page.wait_for_selector('[data-testid="stMain"] h1')
    if sidebar:
        page.wait_for_selector('[data-testid="stSidebar"] a[href]')
    page.wait_for_load_state("networkidle")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def open_page(page, url: str, **kwargs) -> None:
    page.goto(url)
    wait_for_app(page, **kwargs)


MENU_LABELS = ('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"] '
               '[data-testid="stMarkdownContainer"]')


def sidebar_labels(page, expected: int | None = None) -> list[str]:
    """The visible labels of the menu's page links, in order; with `expected`, first wait until
    that many have been drawn (on a loaded machine the links arrive one by one)."""
    if expected is not None:
        page.wait_for_function(
            "([selector, n]) => [...document.querySelectorAll(selector)]"
            ".filter(e => e.innerText.trim()).length >= n", arg=[MENU_LABELS, expected])
    return [text.strip() for text in page.locator(MENU_LABELS).all_inner_texts()]


def page_title(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def wait_for_title(page, title: str) -> None:
    """Wait until the page's heading reads `title` and the script has finished."""
    page.wait_for_function(
        "t => document.querySelector('[data-testid=stMain] h1')?.innerText.trim() === t",
        arg=title)
    wait_for_app(page)
