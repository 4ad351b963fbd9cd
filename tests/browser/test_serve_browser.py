"""A real browser through `make serve`'s proxy (two replicas behind HAProxy, deploy/supervise.py):
the page, its websocket and a download all work, and the proxy refuses nothing the page needs.
The proxy itself is tested request by request in tests/test_serve.py, whose set-up this reuses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from deploy.supervise import COOKIE
from tests.browser.helpers import open_page
from tests.test_serve import Served, _publish, haproxy  # noqa: F401 - haproxy is a fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def proxied(haproxy, tmp_path_factory):  # noqa: F811 - the imported fixture
    folder = tmp_path_factory.mktemp("serve-browser")
    db = folder / "served.duckdb"
    _publish(db, "Servetest browser")
    server = Served(haproxy, folder, replicas=2, db=db)
    try:
        server.wait_all_up()
        yield server
    finally:
        server.stop()


def test_a_browser_reads_and_downloads_through_the_proxy(proxied, page):
    refused = []
    page.on("response", lambda r: refused.append((r.status, urlsplit(r.url).path))
            if r.status >= 400 else None)
    sockets = []
    page.on("websocket", lambda socket_: sockets.append(urlsplit(socket_.url).path))
    open_page(page, f"http://127.0.0.1:{proxied.port}/data_methods?lang=sv")

    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get(COOKIE) in {"r1", "r2"}          # the proxy's affinity cookie
    assert sockets == ["/_stcore/stream"]
    assert page.get_by_text("Servetest browser").count() >= 1

    with page.expect_download() as event:
        page.get_by_test_id("stDownloadButton").first.locator("button").click()
    download = event.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), "rb") as handle:
        assert len(handle.read()) > 100

    # Streamlit's frontend first looks for its endpoints under the page's own path
    # (/data_methods/_stcore/health); the replica answers those 404 itself, as without a proxy.
    assert [r for r in refused if not r[1].startswith("/data_methods/_stcore/")] == []
