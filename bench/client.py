"""A websocket client that speaks Streamlit's own protocol, like a browser tab does.

It connects to ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol ``streamlit``), sends
``BackMsg.rerun_script`` with a query string, a page and widget states, and reads ``ForwardMsg``
frames until ``script_finished``. Like the browser it keeps the hashes of cacheable messages it
has received and sends them with every rerun, so the server replaces unchanged large elements
with a reference (what a real browser receives).

Keep-alive like a real client: websockets' default pings (every 20 s, 20 s to answer) stay on,
and opening a connection may take as long as Streamlit's frontend waits (15 s) — so a server whose
event loop stalls longer than that loses this client, as keep-alive checks lose real users,
instead of looking healthy. (Streamlit's server pings every 30 s itself.) A connection closed by
the server or by a ping timeout is recorded as dropped (`Session.dropped`), and the run it ends
as `closed`. A download button built on click is fetched as the browser does (`download_url`).

Behind a load balancer the client behaves like a browser's cookie jar for the session: it sends
the cookies it has (e.g. HAProxy's affinity cookie) with the websocket upgrade and keeps the ones
the upgrade's response sets; `fetch` gets a media or download URL with them.

Only loopback addresses are accepted. Every wait is bounded by a timeout.
"""

from __future__ import annotations

import asyncio
import struct
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FINISHED = ForwardMsg.ScriptFinishedStatus
# Widget element types whose state is the formatted label of the chosen option.
STRING_WIDGETS = ("selectbox", "radio")
# Keep-alive as websockets' defaults; connection set-up as long as Streamlit's frontend waits
# (15 s, 60 s on Android) before it gives up and tries again.
PING_INTERVAL = 20.0
PING_TIMEOUT = 20.0
OPEN_TIMEOUT = 15.0


class ProtocolError(RuntimeError):
    """The server closed the connection or did not finish a run in time."""


@dataclass
class RunResult:
    """One script run as seen by the client."""

    seconds: float = 0.0                 # request sent -> script_finished received
    fragment: bool = False               # a fragment's rerun, not the whole page's
    bytes: int = 0                       # sum of ForwardMsg frame sizes received
    messages: int = 0
    status: str = "finished"             # finished | timeout | closed | compile_error
    errors: list[str] = field(default_factory=list)   # exception elements, error alerts
    elements: Counter = field(default_factory=Counter)  # element kinds (new_element, blocks)
    references: int = 0                  # elements replaced by a cache reference
    plotly_specs: list[int] = field(default_factory=list)  # spec length of each plotly chart
    texts: list[str] = field(default_factory=list)         # markdown and caption bodies
    downloads: list[str] = field(default_factory=list)     # download buttons: media URL, or
                                                           # "deferred:<file id>" (built on click)
    recorded: list[bytes] = field(default_factory=list)    # raw delta frames (record=True)

    @property
    def ok(self) -> bool:
        return self.status == "finished" and not self.errors

    @property
    def dropped(self) -> bool:
        """The connection closed under the run (server gone, or a keep-alive ping timed out)."""
        return self.status == "closed"


@dataclass
class Widget:
    kind: str
    id: str
    options: tuple[str, ...]
    value: str | None
    fragment: str = ""   # the st.fragment it was drawn in ("" for the page): a change reruns it


