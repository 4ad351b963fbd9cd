"""`make serve` for real: replicas (serve.py) behind Debian's HAProxy, started by
deploy/supervise.py on free loopback ports against a database of our own (the fixture tables,
published through the real publish path), and driven through the proxy the way a browser is:
HTTP with a cookie jar, Streamlit's websocket with the same cookies (bench/client.py), media
downloads.

Without haproxy these tests are skipped locally but FAIL when $CI is set (`.ci/run` installs
it). Every wait is a bounded poll with a generous deadline; no assertion depends on timing or on
a process id (the restart test reads one from the supervisor's state file only to kill that
replica, as an operator would).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.client import Session, fetch
from deploy import supervise
from deploy.supervise import COOKIE, free_port
from indicators.data.store import publish
from indicators.methods.derive import derive
from tests.fixtures.dataset import fixture_tables

ROOT = Path(__file__).resolve().parents[1]
DEADLINE_SECONDS = 120.0     # for any wait: generous, never a measurement
PAGE = "accessibility"       # the cheapest page; every page shows the dataset banner


def run_coroutine(coroutine):
    """asyncio.run in a thread of its own: in one pytest session the browser tests' Playwright
    leaves an event loop running in the main thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the serve tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _wait(condition, what: str, describe=lambda: ""):
    """Poll `condition` until it returns something truthy; fail after DEADLINE_SECONDS."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {DEADLINE_SECONDS:.0f} s\n{describe()}", pytrace=False)


def _publish(path: Path, name: str) -> None:
    publish(derive(fixture_tables()), path, name=name, seed=None, note="tests/test_serve.py")


class Served:
    """One `python -m deploy.supervise` with its run folder."""

    def __init__(self, haproxy: str, folder: Path, *, replicas: int, db: Path):
        self.folder, self.db = folder, db
        self.run_dir = folder / "run"
        self.port = free_port()
        self.pulse = folder / "pulse" / "pulse.sqlite"
        env = dict(os.environ, UMEA_DB=str(db), UMEA_PULSE_DB=str(self.pulse),
                   UMEA_MODE="public")
        self.log = open(folder / "supervise.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deploy.supervise", "--replicas", str(replicas),
             "--address", "127.0.0.1", "--port", str(self.port), "--run-dir",
             str(self.run_dir), "--haproxy", haproxy],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)

    def state(self) -> dict:
        try:
            return json.loads((self.run_dir / "state.json").read_text("utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def replica(self, name: str) -> dict:
        return next(r for r in self.state().get("replicas", []) if r["name"] == name)

    def output(self) -> str:
        self.log.flush()
        text = (self.folder / "supervise.log").read_text("utf-8", "replace")
        return text[-4000:] + "\nstate: " + json.dumps(self.state())

    def all_up(self) -> bool:
        state = self.state()
        return bool(state.get("serving")) and all(
            r["state"] == "ready" and r["proxy"] == "UP" for r in state["replicas"])

    def wait_all_up(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the supervisor exited:\n{self.output()}", pytrace=False)
        _wait(self.all_up, "every replica ready and UP in the proxy", self.output)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()
        return self.process.returncode


class Browser:
    """A browser's cookie jar for the proxy's origin: plain HTTP, and Streamlit sessions that
    carry the same cookies (as the page's websocket does)."""

    def __init__(self, port: int):
        self.port = port
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(f"http://127.0.0.1:{self.port}/{path.lstrip('/')}",
                                  timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value for cookie in self.jar}

    @property
    def replica(self) -> str | None:
        return self.cookies().get(COOKIE)

    def session(self) -> Session:
        return Session(self.port, cookies=self.cookies(), timeout=90)


def _banner(texts: list[str]) -> str:
    return " ".join(texts)


async def _load(browser: Browser, page: str = PAGE):
    async with browser.session() as session:
        return await session.load(page, "lang=sv")


@pytest.fixture(scope="module")
def haproxy() -> str:
    path = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(path).exists():
        _unavailable(f"{path} is missing (apt-get install haproxy)")
    return path


@pytest.fixture(scope="module")
def served(haproxy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "db" / "served.duckdb"
    _publish(db, "Servetest A")
    server = Served(haproxy, folder, replicas=2, db=db)
    try:
        server.wait_all_up()
        yield server
    finally:
        server.stop()


@pytest.fixture()
def up(served) -> Served:
    """The served set-up with every replica back in the proxy (after a restart test)."""
    served.wait_all_up()
    return served


def _two_browsers(port: int) -> tuple[Browser, Browser]:
    """Two browsers whose first page came from different replicas (new browsers are spread
    over the replicas; a few tries at most)."""
    first = Browser(port)
    assert first.get("/")[0] == 200
    for _ in range(8):
        second = Browser(port)
        assert second.get("/")[0] == 200
        if second.replica != first.replica:
            return first, second
    pytest.fail(f"eight new browsers all landed on {first.replica}", pytrace=False)


# --- affinity and downloads ---------------------------------------------------------------

def test_two_browsers_land_on_different_replicas_and_stay_there(up):
    first, second = _two_browsers(up.port)
    assert {first.replica, second.replica} == {"r1", "r2"}
    for browser in (first, second):
        replica = browser.replica
        for _ in range(3):                      # the page again, a static file: same replica
            assert browser.get("/")[0] == 200
        assert browser.replica == replica
        result = run_coroutine(_load(browser))
        assert result.ok, (result.status, result.errors)


def test_a_download_works_through_the_proxy_and_only_on_the_sessions_replica(up):
    first, second = _two_browsers(up.port)

    async def download(owner: Browser, other: Browser):
        async with owner.session() as session:
            result = await session.load("data_methods", "lang=sv")
            assert result.ok, (result.status, result.errors)
            assert result.downloads, "the Data & methods page offers downloads"
            url = await session.download_url(result.downloads[0])
            assert url.startswith("/media/")
            mine = await asyncio.to_thread(owner.get, url)
            theirs = await asyncio.to_thread(other.get, url)
            return mine, theirs

    (status, body), (other_status, _) = run_coroutine(download(first, second))
    assert status == 200 and len(body) > 100
    # The file lives in the session's own process: the other replica does not have it, which
    # is why the proxy keeps every request of a browser on one replica.
    assert other_status == 404


# --- what the proxy lets through ------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/_stcore/metrics", "/%5fstcore/metrics", "/_stcore/%6detrics", "//_stcore/metrics",
    "/_STCORE/metrics", "/_stcore/script-health-check", "/_stcore/agent/openapi.json",
    "/_stcore/agent/mcp", "/_stcore/upload_file/session/file", "/_stcore/bidi-components/x",
    "/component/x/index.html", "/auth/login", "/oauth2callback",
])
def test_internal_endpoints_are_refused_through_the_proxy(up, path):
    status, body = Browser(up.port).get(path)
    assert status == 404
    assert b"session_events" not in body and b"openapi" not in body


