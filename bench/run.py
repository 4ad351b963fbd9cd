"""The benchmark: ``python -m bench.run`` (``make bench``). Prints a table, writes
``artifacts/bench.json``.

For each dataset (the Umeå default database, and the national-scale one from bench.national):

1. build the database (time, size);
2. start the app on 127.0.0.1 as ``make run`` does (``serve.py``: a real ``streamlit run``)
   and measure the cold start (process start → the first session's default page at
   ``script_finished``);
3. for every page of app.py's PAGES whose file exists (public mode), open it in one websocket
   session and repeat a typical interaction (change the indicator, the year, the district …
   through the widget, as a browser does) `reps` times, cycling through a few values (the
   first visit of a value misses the app's caches, later ones hit them). Per interaction:
   server time to ``script_finished``, bytes of ForwardMsgs received (with the browser's
   message cache), the plotly specs' lengths;
4. the framework floor: a second server (bench/floor_app.py) replays exactly the messages each
   of those runs produced, with no app work; page time / floor time is the app's overhead;
5. crowds of 50 concurrent sessions, each opening the map and doing 5 interactions, through
   ``make serve``'s set-up (2 replicas behind HAProxy, deploy/supervise.py): closed loop (no
   think time: the worst case) and paced (3–7 s think time, seeded, like people reading); with
   ``--direct-crowd`` also the closed loop on the one process. The sessions keep keep-alive
   pings on like a real client, so a stalled server drops them: p50/p95 latency, errors
   including dropped connections, runs per second and per CPU-second (what one busy core
   serves), the servers' memory.

Every loop is bounded in count and in time; only 127.0.0.1 is used. The benchmark asserts
nothing: it measures.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

from websockets.exceptions import InvalidHandshake

from bench.client import RunResult, Session, write_frames
from bench.server import ROOT, Replicas, Server
from deploy.supervise import COOKIE as AFFINITY_COOKIE

ARTIFACTS = ROOT / "artifacts"
APP = ROOT / "app.py"
FLOOR = ROOT / "bench" / "floor_app.py"

# Typical interactions per page (by file name): the ui.choose widget names to change, each
# measured where the page has it (the profile's series box reruns only its st.fragment). Pages
# not listed, or with none of theirs, get their first selection widget other than the
# language, else the language switch.
INTERACTIONS = {
    "overview": ["lang"],
    "map": ["indicator", "year", "level"],
    "profile": ["district", "series"],
    "compare": ["x"],
    "growth": ["trend"],
    "climate": ["indicator"],
    "participation": ["district"],
    "data_methods": ["indicator"],
    "accessibility": ["lang"],
    "kiosk": ["district"],
}
PACED_THINK = (3.0, 7.0)     # seconds a reader looks at the map between two changes
VALUES_PER_INTERACTION = 5   # distinct values cycled through (first visit of each: cache miss)


# --- helpers --------------------------------------------------------------------------------

def pages(mode: str = "public") -> list[tuple[str, str]]:
    """(url path, file) of app.py's PAGES available in `mode` whose file exists."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets):
            entries = ast.literal_eval(node.value)
            return [(slug, file) for file, _, slug, _, modes in entries
                    if mode in modes and (ROOT / file).exists()]
    raise RuntimeError("no PAGES list in app.py")


