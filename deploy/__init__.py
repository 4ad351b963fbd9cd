"""Running the dashboard for many users: identical replicas behind HAProxy (`make serve`).

- `deploy.supervise`          starts the replicas (serve.py) and HAProxy, restarts a dead one,
                              stops everything on SIGTERM/SIGINT
- `deploy/haproxy.cfg.template` the proxy's configuration (affinity cookie, websocket timeouts,
                              health checks, internal endpoints refused)

Not part of the app: nothing here imports Streamlit or DuckDB. docs/deployment.md describes the
same layout for a container orchestrator.
"""