def test_what_a_browser_needs_passes_and_metrics_exist_behind_the_proxy(up):
    browser = Browser(up.port)
    for path in ("/", "/map", "/_stcore/health", "/_stcore/host-config",
                 "/app/static/topojson/world_110m.json", "/favicon.png"):
        status, _ = browser.get(path)
        assert status == 200, path
    # The endpoint is there on the replica itself (loopback only): the proxy is what hides it.
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(f"http://127.0.0.1:{up.replica('r1')['port']}/_stcore/metrics",
                     timeout=30) as response:
        assert response.status == 200


# --- publishing ----------------------------------------------------------------------------

def test_a_new_publish_reaches_every_replica_without_a_restart(up):
    first, second = _two_browsers(up.port)
    assert {first.replica, second.replica} == {"r1", "r2"}
    starts = [r["starts"] for r in up.state()["replicas"]]
    for browser in (first, second):
        result = run_coroutine(_load(browser))
        assert result.ok, (browser.replica, result.status, result.errors)
        assert "Servetest A" in _banner(result.texts), browser.replica

    _publish(up.db, "Servetest B")   # a new file, then an atomic replace of the served path

    after = [run_coroutine(_load(b)) for b in (first, second)]
    for browser, result in zip((first, second), after, strict=True):
        assert result.ok, (browser.replica, result.status, result.errors)
        assert "Servetest B" in _banner(result.texts), browser.replica
        assert "Servetest A" not in _banner(result.texts), browser.replica
    assert [r["starts"] for r in up.state()["replicas"]] == starts   # nothing restarted


# --- a replica dies ------------------------------------------------------------------------