def quantile(values: list[float], q: float) -> float | None:
    """Nearest-rank quantile (p95 of 15 runs is the 15th value: the worst but none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 1))))
    return ordered[rank - 1]


def summary(samples: list[float]) -> dict:
    return {"n": len(samples), "median": statistics.median(samples) if samples else None,
            "p95": quantile(samples, 0.95), "max": max(samples) if samples else None,
            "min": min(samples) if samples else None}


def versions() -> dict:
    names = ["streamlit", "plotly", "pandas", "duckdb", "numpy", "pyarrow", "geopandas",
             "shapely", "protobuf", "websockets", "uvicorn", "starlette"]
    result = {"python": platform.python_version()}
    for name in names:
        try:
            result[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            result[name] = None
    return result


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = int(line.split()[1]) * 1024
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_bytes": memory,
            "kernel": platform.release(), "load_average": os.getloadavg(),
            "versions": versions()}


def run_record(result: RunResult) -> dict:
    return {"seconds": round(result.seconds, 5), "bytes": result.bytes,
            "status": result.status, "errors": result.errors[:3],
            "plotly_spec_bytes": result.plotly_specs, "references": result.references,
            "elements": dict(result.elements), "fragment": result.fragment}


def cycle_values(options: tuple[str, ...], current: str | None, count: int) -> list[str]:
    """Up to `count` distinct options, the current one last, so consecutive values differ."""
    others = [o for o in options if o != current][:count - 1]
    return others + ([current] if current in options else [])


# --- one dataset ----------------------------------------------------------------------------

async def measure_page(port: int, cpu, slug: str, file: str, reps: int, floor_dir: Path,
                       budget: float, timeout: float, log, load_timeout: float = 120.0) -> dict:
    """One page in one session: a deep-link load, then up to `reps` runs of each typical
    interaction, each interaction within `budget` seconds (at least one run; the runs started
    before it ends are kept). A run that does not finish within `timeout` ends the page
    (`timed_out`)."""
    entry = {"page": slug, "file": file, "interactions": [], "timed_out": False}
    async with Session(port, record=True, timeout=timeout) as session:
        before = cpu()
        session.timeout = load_timeout
        load = await session.load(slug, "lang=sv")
        session.timeout = timeout
        entry["load"] = run_record(load) | {"cpu": cpu() - before}
        if load.status == "timeout":
            entry["timed_out"] = True
            log(f"    {slug:<14} load did not finish within {load_timeout:.0f} s")
            return entry
        write_frames(floor_dir / f"{slug}-load.bin", load.recorded)
        stem = Path(file).stem
        names = INTERACTIONS.get(stem)
        available = [n for n in session.widgets if len(session.widgets[n].options) >= 2]
        if names is None:
            chosen = [n for n in available if n != "lang"][:1] or ["lang"]
        else:
            chosen = [n for n in names if n in available] or ["lang"]
        for name in chosen:
            if name not in session.widgets or entry["timed_out"]:
                continue
            widget = session.widgets[name]
            values = cycle_values(widget.options, widget.value, VALUES_PER_INTERACTION)
            if len(values) < 2:
                continue
            runs = []
            deadline = time.perf_counter() + budget
            for rep in range(reps):
                if (rep > 0 and time.perf_counter() > deadline) or name not in session.widgets:
                    break
                option = values[rep % len(values)]
                if option not in session.widgets[name].options:
                    option = next(o for o in session.widgets[name].options
                                  if o != session.widgets[name].value)
                before = cpu()
                result = await session.change(name, option=option)
                spent = cpu() - before
                write_frames(floor_dir / f"{slug}-{name}-{rep}.bin", result.recorded)
                runs.append(run_record(result) | {"cpu": spent})
                if result.status == "timeout":
                    entry["timed_out"] = True
                    break
            entry["interactions"].append({"widget": name, "values": values, "runs": runs})
            ok = [r["seconds"] for r in runs if r["status"] == "finished"]
            log(f"    {slug:<14} {name:<10} median {1000 * statistics.median(ok):7.1f} ms "
                f"({len(runs)} runs)" if ok else f"    {slug:<14} {name:<10} no finished run")
    return entry


async def measure_floor(port: int, cpu, page_results: list[dict], reps: int) -> dict:
    """Replay every recorded run on the floor server, in the same order and session shape.
    Returns the cost of an empty run (Streamlit's fixed cost per rerun)."""
    empty = []
    async with Session(port, timeout=120) as session:
        await session.rerun(query_string="case=")
        for _ in range(reps):
            before = cpu()
            result = await session.rerun(query_string="case=")
            empty.append(run_record(result) | {"cpu": cpu() - before})
    for entry in page_results:
        async with Session(port, timeout=120) as session:
            await session.rerun(query_string=f"case={entry['page']}-load")
            for interaction in entry["interactions"]:
                floor_runs = []
                for rep in range(len(interaction["runs"])):
                    before = cpu()
                    result = await session.rerun(
                        query_string=f"case={entry['page']}-{interaction['widget']}-{rep}")
                    floor_runs.append(run_record(result) | {"cpu": cpu() - before})
                interaction["floor"] = floor_runs
    return empty


async def concurrency(port: int, sessions: int, interactions: int, timeout: float,
                      deadline_seconds: float, seed: int = 7, page: str = "map",
                      think: tuple[float, float] | None = None) -> dict:
    """`sessions` websocket sessions at once, each: open the map, then `interactions` changes
    (indicator and year alternately, random values). Closed loop with no think time (the
    worst case: every session asks again as soon as it has its answer), or with `think`
    seconds (uniform range, each session its own seeded generator) before each change, like
    people reading; paced sessions also arrive spread over the first `think[1]` seconds.

    The sessions behave like browsers (bench/client.py): keep-alive pings on, 15 s to open a
    connection. Errors are runs that failed — an exception or error element, a connection that
    could not be opened, and every **dropped** connection (closed by the server or by a ping
    that went unanswered; the session ends there, like a tab showing "connection error").
    Runs over `timeout` are counted apart, and interactions not started before
    `deadline_seconds` as unfinished, neither as errors."""
    latencies: list[float] = []
    loads: list[float] = []
    errors: list[str] = []
    counts = {"timeouts": 0, "unfinished": 0, "dropped": 0, "connect_failures": 0}
    deadline = time.perf_counter() + deadline_seconds
    opened: list[Session] = []
    counted: set[int] = set()         # sessions whose drop is already counted

    async def user(number: int) -> None:
        rng = random.Random(f"{seed}-{number}")
        session = Session(port, timeout=timeout)
        done = 0

        def failed(what: str, result: RunResult) -> None:
            if result.dropped:
                counts["dropped"] += 1
                counted.add(id(session))
                errors.append(f"{what}: dropped ({session.dropped})")
            else:
                errors.append(f"{what}: {result.status} {result.errors[:1]}")
        try:
            if think:
                await asyncio.sleep(rng.uniform(0, think[1]))   # arrivals spread out
            try:
                await session.__aenter__()
            except (TimeoutError, OSError, InvalidHandshake) as error:
                counts["connect_failures"] += 1
                errors.append(f"connect: {type(error).__name__} {error}"[:200])
                return
            opened.append(session)
            result = await session.load(page, "lang=sv")
            if result.status == "timeout":
                counts["timeouts"] += 1
                return
            if not result.ok:
                failed("load", result)
                return
            loads.append(result.seconds)
            for step in range(interactions):
                if think:
                    await asyncio.sleep(rng.uniform(*think))
                if time.perf_counter() > deadline:
                    break
                name = "indicator" if step % 2 == 0 else "year"
                widget = session.widgets.get(name)
                if widget is None or len(widget.options) < 2:
                    name, widget = "indicator", session.widgets["indicator"]
                choices = [o for o in widget.options if o != widget.value]
                result = await session.change(name, option=rng.choice(choices))
                done += 1
                if result.ok:
                    latencies.append(result.seconds)
                elif result.status == "timeout":
                    counts["timeouts"] += 1
                else:
                    failed(name, result)
                    if result.dropped:
                        break
        except asyncio.CancelledError:
            pass
        except Exception as error:  # noqa: BLE001 - every failure is counted, none is fatal
            errors.append(f"{type(error).__name__}: {error}"[:200])
        finally:
            counts["unfinished"] += interactions - done

    started = time.perf_counter()
    tasks = [asyncio.create_task(user(i)) for i in range(sessions)]
    _, pending = await asyncio.wait(tasks, timeout=deadline_seconds + timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    elapsed = time.perf_counter() - started
    # Connections that died after their session's last run are drops a user would see too.
    late = [s for s in opened if id(s) not in counted and s.lost()]
    counts["dropped"] += len(late)
    errors += [f"after its last run: dropped ({s.dropped})" for s in late]
    runs = len(latencies) + len(loads)
    spread = Counter(s.cookies.get(AFFINITY_COOKIE, "-") for s in opened)
    return {"sessions": sessions, "interactions_per_session": interactions,
            "think_seconds": think, "sessions_per_replica": dict(sorted(spread.items())),
            "completed_interactions": len(latencies), "completed_loads": len(loads),
            "errors": len(errors), "dropped_connections": counts["dropped"],
            "connect_failures": counts["connect_failures"],
            "timeouts": counts["timeouts"], "timeout_seconds": timeout,
            "unfinished_interactions": counts["unfinished"], "error_samples": errors[:5],
            "latency": summary(latencies), "load": summary(loads), "wall_seconds": elapsed,
            "runs_per_second": runs / elapsed if elapsed else None, "_open": opened}


async def close_all(opened: list[Session]) -> None:
    await asyncio.gather(*(s.close() for s in opened), return_exceptions=True)


def measure_dataset(name: str, db: Path, *, reps: int, sessions: int, interactions: int,
                    page_budget: float, run_timeout: float, concurrency_budget: float, log,
                    crowd_timeout: float = 120.0, paced: bool = True,
                    direct_crowd: bool = False, crowds_only: bool = False, replicas: int = 2,
                    haproxy: str = "/usr/sbin/haproxy",
                    extra_env: dict | None = None) -> dict:
    """Cold start, pages and their floor on one process (as `make run` serves); the crowds
    through `make serve`'s set-up (`replicas` processes behind HAProxy), and with
    `direct_crowd` the closed-loop crowd on the one process too, for comparison."""
    logs = ARTIFACTS / "bench-logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {"UMEA_DB": str(db), "UMEA_MODE": "public", **(extra_env or {})}
    result: dict = {"dataset": name, "load_average_start": os.getloadavg(), "phase_seconds": {},
                    "pages": []}
    phase = time.perf_counter()
    page_list = pages()
    map_slug = next((slug for slug, file in page_list if Path(file).stem == "map"), "map")

    def lap(label: str) -> None:
        nonlocal phase
        result["phase_seconds"][label] = round(time.perf_counter() - phase, 1)
        phase = time.perf_counter()

    async def first_render(port: int, page: str = ""):
        async with Session(port, timeout=120) as session:
            return await session.load(page, "lang=sv")

    def measured_crowd(target, label: str, think=None, budget=concurrency_budget) -> dict:
        async def crowd():
            outcome = await concurrency(target.port, sessions, interactions,
                                        timeout=crowd_timeout, deadline_seconds=budget,
                                        page=map_slug, think=think)
            outcome["memory_during"] = target.memory()
            await close_all(outcome.pop("_open"))
            await asyncio.sleep(2)
            outcome["memory_after_close"] = target.memory()
            return outcome
        before = target.memory()
        cpu_before = target.cpu()
        load_before = os.getloadavg()
        outcome = asyncio.run(crowd())
        cpu = target.cpu() - cpu_before
        runs = outcome["completed_interactions"] + outcome["completed_loads"]
        outcome |= {
            "target": label, "processes": getattr(target, "count", 1),
            "memory_before": before, "server_cpu_seconds": cpu,
            "runs_per_cpu_second": runs / cpu if cpu else None,
            "load_average_before": load_before,
            "memory_per_session": (outcome["memory_during"]["rss"] - before["rss"])
            / max(sessions, 1)}
        log(f"  {sessions} sessions, {label}{' (paced)' if think else ''}: p95 "
            f"{outcome['latency']['p95'] or 0:.2f} s, errors {outcome['errors']} "
            f"(dropped {outcome['dropped_connections']}), "
            f"{outcome['completed_interactions']} interactions done")
        return outcome

    floor_dir = Path(tempfile.mkdtemp(prefix=f"bench-floor-{name}-"))
    try:
        server = Server(APP, env=env, log=logs / f"{name}-app.log")
        healthy = server.start()
        try:
            first = asyncio.run(first_render(server.port))
            cold = time.perf_counter() - server.started_at
            result["cold_start"] = {"seconds": cold, "health_seconds": healthy,
                                    "first_render_seconds": first.seconds,
                                    "status": first.status}
            result["memory_after_start"] = server.memory()
            log(f"  cold start {cold:.2f} s (health {healthy:.2f} s)")
            lap("cold_start")
            result["restarts"] = 0
            for slug, file in ([] if crowds_only else page_list):
                entry = asyncio.run(measure_page(server.port, server.cpu, slug, file, reps,
                                                 floor_dir, page_budget, run_timeout, log,
                                                 load_timeout=max(run_timeout, 45.0)))
                result["pages"].append(entry)
                if entry["timed_out"]:
                    # The abandoned run keeps the server busy: start a fresh one.
                    server.stop()
                    server = Server(APP, env=env, log=logs / f"{name}-app.log")
                    server.start()
                    asyncio.run(first_render(server.port))
                    result["restarts"] += 1
            result["memory_after_pages"] = server.memory()
            lap("pages")
            if direct_crowd:
                result["concurrency_direct"] = measured_crowd(server, "1 process, direct")
        finally:
            server.stop()

        proxy = Replicas(replicas, env=env, haproxy=haproxy, log=logs / f"{name}-serve.log")
        started = proxy.start()
        try:
            for replica in proxy.replicas():     # each replica's caches warm, as the one's were
                asyncio.run(first_render(replica["port"], map_slug))
            result["serve"] = {"replicas": replicas, "ready_seconds": started}
            log(f"  make serve: {replicas} replicas behind HAProxy ready in {started:.1f} s")
            label = f"{replicas} replicas via HAProxy"
            result["concurrency"] = measured_crowd(proxy, label)
            if paced:
                result["concurrency_paced"] = measured_crowd(proxy, label, PACED_THINK,
                                                             max(concurrency_budget, 90.0))
            result["serve"]["replica_restarts"] = proxy.restarts
        finally:
            proxy.stop()
        lap("concurrency")

        if not crowds_only:
            floor = Server(FLOOR, env={"BENCH_FLOOR_DIR": str(floor_dir)},
                           log=logs / f"{name}-floor.log")
            floor.start()
            try:
                empty = asyncio.run(measure_floor(floor.port, floor.cpu, result["pages"], reps))
                lap("floor")
                result["empty_run"] = {
                    "seconds": summary([r["seconds"] for r in empty]),
                    "cpu_mean": statistics.mean([r["cpu"] for r in empty]) if empty else None}
            finally:
                floor.stop()
    finally:
        shutil.rmtree(floor_dir, ignore_errors=True)
    result["load_average_end"] = os.getloadavg()
    return result


# --- builds -------------------------------------------------------------------------------

def build_umea(path: Path) -> dict:
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "indicators.build", "--db", str(path)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, timeout=600)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_seconds": time.perf_counter() - started, "bytes": path.stat().st_size,
            "cpu_seconds": (cpu_after.ru_utime - cpu_before.ru_utime
                            + cpu_after.ru_stime - cpu_before.ru_stime)}


