"""Serve the dashboard as identical Streamlit replicas behind HAProxy (`make serve`).

    python -m deploy.supervise [--replicas N] [--address 127.0.0.1] [--port 8080]
                               [--run-dir DIR] [--haproxy PATH] [-- streamlit options]

One Streamlit process runs its scripts under one GIL: one core, whatever the machine has. Many
users therefore need several processes, and since a Streamlit session lives in the process that
holds its websocket, a browser must keep reaching the same process (its media and downloads are
fetched over HTTP from that process). In order, this module:

1. checks that the published database ($UMEA_DB) exists (the replicas never build it: N of them
   would build it at once) and that HAProxy is installed;
2. renders deploy/haproxy.cfg.template into the run folder and lets HAProxy check it (`-c`);
3. starts N replicas, each through serve.py (public, office) or the kiosk launcher (kiosk), on its
   own free loopback port, all with the same environment: the same UMEA_DB (an immutable
   published file; a publish replaces it atomically and every replica reopens it when the file's
   identity changes), the same absolute UMEA_PULSE_DB (one SQLite file in WAL mode, which
   concurrent writers share safely) and the same cookie secret (Streamlit's signed cookies);
4. waits for every replica's /_stcore/health (bounded), then starts HAProxy in the foreground;
5. supervises: a replica that exits is restarted on its port after a backoff (1, 2, 4 … 30 s
   for failures in a row; back to 1 s once it has been healthy for a minute); one that does not
   get healthy within START_SECONDS is killed and restarted. HAProxy's own health checks take a
   dead replica out of the rotation meanwhile, and its sessions move to another replica (their
   browsers reconnect). A replica that is alive but slow is left alone: under load one event
   loop answers late, and killing it would drop every session it serves. HAProxy is restarted
   the same way if it exits;
6. on SIGTERM or SIGINT stops HAProxy (no new connections), then the replicas (SIGTERM, SIGKILL
   after STOP_SECONDS), and exits 0.

Progress goes to stdout; each child's output to `<run dir>/<name>.log`; the current state (ports,
starts, each replica's state as the supervisor and as the proxy see it) to
`<run dir>/state.json`, replaced atomically on every change. Children run in their own process
group (a Ctrl-C reaches only the supervisor, which stops them in order) and get SIGTERM if the
supervisor itself dies (Linux PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
SERVE = ROOT / "serve.py"
HOST = "127.0.0.1"          # replicas listen on loopback only; HAProxy is the way in
COOKIE = "UMEA_REPLICA"     # HAProxy's affinity cookie; its value names the replica (r1, r2 …)
START_SECONDS = 120.0       # a replica not healthy by then is killed and started again
STOP_SECONDS = 10.0         # SIGTERM, then SIGKILL
HEALTHY_RESET_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 30.0
TICK_SECONDS = 0.25
PROXY_POLL_SECONDS = 1.0

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via $http_proxy


class SupervisorError(RuntimeError):
    """The set-up cannot be served (missing database, bad configuration, proxy not starting)."""


# --- pieces ---------------------------------------------------------------------------------

def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def backoff_seconds(failures: int) -> float:
    """Seconds to wait before the next start after `failures` failures in a row:
    1, 2, 4, 8, 16, 30, 30 …"""
    return min(MAX_BACKOFF_SECONDS, 2.0 ** max(0, failures - 1))


def render_config(*, address: str, port: int, replicas: Sequence[tuple[str, int]],
                  stats_socket: Path, upload_allowed: bool, template: Path = TEMPLATE) -> str:
    """The HAProxy configuration for `replicas` ((name, loopback port) pairs)."""
    servers = "\n".join(f"    server {name} {HOST}:{replica_port} cookie {name}"
                        for name, replica_port in replicas)
    return string.Template(template.read_text(encoding="utf-8")).substitute(
        address=address, port=port, stats_socket=stats_socket, cookie=COOKIE,
        upload_allowed="always_true" if upload_allowed else "always_false", servers=servers)


def proxy_states(stats_socket: Path, backend: str = "replicas",
                 timeout: float = 2.0) -> dict[str, str]:
    """Each replica's state as HAProxy sees it ("UP", "DOWN", "UP 1/2" …), from `show stat`
    on its stats socket; {} when the proxy does not answer."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(timeout)
            client.connect(str(stats_socket))
            client.sendall(b"show stat\n")
            chunks = []
            while chunk := client.recv(65536):
                chunks.append(chunk)
    except OSError:
        return {}
    text = b"".join(chunks).decode("utf-8", "replace").lstrip("# ")
    states = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("pxname") == backend and row.get("svname") not in ("FRONTEND", "BACKEND"):
            states[row["svname"]] = row.get("status", "")
    return states


