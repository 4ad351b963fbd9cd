"""Benchmark of the dashboard: speed, payload, memory and concurrency (`make bench`).

- `bench.client`   a websocket client speaking Streamlit's own protobuf messages
- `bench.server`   start/stop a real `streamlit run` on 127.0.0.1, read its memory
- `bench.floor_app` the framework floor: replays a page's recorded elements, no app work
- `bench.national` a national-scale dataset generator (≈6,000 areas, ≈15 M observations)
- `bench.run`      the benchmark itself: prints a table, writes artifacts/bench.json

Nothing here is part of the app or of `make test`; only loopback (127.0.0.1) is used.
"""