def test_a_killed_replica_is_restarted_and_its_browser_reconnects_to_it(up):
    browser = Browser(up.port)
    assert browser.get("/")[0] == 200
    name = browser.replica
    before = up.replica(name)

    async def killed_under_an_open_session():
        async with browser.session() as session:
            assert (await session.load(PAGE, "lang=sv")).ok
            os.kill(before["pid"], signal.SIGKILL)
            deadline = time.monotonic() + DEADLINE_SECONDS
            result = await session.rerun(query_string="lang=sv", page_hash=session.page_hash)
            while result.status != "closed" and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
                result = await session.rerun(query_string="lang=sv",
                                             page_hash=session.page_hash)
            return result, session.dropped

    result, dropped = run_coroutine(killed_under_an_open_session())
    assert result.dropped and dropped

    # Until it is back, requests carrying the dead replica's cookie are still answered (the
    # proxy retries and sends them to another replica).
    statuses = []

    def restarted() -> bool:
        statuses.append(fetch(up.port, "/", {COOKIE: name})[0])
        replica = up.replica(name)
        return replica["starts"] == before["starts"] + 1 and replica["state"] == "ready"

    _wait(restarted, f"{name} restarted by the supervisor", up.output)
    assert set(statuses) == {200}
    assert up.replica(name)["last_exit"] == "signal SIGKILL"
    up.wait_all_up()

    async def reconnect():       # what Streamlit's frontend does after a lost connection
        async with browser.session() as session:
            return await session.load(PAGE, "lang=sv"), session.cookies.get(COOKIE)

    result, cookie = run_coroutine(reconnect())
    assert result.ok, (result.status, result.errors)
    assert cookie == name        # back on its own replica: the proxy set no other cookie


# --- the supervisor on its own ------------------------------------------------------------

def test_sigterm_stops_the_proxy_and_every_replica(haproxy, tmp_path):
    db = tmp_path / "served.duckdb"
    _publish(db, "Servetest stop")
    server = Served(haproxy, tmp_path, replicas=1, db=db)
    try:
        server.wait_all_up()
        ports = [server.port, server.replica("r1")["port"]]
    finally:
        code = server.stop()
    assert code == 0, server.output()
    assert server.state()["serving"] is False
    assert {r["state"] for r in server.state()["replicas"]} == {"stopped"}
    for port in ports:
        _wait(lambda port=port: not supervise.healthy(port, timeout=2),
              f"nothing answers on port {port}")
    assert "stopped" in (tmp_path / "supervise.log").read_text("utf-8")


def test_the_supervisor_refuses_a_missing_database(haproxy, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "deploy.supervise", "--replicas", "1", "--port",
         str(free_port()), "--haproxy", haproxy], cwd=ROOT, capture_output=True, text=True,
        env=dict(os.environ, UMEA_DB=str(tmp_path / "missing.duckdb")), timeout=120)
    assert done.returncode == 2
    assert "make db" in done.stderr