def healthy(port: int, timeout: float = 1.0) -> bool:
    """True when the replica on loopback `port` answers /_stcore/health with 200."""
    try:
        with _DIRECT.open(f"http://{HOST}:{port}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the supervisor dies (Linux), never orphaned."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def _describe_exit(code: int) -> str:
    return f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"


def _tail(path: Path, offset: int = 0, lines: int = 6) -> list[str]:
    """The last `lines` lines written to `path` after byte `offset` (this start's output)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace").splitlines()[-lines:]
    except FileNotFoundError:
        return []


@dataclass
class Child:
    """One supervised process: a replica or the proxy. `probe` says whether it is ready."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    probe: Callable[[], bool]
    port: int = 0
    process: subprocess.Popen | None = None
    state: str = "stopped"          # starting | ready | waiting (to be restarted) | stopped
    starts: int = 0
    failures: int = 0               # failures in a row (for the backoff)
    started_at: float = 0.0
    ready_at: float | None = None
    retry_at: float = 0.0
    last_exit: str | None = None
    log_offset: int = 0             # where this start's output begins in the log

    def start(self) -> None:
        with open(self.log, "ab") as output:
            self.log_offset = output.tell()
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)
        self.starts += 1
        self.state = "starting"
        self.started_at = time.monotonic()
        self.ready_at = None

    def poll(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, number: int) -> None:
        """Signal the child's process group while the child is alive (never a reaped pid)."""
        if self.running():
            try:
                os.killpg(self.process.pid, number)
            except ProcessLookupError:
                pass

    def record(self) -> dict:
        return {"name": self.name, "port": self.port, "state": self.state,
                "starts": self.starts, "last_exit": self.last_exit,
                "pid": self.process.pid if self.running() else None}


# --- the supervisor -------------------------------------------------------------------------

