"""A second floor for the map: ``python -m bench.elements_floor [--db PATH] [--runs N]``.

bench/floor_app.py replays the messages a run sent, so its cost leaves out what Streamlit
spends building those elements from values. Here the map page's finished values (the
figure as a dict, the table, the sentence and the ranking, for every year of turnout at
district level, from the published database) are pickled, and bench/elements_app.py draws
the same elements from them through st.* alone. Both it and the real app (serve.py) then
get the same warm year changes from one websocket session (bench/client.py, pings on); the
servers' CPU per rerun is printed. Asserts nothing."""

from __future__ import annotations

import argparse
import asyncio
import pickle
import tempfile
from pathlib import Path

from bench.client import Session
from bench.server import Server, cpu_seconds
from indicators.data.config import DEFAULT_DB
from indicators.data.store import Store
from indicators.views import map as map_view

ROOT = Path(__file__).resolve().parents[1]
CONFIG = {"runner.postScriptGC": "false"}   # as both of the app's configs


def finished_map(db: Path, path: Path) -> None:
    """The map page's values for turnout at district level, every year, into `path`."""
    store = Store(db)
    areas = store.map_geometry("district")
    indicator = store.catalogue().indicator("turnout_riksdag")
    views = {}
    for year in store.years(indicator.id, "district"):
        shown = map_view.map_view(areas, store.observations(indicator.id, level="district",
                                                            year=year),
                                  indicator, year, "", "/app/static/geo/district.geojson",
                                  ((19.0, 21.0), (63.0, 64.5)), indicator.name("sv"), "sv")
        ranked = shown.ranked
        lines = [f"1. {r.name}: {r.value}" for r in ranked.itertuples()]
        views[year] = (shown.figure.to_dict(), shown.table, shown.sentence,
                       "\n".join(lines[:3]), "\n".join(lines[-3:][::-1]),
                       [str(a) for a in areas["area_id"]])
    path.write_bytes(pickle.dumps(views))


async def warm_cpu(port: int, pid: int, page: str, runs: int) -> float:
    """Server CPU (ms) per year change once every year has been seen (warm)."""
    async with Session(port, timeout=120) as session:
        await session.load(page, "lang=sv")
        box = session.widget("year")
        values = [o for o in box.options if o != box.value][:1] + [box.value]
        for value in values * 3:
            await session.change("year", option=value)
        before = cpu_seconds(pid)
        for run in range(runs):
            result = await session.change("year", option=values[run % 2])
            if not result.ok:
                raise RuntimeError(f"{page}: {result.status} {result.errors}")
        return 1000 * (cpu_seconds(pid) - before) / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        values = Path(folder) / "map.pkl"
        finished_map(args.db, values)
        env = {"UMEA_DB": str(args.db), "BENCH_ELEMENTS": str(values)}
        for label, script, page in (("the app's map page", ROOT / "app.py", "map"),
                                    ("the same elements, st.* alone",
                                     ROOT / "bench" / "elements_app.py", "")):
            with Server(script, env=env, options=CONFIG) as server:
                cpu = asyncio.run(warm_cpu(server.port, server.pid, page, args.runs))
            print(f"{label:32s} {cpu:6.1f} ms CPU per warm year change ({args.runs} runs)")


if __name__ == "__main__":
    main()
