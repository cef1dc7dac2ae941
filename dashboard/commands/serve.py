"""`serve`: the web app, warmed before it takes its first session.

    python -m dashboard serve --db data/demo.duckdb --port 8501 [--address 127.0.0.1]

`streamlit run dashboard/app.py` imports pandas, Plotly and the page modules and builds the
national page's figures only when the first visitor arrives: that visitor waited ~5 s.
Here the same process imports them and fills the shared cache (views.prewarm) first, and
only then opens the port, so a server that answers /_stcore/health is a warm one.
Other flags after `--` go to streamlit unchanged (e.g. -- --server.baseUrlPath=x).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def register(sub):
    p = sub.add_parser("serve", help="serve the dashboard (warmed before the first session)",
                       description="Start the Streamlit app after importing its modules and "
                                   "building the national page's figures.")
    p.add_argument("--db", type=Path, help="the DuckDB database (default: SANWARI_DB or the demo)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--no-prewarm", action="store_true", help="start without warming (to measure)")
    p.add_argument("streamlit_args", nargs="*", help="after --: more streamlit flags")
    return p


def run(args) -> int:
    if args.db:
        os.environ["SANWARI_DB"] = str(args.db)
    from dashboard.ui import server          # the Streamlit side
    if not args.no_prewarm:
        print(f"sanwari: {server.warm()}", file=sys.stderr, flush=True)
    return server.start(args.port, args.address, args.streamlit_args)