@dataclass
class Supervisor:
    replica_count: int
    address: str
    port: int
    run_dir: Path
    env: dict[str, str]
    haproxy: str = "/usr/sbin/haproxy"
    options: list[str] = field(default_factory=list)
    out: object = sys.stdout

    def __post_init__(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.config = self.run_dir / "haproxy.cfg"
        self.stats_socket = self.run_dir / "haproxy.sock"
        self.state_file = self.run_dir / "state.json"
        self.mode = self.env.get("UMEA_MODE", "public").strip().lower() or "public"
        self.stopping = False
        self.serving = False
        self.proxy_view: dict[str, str] = {}
        self._last_poll = 0.0
        self._last_state = ""
        self.replicas = [self._replica(f"r{i + 1}", free_port())
                         for i in range(self.replica_count)]
        self.proxy = Child("haproxy", [self.haproxy, "-db", "-f", str(self.config)],
                           dict(os.environ), self.run_dir / "haproxy.log",
                           probe=lambda: bool(proxy_states(self.stats_socket)), port=self.port)

    def _replica(self, name: str, port: int) -> Child:
        if self.mode == "kiosk":     # the kiosk's locked configuration, as `make kiosk` runs it
            from kiosk.launch import kiosk_environment, streamlit_command

            command = streamlit_command(address=HOST, port=port)
            env = kiosk_environment(self.env)
        else:
            command = [sys.executable, str(SERVE), "--server.address", HOST,
                       "--server.port", str(port), "--server.headless", "true"]
            env = dict(self.env)
        return Child(name, [*command, *self.options], env, self.run_dir / f"{name}.log",
                     probe=lambda: healthy(port), port=port)

    def say(self, text: str) -> None:
        print(f"[serve {time.strftime('%H:%M:%S')}] {text}", file=self.out, flush=True)

    # --- set-up ---

    def prepare(self) -> None:
        """Write the proxy's configuration and have HAProxy check it."""
        self.config.write_text(render_config(
            address=self.address, port=self.port,
            replicas=[(r.name, r.port) for r in self.replicas],
            stats_socket=self.stats_socket, upload_allowed=self.mode == "office"),
            encoding="utf-8")
        check = subprocess.run([self.haproxy, "-c", "-f", str(self.config)],
                               capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise SupervisorError(f"HAProxy refuses {self.config}:\n{check.stdout}{check.stderr}")

    def start(self) -> None:
        self.prepare()
        self.say(f"database {self.env['UMEA_DB']}; pulse {self.env['UMEA_PULSE_DB']}; "
                 f"mode {self.mode}; run folder {self.run_dir}")
        for replica in self.replicas:
            replica.start()
            self.say(f"{replica.name} starting on {HOST}:{replica.port}")
        deadline = time.monotonic() + START_SECONDS
        while (not self.stopping and time.monotonic() < deadline
               and any(r.state != "ready" for r in self.replicas)):
            self._watch_replicas()
            self._write_state()
            time.sleep(TICK_SECONDS)
        if self.stopping:
            return
        self.proxy.start()
        deadline = time.monotonic() + 15
        while not self.stopping and time.monotonic() < deadline:
            if self.proxy.poll() is not None:
                raise SupervisorError(
                    f"HAProxy exited at start ({_describe_exit(self.proxy.poll())}):\n"
                    + "\n".join(_tail(self.proxy.log, self.proxy.log_offset)))
            if self.proxy.probe():
                break
            time.sleep(TICK_SECONDS)
        else:
            if not self.stopping:
                raise SupervisorError("HAProxy did not start within 15 s")
        if self.stopping:
            return
        self.proxy.state, self.proxy.ready_at = "ready", time.monotonic()
        self.serving = True
        ready = sum(r.state == "ready" for r in self.replicas)
        self.say(f"serving http://{self.address}:{self.port}/ — {ready} of "
                 f"{len(self.replicas)} replicas ready (Ctrl-C stops)")
        self._write_state()

    # --- supervision ---

    def _watch(self, child: Child, now: float) -> None:
        code = child.poll()
        if child.state in ("starting", "ready") and code is not None:
            quick = child.ready_at is None or now - child.ready_at < HEALTHY_RESET_SECONDS
            child.failures = child.failures + 1 if quick else 1
            child.last_exit = _describe_exit(code)
            child.state = "waiting"
            delay = backoff_seconds(child.failures)
            child.retry_at = now + delay
            self.say(f"{child.name} exited ({child.last_exit}); restarting in {delay:.0f} s")
            if code > 0:   # it failed by itself: show why (a signal came from outside)
                for line in _tail(child.log, child.log_offset):
                    self.say(f"  {child.name} | {line}")
        elif child.state == "starting":
            if child.probe():
                child.state, child.ready_at = "ready", now
                self.say(f"{child.name} ready ({now - child.started_at:.1f} s, "
                         f"start {child.starts})")
            elif now - child.started_at > START_SECONDS:
                self.say(f"{child.name} not healthy after {START_SECONDS:.0f} s: killing it")
                child.signal(signal.SIGKILL)
        elif child.state == "waiting" and now >= child.retry_at:
            child.start()
            self.say(f"{child.name} starting again (start {child.starts})")

    def _watch_replicas(self) -> None:
        now = time.monotonic()
        for replica in self.replicas:
            self._watch(replica, now)

    def _poll_proxy(self) -> None:
        now = time.monotonic()
        if now - self._last_poll < PROXY_POLL_SECONDS:
            return
        self._last_poll = now
        view = proxy_states(self.stats_socket)
        for name, state in sorted(view.items()):
            before = self.proxy_view.get(name)
            if before is not None and before.split()[0] != state.split()[0]:
                self.say(f"proxy: {name} is {state.split()[0]}")
        if view:
            self.proxy_view = view

    def step(self) -> None:
        """One round: replicas, the proxy, the proxy's view, the state file."""
        self._watch_replicas()
        if self.serving:
            self._watch(self.proxy, time.monotonic())
            self._poll_proxy()
        self._write_state()

    def _write_state(self) -> None:
        state = {
            "serving": self.serving and not self.stopping,
            "url": f"http://{self.address}:{self.port}/", "mode": self.mode,
            "database": self.env.get("UMEA_DB"), "pulse_database": self.env.get("UMEA_PULSE_DB"),
            "proxy": self.proxy.record(),
            "replicas": [r.record() | {"proxy": self.proxy_view.get(r.name)}
                         for r in self.replicas],
        }
        text = json.dumps(state, indent=1)
        if text != self._last_state:
            temporary = self.state_file.with_suffix(".tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.state_file)
            self._last_state = text

    # --- stopping ---

    def request_stop(self, signum: int, _frame=None) -> None:
        if not self.stopping:
            self.say(f"{signal.Signals(signum).name}: stopping")
        self.stopping = True

    def stop(self) -> None:
        """The proxy first (no new connections), then the replicas; SIGKILL after a grace."""
        self.stopping = True
        self.proxy.signal(signal.SIGTERM)
        for replica in self.replicas:
            replica.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        children = [self.proxy, *self.replicas]
        while time.monotonic() < deadline and any(c.running() for c in children):
            time.sleep(0.1)
        for child in children:
            if child.running():
                self.say(f"{child.name} did not stop within {STOP_SECONDS:.0f} s: killing it")
                child.signal(signal.SIGKILL)
                child.process.wait(5)
            child.state = "stopped"
        self.serving = False
        self._write_state()
        self.say("stopped")

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        try:
            self.start()
            while not self.stopping:
                self.step()
                time.sleep(TICK_SECONDS)
        finally:
            self.stop()
        return 0


# --- command line ---------------------------------------------------------------------------

def replica_environment() -> dict[str, str]:
    """The environment every replica shares: this one, with UMEA_DB and UMEA_PULSE_DB made
    absolute by the app's own rules (so every replica opens the same two files), one cookie
    secret and unbuffered output."""
    from indicators.data.config import database_path
    from indicators.data.pulse import pulse_path

    env = dict(os.environ)
    env["UMEA_DB"] = str(database_path().resolve())
    env["UMEA_PULSE_DB"] = str(pulse_path().resolve())
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Arguments after `--` go to every replica's "
                                            "`streamlit run`.")
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1,
                        help="Streamlit processes (default: the number of cores)")
    parser.add_argument("--address", default="127.0.0.1", help="the proxy's address")
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port")
    parser.add_argument("--run-dir", type=Path, default=None,
                        help="folder for haproxy.cfg, logs and state.json (default: a new "
                             "temporary folder, removed at a clean stop)")
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    parser.add_argument("options", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if not Path(args.haproxy).exists():
        print(f"HAProxy is missing ({args.haproxy}): apt-get install haproxy "
              "(`make serve` does it when run as root)", file=sys.stderr)
        return 2
    env = replica_environment()
    if not Path(env["UMEA_DB"]).is_file():
        print(f"No published database at {env['UMEA_DB']}: build it first (`make db`); "
              "replicas never build it themselves.", file=sys.stderr)
        return 2
    temporary = args.run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="umea-serve-")) if temporary else args.run_dir
    supervisor = Supervisor(args.replicas, args.address, args.port, run_dir, env,
                            haproxy=args.haproxy, options=list(args.options))
    try:
        code = supervisor.run()
    except SupervisorError as error:
        print(f"make serve: {error}", file=sys.stderr)
        return 1
    if temporary:
        shutil.rmtree(run_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
