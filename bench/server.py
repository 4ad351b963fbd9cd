"""Start and stop a real `streamlit run` on 127.0.0.1, wait for its health check, read its
memory and CPU time from /proc (no psutil dependency).

The app itself is started the way `make run` starts it, through `serve.py` (Streamlit's legacy
`pages/` discovery switched off before the first session); any other script with
`python -m streamlit run`. `Replicas` starts `make serve`'s set-up instead (deploy/supervise.py:
replicas behind HAProxy)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def memory(pid: int) -> dict[str, int]:
    """Resident memory of a process in bytes: current (VmRSS) and peak (VmHWM)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return {"rss": values.get("VmRSS", 0), "peak": values.get("VmHWM", 0)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, all threads including finished
    ones (Streamlit runs each script run in a new thread), in seconds. Resolution is one clock
    tick (10 ms): use it over many runs. A shared machine's load does not inflate it."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """One `streamlit run SCRIPT` process on a free loopback port."""

    def __init__(self, script: Path | str, *, env: dict[str, str] | None = None,
                 log: Path | None = None, options: dict[str, str] | None = None):
        self.script = Path(script)
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.log = log
        self.options = {
            "server.address": HOST, "server.port": str(self.port), "server.headless": "true",
            "browser.gatherUsageStats": "false", "server.fileWatcherType": "none",
            "server.runOnSave": "false", **(options or {}),
        }
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.healthy_after = None

    def start(self, timeout: float = 60.0) -> float:
        """Start the server; return the seconds until /_stcore/health answered."""
        serve = ROOT / "serve.py"
        if self.script.resolve() == (ROOT / "app.py").resolve() and serve.exists():
            command = [sys.executable, str(serve)]
        else:
            command = [sys.executable, "-m", "streamlit", "run", str(self.script)]
        for name, value in self.options.items():
            command += [f"--{name}", value]
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=output,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if self.log:
            output.close()
        deadline = self.started_at + timeout
        url = f"http://{HOST}:{self.port}/_stcore/health"
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode} "
                                   f"(log: {self.log})")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        self.healthy_after = time.perf_counter() - self.started_at
                        return self.healthy_after
            except OSError:
                pass
            time.sleep(0.02)
        self.stop()
        raise TimeoutError(f"streamlit did not answer within {timeout} s")

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def memory(self) -> dict[str, int]:
        return memory(self.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class Replicas:
    """`make serve` for the benchmark: `python -m deploy.supervise` with `count` replicas behind
    HAProxy on a free loopback port, started with `env`. CPU and memory are the replicas' sums
    (their processes are found in the supervisor's state file, for measuring only)."""

    def __init__(self, count: int, *, env: dict[str, str] | None = None,
                 haproxy: str = "/usr/sbin/haproxy", log: Path | None = None):
        self.count = count
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.haproxy = haproxy
        self.log = log
        self.run_dir: Path | None = None
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    def state(self) -> dict:
        try:
            return json.loads((self.run_dir / "state.json").read_text("utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, TypeError):
            return {}

    def _up(self) -> bool:
        state = self.state()
        return bool(state.get("serving")) and all(
            r["state"] == "ready" and r["proxy"] == "UP" for r in state["replicas"])

    def start(self, timeout: float = 180.0) -> float:
        """Start; return the seconds until every replica was ready and UP in the proxy."""
        self.run_dir = Path(tempfile.mkdtemp(prefix="bench-serve-"))
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deploy.supervise", "--replicas", str(self.count),
             "--address", HOST, "--port", str(self.port), "--run-dir", str(self.run_dir),
             "--haproxy", self.haproxy],
            cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        if self.log:
            output.close()
        deadline = self.started_at + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"deploy.supervise exited with {self.process.returncode} "
                                   f"(log: {self.log})")
            if self._up():
                return time.perf_counter() - self.started_at
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"the replicas were not up within {timeout} s")

    def replicas(self) -> list[dict]:
        return self.state().get("replicas", [])

    @property
    def restarts(self) -> int:
        return sum(r["starts"] - 1 for r in self.replicas())

    def cpu(self) -> float:
        return sum(cpu_seconds(r["pid"]) for r in self.replicas() if r.get("pid"))

    def memory(self) -> dict[str, int]:
        parts = [memory(r["pid"]) for r in self.replicas() if r.get("pid")]
        return {"rss": sum(p["rss"] for p in parts), "peak": sum(p["peak"] for p in parts)}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        if self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Replicas:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
