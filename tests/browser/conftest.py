"""Real-browser fixtures: the app served by `streamlit run` on a free loopback port against the
fixture database, and Debian's chromium driven by Playwright (one page at a time: 2 cores).

Without /usr/bin/chromium (or the playwright package) the browser tests are skipped locally but
FAIL when $CI is set: CI must never silently skip them (`.ci/run` installs chromium).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.helpers import SCREENSHOTS_TAKEN, TIMEOUT_MS, RequestLog

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# The flags measured on this machine: without the background-networking ones chromium tries to
# reach Google's hosts on every start (refused here, and a request we do not want anyway).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_SECONDS = 60


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _healthy(url: str) -> bool:
    try:
        with _DIRECT.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _start_server(db: Path, mode: str, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, UMEA_DB=str(db), UMEA_MODE=mode, PYTHONUNBUFFERED="1")
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the server
    process = subprocess.Popen(
        [sys.executable, "serve.py",   # what `make run` serves
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.log = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _healthy(url):
            return process, url
        time.sleep(0.3)
    _stop_server(process)
    pytest.fail(f"streamlit did not become healthy within {STARTUP_SECONDS} s:\n"
                + log_path.read_text("utf-8", "replace")[-3000:], pytrace=False)


def _stop_server(process: subprocess.Popen) -> None:
    """Terminate the server's whole process group (it was started in its own session)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
    process.log.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def playwright_api():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def chromium(playwright_api):
    """Debian's chromium. Playwright's launch() gives it a fresh, empty temporary
    --user-data-dir of its own (deleted at close); we pass the measured flags."""
    browser = playwright_api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


class Servers:
    """`streamlit run app.py` per mode, started on first use, stopped at the session's end."""

    def __init__(self, db: Path, folder: Path, chromium):
        self.db, self.folder, self.chromium = db, folder, chromium
        self.running: dict[str, tuple[subprocess.Popen, str]] = {}

    def start(self, key: str, mode: str, *, warm: bool = False) -> str:
        """A new server under `key`; `warm` opens `/` once before the tests.

        Served by serve.py, which turns Streamlit's legacy `pages/` discovery off, so a
        cold server needs no warming: test_navigation.py checks a deep link on a cold server.
        """
        process, url = _start_server(self.db, mode, self.folder / f"streamlit-{key}.log")
        self.running[key] = (process, url)
        if warm:
            context = self.chromium.new_context()
            try:
                page = context.new_page()
                page.goto(url + "/")
                page.wait_for_selector(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]',
                    timeout=TIMEOUT_MS)
            finally:
                context.close()
        return url

    def url(self, mode: str) -> str:
        """The shared server of `mode`."""
        if mode not in self.running:
            self.start(mode, mode)
        return self.running[mode][1]

    def stop(self, key: str) -> None:
        process, _ = self.running.pop(key)
        _stop_server(process)

    def stop_all(self) -> None:
        for key in list(self.running):
            self.stop(key)


@pytest.fixture(scope="session")
def servers(chromium, fixture_db, tmp_path_factory):
    manager = Servers(fixture_db, tmp_path_factory.mktemp("server"), chromium)
    yield manager
    manager.stop_all()


@pytest.fixture(scope="session")
def app_url(servers) -> str:
    """Base URL of the app in public mode, served from the fixture database."""
    return servers.url("public")


@pytest.fixture()
def page(chromium):
    """A fresh context and page for each test (no state carried over); closed afterwards."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()


@pytest.fixture()
def requests_log(page) -> RequestLog:
    return RequestLog(page)


def pytest_terminal_summary(terminalreporter):
    """List the screenshots at the end of the run, where CI's log shows them."""
    if SCREENSHOTS_TAKEN:
        terminalreporter.section("browser screenshots")
        for path in SCREENSHOTS_TAKEN:
            terminalreporter.write_line(str(path))