NATIONAL_INPUTS = [
    "bench/national.py", "indicators/methods/derive.py", "indicators/methods/derive_disclosure.py",
    "indicators/data/store.py", "indicators/build/tables.py", "indicators/sources/geography.py",
    "indicators/methods/scores.py", "indicators/methods/progress.py",
    "indicators/methods/guards.py", "indicators/methods/disclosure.py",
    "indicators/data/sql/schema.sql",
    "data/indicators.yaml", "data/sources.yaml", "data/targets.yaml",
]


def fingerprint(options: list[str]) -> str:
    """What the national database is built from: the generator, the build path, the options."""
    digest = hashlib.sha256(" ".join(options).encode())
    for name in NATIONAL_INPUTS:
        path = ROOT / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def build_national(path: Path, options: list[str], *, rebuild: bool, log,
                   given: bool = False) -> dict:
    """Build the national database at `path`, or reuse the one there when it was built from
    the same inputs (its build report sits next to it) or was given explicitly."""
    report = path.with_suffix(".json")
    stamp = fingerprint(options)
    if given and path.exists() and not rebuild:
        details = json.loads(report.read_text()) if report.exists() else {}
        log(f"  using the given {path} as it is")
        return details | {"bytes": path.stat().st_size, "reused": True}
    if not rebuild and path.exists() and report.exists():
        details = json.loads(report.read_text())
        if details.get("fingerprint") == stamp:
            log(f"  reusing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
                f"(built {details.get('built_at')}; --rebuild to build again)")
            return details | {"reused": True}
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "bench.national", "--db", str(path), "--json",
                    str(report), *options], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   timeout=3600)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    details = json.loads(report.read_text())
    details |= {
        "fingerprint": stamp, "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "wall_seconds": time.perf_counter() - started,
        "cpu_seconds": (cpu_after.ru_utime - cpu_before.ru_utime
                        + cpu_after.ru_stime - cpu_before.ru_stime),
        "peak_rss_bytes": cpu_after.ru_maxrss * 1024,
        "load_average": os.getloadavg(), "reused": False,
    }
    report.write_text(json.dumps(details, indent=1))
    return details


