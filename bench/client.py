"""A websocket client that speaks Streamlit's own protocol, like a browser tab does.

It connects to ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol ``streamlit``), sends
``BackMsg.rerun_script`` with a query string, a page and widget states, and reads ``ForwardMsg``
frames until ``script_finished``. Like the browser it keeps the hashes of cacheable messages it
has received and sends them with every rerun, so the server replaces unchanged large elements
with a reference (what a real browser receives).

Only loopback addresses are accepted. Every wait is bounded by a timeout.
"""

from __future__ import annotations

import asyncio
import struct
import time
from collections import Counter
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FINISHED = ForwardMsg.ScriptFinishedStatus
# Widget element types whose state is the formatted label of the chosen option.
STRING_WIDGETS = ("selectbox", "radio")


class ProtocolError(RuntimeError):
    """The server closed the connection or did not finish a run in time."""


@dataclass
class RunResult:
    """One script run as seen by the client."""

    seconds: float = 0.0                 # request sent -> script_finished received
    bytes: int = 0                       # sum of ForwardMsg frame sizes received
    messages: int = 0
    status: str = "finished"             # finished | timeout | closed | compile_error
    errors: list[str] = field(default_factory=list)   # exception elements, error alerts
    elements: Counter = field(default_factory=Counter)  # element kinds (new_element, blocks)
    references: int = 0                  # elements replaced by a cache reference
    plotly_specs: list[int] = field(default_factory=list)  # spec length of each plotly chart
    recorded: list[bytes] = field(default_factory=list)    # raw delta frames (record=True)

    @property
    def ok(self) -> bool:
        return self.status == "finished" and not self.errors


@dataclass
class Widget:
    kind: str
    id: str
    options: tuple[str, ...]
    value: str | None


class Session:
    """One browser tab: a websocket, its widgets, its URL query string and its message cache."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", timeout: float = 60.0,
                 record: bool = False):
        if host not in LOOPBACK:
            raise ValueError("the benchmark only talks to loopback addresses")
        self.url = f"ws://{host}:{port}/_stcore/stream"
        self.timeout = timeout
        self.record = record
        self.query_string = ""
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.cached: set[str] = set()
        self._frames: dict[str, bytes] = {}   # cacheable frames by hash (record=True only)
        self._ws = None

    async def __aenter__(self) -> Session:
        self._ws = await asyncio.wait_for(
            connect(self.url, subprotocols=["streamlit"], max_size=None, compression=None,
                    ping_interval=None, open_timeout=self.timeout, close_timeout=2),
            self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self._ws is not None:
            try:
                await asyncio.wait_for(self._ws.close(), 5)
            except (Exception, asyncio.TimeoutError):  # noqa: BLE001 - closing is best effort
                pass
            self._ws = None

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
                                widget_states=[state])

    def widget(self, name: str) -> Widget:
        try:
            return self.widgets[name]
        except KeyError:
            raise KeyError(f"no widget w_{name} on the page (have {sorted(self.widgets)})") \
                from None

    async def rerun(self, *, query_string: str = "", page_name: str = "", page_hash: str = "",
                    widget_states: list[WidgetState] = ()) -> RunResult:
        if self._ws is None:
            raise ProtocolError("not connected")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_name = page_name
        state.page_script_hash = page_hash
        state.widget_states.widgets.extend(widget_states)
        state.cached_message_hashes.extend(sorted(self.cached))
        result = RunResult()
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        try:
            await asyncio.wait_for(self._read_run(result), self.timeout)
        except asyncio.TimeoutError:
            result.status = "timeout"
        except ProtocolError:
            result.status = "closed"
        result.seconds = time.perf_counter() - started
        return result

    # --- reading ----------------------------------------------------------------------------

    async def _read_run(self, result: RunResult) -> None:
        while True:
            try:
                frame = await self._ws.recv()
            except Exception as error:  # noqa: BLE001 - any close ends the run
                raise ProtocolError(str(error)) from None
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
        elif kind in STRING_WIDGETS:
            proto = getattr(element, kind)
            key = proto.id.rsplit("-", 1)[-1] if "-w_" in proto.id else None
            if key and key.startswith("w_"):
                options = tuple(proto.options)
                value = (proto.raw_value if proto.set_value else
                         options[proto.default] if proto.HasField("default") and options
                         else None)
                self.widgets[key[2:]] = Widget(kind, proto.id, options, value)


def write_frames(path, frames: list[bytes]) -> None:
    """Recorded frames, length-prefixed, for bench/floor_app.py."""
    with open(path, "wb") as handle:
        for frame in frames:
            handle.write(struct.pack("<I", len(frame)))
            handle.write(frame)
