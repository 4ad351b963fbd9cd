"""The framework floor: a Streamlit script that does no app work at all.

For `?case=NAME` it replays the delta messages the real app sent for that run (recorded by the
benchmark client into `$BENCH_FLOOR_DIR/NAME.bin`): the same elements, in the same containers,
with the same payload (plotly specs already serialised, dataframes already Arrow), through
Streamlit's own enqueue path (hashing, message cache references, serialisation, websocket).
No database, no pandas, no figure building. The time a run takes here is what Streamlit needs to
deliver that page; the app's own time is the rest.
"""

import os
import struct
from pathlib import Path

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


@st.cache_resource(show_spinner=False, max_entries=4096)
def recorded(case: str) -> tuple[bytes, ...]:
    """The recorded frames of one case (length-prefixed), read once."""
    folder = Path(os.environ.get("BENCH_FLOOR_DIR", "."))
    path = (folder / f"{case}.bin").resolve()
    if path.parent != folder.resolve() or not path.exists():
        return ()
    data = path.read_bytes()
    frames, offset = [], 0
    while offset < len(data):
        (size,) = struct.unpack_from("<I", data, offset)
        frames.append(data[offset + 4:offset + 4 + size])
        offset += 4 + size
    return tuple(frames)


context = get_script_run_ctx()
for frame in recorded(st.query_params.get("case", "")):
    message = ForwardMsg()
    message.ParseFromString(frame)
    message.hash = ""
    message.metadata.cacheable = False
    message.metadata.ClearField("run")
    context.enqueue(message)