# --- report -------------------------------------------------------------------------------

def rows(dataset: dict) -> list[dict]:
    """One row per page × interaction with the page, floor and payload figures."""
    table = []
    for entry in dataset["pages"]:
        for interaction in entry["interactions"]:
            runs = [r for r in interaction["runs"] if r["status"] == "finished"]
            floor = [r for r in interaction.get("floor", []) if r["status"] == "finished"]
            page_s = summary([r["seconds"] for r in runs])
            floor_s = summary([r["seconds"] for r in floor])
            page_cpu = statistics.mean([r["cpu"] for r in runs]) if runs else None
            floor_cpu = statistics.mean([r["cpu"] for r in floor]) if floor else None
            specs = [s for r in runs for s in r["plotly_spec_bytes"]]
            table.append({
                "page": entry["page"], "interaction": interaction["widget"],
                "median_ms": _ms(page_s["median"]), "p95_ms": _ms(page_s["p95"]),
                "floor_median_ms": _ms(floor_s["median"]), "floor_p95_ms": _ms(floor_s["p95"]),
                "ratio": (page_s["median"] / floor_s["median"]
                          if page_s["median"] and floor_s["median"] else None),
                "cpu_ms": _ms(page_cpu), "floor_cpu_ms": _ms(floor_cpu),
                "cpu_ratio": page_cpu / floor_cpu if page_cpu and floor_cpu else None,
                "kb_per_interaction": (statistics.median([r["bytes"] for r in runs]) / 1000
                                       if runs else None),
                "kb_first_visit": (statistics.median(
                    [r["bytes"] for r in runs[:len(interaction["values"])]]) / 1000
                    if runs else None),
                "max_plotly_kb": max(specs) / 1000 if specs else None,
                "errors": sum(1 for r in interaction["runs"]
                              if r["status"] != "finished" or r["errors"]),
                "runs": len(interaction["runs"]),
            })
    return table


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else 1000 * seconds