def test_every_replica_gets_the_same_database_pulse_and_secret(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("UMEA_DB", "data/umea.duckdb")            # relative: made absolute once
    monkeypatch.setenv("UMEA_PULSE_DB", str(tmp_path / "pulse.sqlite"))
    monkeypatch.delenv("STREAMLIT_SERVER_COOKIE_SECRET", raising=False)
    env = supervise.replica_environment()
    assert env["UMEA_DB"] == str(ROOT / "data" / "umea.duckdb")
    manager = supervise.Supervisor(3, "127.0.0.1", free_port(), tmp_path / "run", env)
    shared = {(c.env["UMEA_DB"], c.env["UMEA_PULSE_DB"], c.env["STREAMLIT_SERVER_COOKIE_SECRET"])
              for c in manager.replicas}
    assert shared == {(str(ROOT / "data" / "umea.duckdb"), str(tmp_path / "pulse.sqlite"),
                       env["STREAMLIT_SERVER_COOKIE_SECRET"])}
    assert len({c.port for c in manager.replicas}) == 3
    # Headless: Streamlit then refuses the developer-only actions it would otherwise allow to a
    # loopback peer, and behind a local proxy every visitor is a loopback peer.
    assert all("--server.headless" in c.command for c in manager.replicas)


@pytest.mark.parametrize("mode", ["public", "office"])
def test_the_rendered_proxy_configuration_is_valid(haproxy, tmp_path, mode):
    text = supervise.render_config(address="127.0.0.1", port=8080,
                                   replicas=[("r1", 40001), ("r2", 40002)],
                                   stats_socket=tmp_path / "haproxy.sock",
                                   upload_allowed=mode == "office")
    config = tmp_path / "haproxy.cfg"
    config.write_text(text, encoding="utf-8")
    check = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "server r2 127.0.0.1:40002 cookie r2" in text
    assert f"acl upload_allowed always_{'true' if mode == 'office' else 'false'}" in text


def test_backoff_grows_and_is_capped():
    assert [supervise.backoff_seconds(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_the_client_fetches_a_download_built_on_click(tmp_path):
    """Downloads may be deferred (`data=` a callable, built when clicked): the client asks for
    them over the websocket as the browser does, so the download test above keeps working."""
    from bench.server import Server

    script = tmp_path / "deferred_app.py"
    script.write_text('import streamlit as st\n'
                      'st.download_button("csv", data=lambda: b"a;b\\n1;2\\n", '
                      'file_name="x.csv", key="d")\n', encoding="utf-8")

    async def download(port: int):
        async with Session(port, timeout=60) as session:
            result = await session.load()
            assert result.ok and result.downloads[0].startswith("deferred:")
            url = await session.download_url(result.downloads[0])
            return url, await session.fetch(url)

    with Server(script, log=tmp_path / "server.log") as server:
        url, (status, body) = run_coroutine(download(server.port))
    assert url.startswith("/media/") and status == 200 and body == b"a;b\n1;2\n"


def test_the_client_reruns_only_the_fragment_a_widget_was_drawn_in(tmp_path):
    """A widget inside an st.fragment carries the fragment's id; the client sends it with the
    change, as the browser does, and only the fragment reruns (bench/client.py)."""
    from bench.server import Server

    script = tmp_path / "fragment_app.py"
    script.write_text(
        'import streamlit as st\n'
        'st.markdown("outside")\n'
        '@st.fragment\n'
        'def part():\n'
        '    pick = st.selectbox("pick", ["a", "b"], key="w_pick")\n'
        '    st.markdown(f"inside {pick}")\n'
        'part()\n', encoding="utf-8")

    async def change(port: int):
        async with Session(port, timeout=60) as session:
            load = await session.load()
            assert session.widget("pick").fragment
            return load, await session.change("pick", option="b")

    with Server(script, log=tmp_path / "server.log") as server:
        load, changed = run_coroutine(change(server.port))
    assert load.ok and not load.fragment and load.texts == ["outside", "inside a"]
    assert changed.ok and changed.fragment and changed.texts == ["inside b"]


def _change_in_a_fragment(port: int, page: str, query: str, widget: str, page_widget: str):
    """Open `page` through the proxy, check that `widget` was drawn in a fragment and
    `page_widget` was not, and change `widget` to another option as the browser does.
    Returns (the load, the change, the widget before the change, the URL's query after)."""
    browser = Browser(port)
    assert browser.get("/")[0] == 200

    async def change():
        async with browser.session() as session:
            load = await session.load(page, query)
            box = session.widget(widget)
            assert box.fragment and not session.widget(page_widget).fragment
            other = next(o for o in box.options if o != box.value)
            return load, await session.change(widget, option=other), box, session.query_string

    load, changed, box, after = run_coroutine(change())
    assert load.ok and changed.ok and changed.fragment, (load.errors, changed.errors)
    return load, changed, box, after


def test_the_profiles_series_box_reruns_only_its_fragment_through_the_proxy(up):
    """Choosing another indicator over time redraws its chart, not the profile around it."""
    load, changed, box, query = _change_in_a_fragment(
        up.port, "profile", "lang=sv&district=2480P02", "series", "district")
    assert box.value == "Röstberättigade, riksdagsval"
    assert "district=2480P02" in query and "series=perceived_safety" in query   # a link
    assert changed.elements["plotly_chart"] == 1 < load.elements["plotly_chart"]
    assert changed.elements["dataframe"] == 1 < load.elements["dataframe"]   # the chart's table
    assert not any("Jämfört med staden" in t for t in changed.texts)


def test_growths_what_if_reruns_alone_when_the_trend_changes(up):
    """The what-if (trend, persons per home, planned homes) is a fragment: a change sends its
    result, not the outlook chart and the district shares above it."""
    load, changed, _, query = _change_in_a_fragment(up.port, "growth", "lang=sv", "trend",
                                                    "lang")
    assert load.elements["plotly_chart"] >= 2 and changed.elements["plotly_chart"] == 0
    assert changed.elements["metric"] == 1 and changed.elements["dataframe"] == 2 < \
        load.elements["dataframe"]            # the editor and the result, not the scenarios
    assert "trend=" in query and "trend=none" not in query


def test_compares_scatter_reruns_alone_when_an_axis_changes(up):
    """The axes sit with the scatter in a fragment: another x sends the scatter and its table,
    not the ranked bars and the districts × indicators table around them."""
    load, changed, _, _ = _change_in_a_fragment(up.port, "compare", "lang=sv", "x", "year")
    assert changed.elements["plotly_chart"] == 1 < load.elements["plotly_chart"]
    assert changed.elements["dataframe"] == 1 < load.elements["dataframe"]


def test_participations_district_series_reruns_alone(up):
    """The district box sits with its women-and-men series in a fragment: another district
    sends that series, not the turnout charts and tables above it."""
    load, changed, _, _ = _change_in_a_fragment(up.port, "participation", "lang=sv",
                                                "district", "election")
    assert changed.elements["plotly_chart"] == 1 < load.elements["plotly_chart"]
    assert changed.elements["dataframe"] == 1 < load.elements["dataframe"]