class Session:
    """One browser tab: a websocket, its widgets, its URL query string and its message cache."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", timeout: float = 60.0,
                 record: bool = False, cookies: dict[str, str] | None = None,
                 ping_interval: float | None = PING_INTERVAL,
                 ping_timeout: float | None = PING_TIMEOUT,
                 open_timeout: float = OPEN_TIMEOUT):
        if host not in LOOPBACK:
            raise ValueError("the benchmark only talks to loopback addresses")
        self.host, self.port = host, port
        self.url = f"ws://{host}:{port}/_stcore/stream"
        self.timeout = timeout
        self.record = record
        self.cookies = dict(cookies or {})
        self.ping_interval, self.ping_timeout = ping_interval, ping_timeout
        self.open_timeout = open_timeout
        self.dropped: str | None = None       # why the connection closed under us, if it did
        self.session_id = ""
        self.query_string = ""
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.cached: set[str] = set()
        self._frames: dict[str, bytes] = {}   # cacheable frames by hash (record=True only)
        self._ws = None

    async def __aenter__(self) -> Session:
        headers = {"Cookie": cookie_header(self.cookies)} if self.cookies else None
        self._ws = await asyncio.wait_for(
            connect(self.url, subprotocols=["streamlit"], max_size=None, compression=None,
                    additional_headers=headers, ping_interval=self.ping_interval,
                    ping_timeout=self.ping_timeout, open_timeout=self.open_timeout,
                    close_timeout=2, proxy=None),     # loopback: never via $http_proxy
            self.open_timeout + 1)
        for value in self._ws.response.headers.get_all("Set-Cookie"):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0].strip()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self._ws is not None:
            try:
                await asyncio.wait_for(self._ws.close(), 5)
            except (TimeoutError, Exception):  # noqa: BLE001 - closing is best effort
                pass
            self._ws = None

    def lost(self) -> bool:
        """True when the connection is gone although we never closed it (the server closed it
        or a keep-alive ping went unanswered), also while no run was reading."""
        if self.dropped is None and self._ws is not None and self._ws.state is State.CLOSED:
            self._closed_under_us(ConnectionError("closed while idle"))
        return self.dropped is not None

    def _closed_under_us(self, error: BaseException) -> ProtocolError:
        code = getattr(self._ws, "close_code", None)
        reason = getattr(self._ws, "close_reason", None) or str(error)
        self.dropped = f"{code} {reason}".strip() if code is not None else reason
        return ProtocolError(self.dropped)

    async def download_url(self, download: str) -> str:
        """The media URL of a download button (RunResult.downloads): as it is, or for a deferred
        one ("deferred:<id>", data built on click) asked from the server as the browser asks
        on a click (a backend operation over the websocket)."""
        if not download.startswith("deferred:"):
            return download
        message = BackMsg()
        request = message.backend_operation_request
        request.request_id = f"bench-{time.perf_counter_ns()}"
        request.session_id = self.session_id
        request.deferred_file.file_id = download.removeprefix("deferred:")

        async def answer() -> str:
            while True:
                frame = await self._ws.recv()
                reply = ForwardMsg()
                reply.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
                response = reply.backend_operation_response
                if (reply.WhichOneof("type") == "backend_operation_response"
                        and response.request_id == request.request_id):
                    if response.error_msg:
                        raise ProtocolError(response.error_msg)
                    return response.deferred_file.url

        await self._ws.send(message.SerializeToString())
        return await asyncio.wait_for(answer(), self.timeout)

    async def fetch(self, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
        """GET `path` (e.g. a download button's /media/… URL) from the same host with this
        session's cookies, as the browser tab would: (status, body)."""
        return await asyncio.to_thread(fetch, self.port, path, self.cookies, host=self.host,
                                       timeout=timeout)

    # --- requests -------------------------------------------------------------------------

    async def load(self, page: str = "", query: str = "") -> RunResult:
        """Open `page` (its URL path, '' for the default page) with `query` (no '?'), as a
        deep link does: fresh widgets, no widget states sent."""
        self.widgets.clear()
        self.page_hash = ""
        return await self.rerun(query_string=query, page_name=page)

    async def change(self, name: str, *, option: str | None = None,
                     index: int | None = None) -> RunResult:
        """Change the widget keyed `w_<name>` (ui.choose) to the option with that label or at
        that index, as a user picking it in the browser does."""
        widget = self.widget(name)
        if option is None:
            option = widget.options[index or 0]
        if option not in widget.options:
            raise ValueError(f"{name}: {option!r} is not an option")
        state = WidgetState(id=widget.id, string_value=option)
        return await self.rerun(query_string=self.query_string, page_hash=self.page_hash,
                                widget_states=[state], fragment_id=widget.fragment)

    def widget(self, name: str) -> Widget:
        try:
            return self.widgets[name]
        except KeyError:
            raise KeyError(f"no widget w_{name} on the page (have {sorted(self.widgets)})") \
                from None

    async def rerun(self, *, query_string: str = "", page_name: str = "", page_hash: str = "",
                    widget_states: list[WidgetState] = (), fragment_id: str = ""
                    ) -> RunResult:
        """One run; with `fragment_id`, as the browser sends a change of a widget drawn inside
        that st.fragment: only the fragment reruns."""
        if self._ws is None:
            raise ProtocolError("not connected")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_name = page_name
        state.page_script_hash = page_hash
        state.widget_states.widgets.extend(widget_states)
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(sorted(self.cached))
        result = RunResult(fragment=bool(fragment_id))
        started = time.perf_counter()
        try:
            await self._ws.send(message.SerializeToString())
            await asyncio.wait_for(self._read_run(result), self.timeout)
        except TimeoutError:
            result.status = "timeout"
        except ProtocolError:
            result.status = "closed"
        except ConnectionClosed as error:   # closed while we were not reading (between runs)
            self._closed_under_us(error)
            result.status = "closed"
        result.seconds = time.perf_counter() - started
        return result

    # --- reading ----------------------------------------------------------------------------

    async def _read_run(self, result: RunResult) -> None:
        while True:
            try:
                frame = await self._ws.recv()
            except Exception as error:  # noqa: BLE001 - any close ends the run
                raise self._closed_under_us(error) from None
            if isinstance(frame, str):
                frame = frame.encode()
            result.bytes += len(frame)
            result.messages += 1
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._delta(message, frame, result)
            elif kind == "ref_hash":
                result.references += 1
                if self.record and message.ref_hash in self._frames:
                    original = ForwardMsg()
                    original.ParseFromString(self._frames[message.ref_hash])
                    original.metadata.CopyFrom(message.metadata)
                    result.recorded.append(original.SerializeToString())
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "new_session":
                self.page_hash = message.new_session.page_script_hash or self.page_hash
                self.session_id = message.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash or self.page_hash
            elif kind == "script_finished":
                status = message.script_finished
                if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue   # e.g. st.switch_page: another run follows
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    result.status = "compile_error"
                return

    def _delta(self, message: ForwardMsg, frame: bytes, result: RunResult) -> None:
        if message.metadata.cacheable and message.hash:
            self.cached.add(message.hash)
            if self.record:
                self._frames[message.hash] = frame
        if self.record:
            result.recorded.append(frame)
        delta = message.delta
        which = delta.WhichOneof("type")
        if which == "add_block":
            result.elements["block"] += 1
            return
        if which != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        result.elements[kind] += 1
        if kind == "exception":
            result.errors.append(f"exception: {element.exception.type}: "
                                 f"{element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            result.errors.append(f"error alert: {element.alert.body[:200]}")
        elif kind == "plotly_chart":
            result.plotly_specs.append(len(element.plotly_chart.spec))
        elif kind == "markdown":
            result.texts.append(element.markdown.body)
        elif kind == "download_button":
            button = element.download_button
            result.downloads.append(button.url or f"deferred:{button.deferred_file_id}")
        elif kind in STRING_WIDGETS:
            proto = getattr(element, kind)
            key = proto.id.rsplit("-", 1)[-1] if "-w_" in proto.id else None
            if key and key.startswith("w_"):
                options = tuple(proto.options)
                value = (proto.raw_value if proto.set_value else
                         options[proto.default] if proto.HasField("default") and options
                         else None)
                self.widgets[key[2:]] = Widget(kind, proto.id, options, value,
                                               message.delta.fragment_id)


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via $http_proxy


def fetch(port: int, path: str, cookies: dict[str, str] | None = None, *,
          host: str = "127.0.0.1", timeout: float = 30.0) -> tuple[int, bytes]:
    """GET http://host:port/path with `cookies`: (status, body); an HTTP error is a status."""
    if host not in LOOPBACK:
        raise ValueError("the benchmark only talks to loopback addresses")
    request = urllib.request.Request(f"http://{host}:{port}/{path.lstrip('/')}")
    if cookies:
        request.add_header("Cookie", cookie_header(cookies))
    try:
        with _DIRECT.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def write_frames(path, frames: list[bytes]) -> None:
    """Recorded frames, length-prefixed, for bench/floor_app.py."""
    with open(path, "wb") as handle:
        for frame in frames:
            handle.write(struct.pack("<I", len(frame)))
            handle.write(frame)