def _fmt(value, pattern: str = "{:.0f}") -> str:
    return "–" if value is None else pattern.format(value)


def print_report(report: dict, out=sys.stdout) -> None:
    for dataset in report["datasets"]:
        build = dataset["build"]
        reused = (f" (reused; built {build.get('built_at')})" if build.get("reused") else "")
        print(f"\n== {dataset['dataset']}: database {build['bytes'] / 1e6:.1f} MB built in "
              f"{build.get('wall_seconds') or 0:.1f} s wall, "
              f"{build.get('cpu_seconds') or 0:.1f} s CPU{reused}; cold start "
              f"{dataset['cold_start']['seconds']:.2f} s", file=out)
        header = (f"{'page':<14}{'interaction':<12}{'median':>8}{'p95':>8}{'floor':>8}"
                  f"{'fl.p95':>8}{'ratio':>7}{'cpu':>7}{'fl.cpu':>7}{'c.rat':>6}"
                  f"{'KB new':>9}{'KB med':>8}{'plotly KB':>10}{'runs':>5}{'err':>4}")
        if dataset["table"]:
            print(header + "\n" + "-" * len(header), file=out)
        for row in dataset["table"]:
            print(f"{row['page']:<14}{row['interaction']:<12}{_fmt(row['median_ms']):>8}"
                  f"{_fmt(row['p95_ms']):>8}{_fmt(row['floor_median_ms']):>8}"
                  f"{_fmt(row['floor_p95_ms']):>8}{_fmt(row['ratio'], '{:.1f}'):>7}"
                  f"{_fmt(row['cpu_ms']):>7}{_fmt(row['floor_cpu_ms']):>7}"
                  f"{_fmt(row['cpu_ratio'], '{:.1f}'):>6}"
                  f"{_fmt(row['kb_first_visit'], '{:.1f}'):>9}"
                  f"{_fmt(row['kb_per_interaction'], '{:.1f}'):>8}"
                  f"{_fmt(row['max_plotly_kb'], '{:.1f}'):>10}{row['runs']:>5}"
                  f"{row['errors']:>4}", file=out)
        empty = dataset.get("empty_run")
        if empty and empty["seconds"]["median"] is not None:
            print(f"{'(empty run)':<26}{1000 * empty['seconds']['median']:>8.0f}"
                  f"{1000 * empty['seconds']['p95']:>8.0f}{'':>22}"
                  f"{1000 * (empty['cpu_mean'] or 0):>7.0f}", file=out)
        for entry in dataset["pages"]:
            if entry.get("timed_out"):
                print(f"{entry['page']:<14}did not finish a run within the time limit", file=out)
        for key in ("concurrency_direct", "concurrency", "concurrency_paced"):
            if key in dataset:
                _print_crowd(dataset[key], out)
    print(f"\nTotal {report['seconds']:.0f} s. Times in ms: median/p95 = time from the "
          "interaction to script_finished; floor = the same messages replayed by "
          "bench/floor_app.py with no app work; ratio = page/floor medians; cpu = server CPU "
          "per interaction (mean; not inflated by other load on the machine); KB new = "
          "ForwardMsg bytes received for a value not shown before in the session, KB med = "
          "median over all runs (repeated values come from the browser's message cache); "
          "plotly KB = largest plotly spec.", file=out)


def _print_crowd(crowd: dict, out) -> None:
    paced = (f", think time {crowd['think_seconds'][0]:.0f}–{crowd['think_seconds'][1]:.0f} s"
             if crowd.get("think_seconds") else ", closed loop")
    per_cpu = crowd.get("runs_per_cpu_second")
    print(f"{crowd['sessions']} sessions × {crowd['interactions_per_session']} map "
          f"interactions, {crowd.get('target', '1 process')}{paced}: p50 "
          f"{_fmt(crowd['latency']['median'], '{:.2f}')} s, p95 "
          f"{_fmt(crowd['latency']['p95'], '{:.2f}')} s, max "
          f"{_fmt(crowd['latency']['max'], '{:.2f}')} s; {crowd['completed_interactions']} "
          f"done, {crowd['unfinished_interactions']} not done, "
          f"{crowd.get('timeouts', 0)} runs over {crowd.get('timeout_seconds', 0):.0f} s; "
          f"errors {crowd['errors']} (dropped connections {crowd.get('dropped_connections', 0)}, "
          f"could not connect {crowd.get('connect_failures', 0)}); "
          f"{_fmt(crowd.get('runs_per_second'), '{:.1f}')} runs/s, "
          f"{_fmt(per_cpu, '{:.1f}')} runs per CPU-second (= per busy core); server CPU "
          f"{crowd['server_cpu_seconds']:.0f} s in {crowd['wall_seconds']:.0f} s; server RSS "
          f"{crowd['memory_before']['rss'] / 1e6:.0f} → "
          f"{crowd['memory_during']['rss'] / 1e6:.0f} MB "
          f"({crowd['memory_per_session'] / 1e6:.2f} MB/session), "
          f"{crowd['memory_after_close']['rss'] / 1e6:.0f} MB after closing", file=out)
    if crowd.get("processes", 1) > 1:
        print(f"    sessions per replica: {crowd.get('sessions_per_replica')}", file=out)
    for sample in crowd.get("error_samples", [])[:3]:
        print(f"    e.g. {sample}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=15, help="runs per interaction")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--interactions", type=int, default=5, help="per concurrent session")
    parser.add_argument("--datasets", default="umea,national",
                        help="comma-separated: umea, national")
    parser.add_argument("--national-db", type=Path, default=None,
                        help="where the national database is built and reused "
                             "(default artifacts/national.duckdb)")
    parser.add_argument("--rebuild", action="store_true",
                        help="build the national database even if one from the same inputs "
                             "exists")
    parser.add_argument("--national-options", default="",
                        help="extra arguments for bench.national, e.g. '--areas 600'")
    parser.add_argument("--page-budget", type=float, default=90.0,
                        help="seconds per page interaction at most (runs stop early beyond it)")
    parser.add_argument("--concurrency-budget", type=float, default=240.0,
                        help="seconds for the concurrent sessions at most")
    parser.add_argument("--no-paced", dest="paced", action="store_false",
                        help="skip the Umeå crowd with 3–7 s think time between changes")
    parser.add_argument("--replicas", type=int, default=2,
                        help="replicas behind HAProxy for the crowds (as `make serve`)")
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    parser.add_argument("--direct-crowd", action="store_true",
                        help="also the closed-loop crowd on one process without the proxy "
                             "(the set-up of `make run`), for comparison")
    parser.add_argument("--crowds-only", action="store_true",
                        help="skip the per-page measurements and the framework floor")
    parser.add_argument("--national-crowd-timeout", type=float, default=150.0,
                        help="seconds a national-scale crowd run may take (50 map loads at "
                             "once take about two minutes)")
    parser.add_argument("--national-page-budget", type=float, default=15.0,
                        help="seconds per page interaction at national scale (at least one "
                             "run each)")
    parser.add_argument("--national-run-timeout", type=float, default=20.0,
                        help="a national-scale run slower than this ends its page")
    parser.add_argument("--national-concurrency-budget", type=float, default=30.0,
                        help="seconds after which national-scale sessions start no further "
                             "interaction")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "bench.json")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for a smoke run: 3 reps, 5 sessions, 600 areas")
    args = parser.parse_args(argv)
    if args.quick:
        args.reps, args.sessions, args.interactions = 3, 5, 2
        args.national_options = args.national_options or "--areas 600 --kommuner 30"

    started = time.perf_counter()
    ARTIFACTS.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-db-"))

    def log(text: str) -> None:
        print(text, flush=True)

    report = {"machine": machine(), "settings": {
        "reps": args.reps, "sessions": args.sessions, "interactions": args.interactions,
        "values_per_interaction": VALUES_PER_INTERACTION, "pages": pages()},
        "datasets": []}
    try:
        for name in [d.strip() for d in args.datasets.split(",") if d.strip()]:
            log(f"[{name}] building …")
            if name == "umea":
                db = work / "umea.duckdb"
                build = build_umea(db)
            elif name == "national":
                options = args.national_options.split()
                db = args.national_db or (ARTIFACTS / ("national-quick.duckdb" if args.quick
                                                       else "national.duckdb"))
                build = build_national(db, options, rebuild=args.rebuild, log=log,
                                       given=args.national_db is not None)
            else:
                raise SystemExit(f"unknown dataset {name!r}")
            log(f"[{name}] {build['bytes'] / 1e6:.1f} MB; measuring …")
            scale = name == "national"
            dataset = measure_dataset(
                name, db, reps=args.reps, sessions=args.sessions,
                interactions=args.interactions,
                page_budget=args.national_page_budget if scale else args.page_budget,
                run_timeout=args.national_run_timeout if scale else 120.0,
                concurrency_budget=(args.national_concurrency_budget if scale
                                    else args.concurrency_budget), log=log,
                crowd_timeout=args.national_crowd_timeout if scale else 120.0,
                paced=args.paced and not scale, direct_crowd=args.direct_crowd,
                crowds_only=args.crowds_only, replicas=args.replicas, haproxy=args.haproxy)
            dataset["build"] = build
            dataset["table"] = rows(dataset)
            report["datasets"].append(dataset)
            report["seconds"] = time.perf_counter() - started
            args.out.write_text(json.dumps(report, indent=1, default=str))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["seconds"] = time.perf_counter() - started
    args.out.write_text(json.dumps(report, indent=1, default=str))
    print_report(report)
    print(f"Wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
