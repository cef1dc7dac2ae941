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
import time
from pathlib import Path

from dashboard.config import ROOT


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


def warm() -> str:
    """Import what every first run needs, then build the national page's data."""
    started = time.perf_counter()
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    import streamlit.emojis  # noqa: F401   (st.set_page_config checks the page icon against it)
    from streamlit import env_util
    env_util.is_repl()                       # cached; it walks the whole stack the first time
    from dashboard import session, views  # noqa: F401
    from dashboard.ui import common, national  # noqa: F401
    try:
        built = views.prewarm(national.CHARTS)
    except FileNotFoundError as exc:         # no database yet: the app says so on its page
        return f"not prewarmed ({exc})"
    return f"prewarmed {built} figures in {time.perf_counter() - started:.1f} s"


def run(args) -> int:
    if args.db:
        os.environ["SANWARI_DB"] = str(args.db)
    if not args.no_prewarm:
        print(f"sanwari: {warm()}", file=sys.stderr, flush=True)
    from streamlit.web import cli
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                f"--server.port={args.port}", f"--server.address={args.address}",
                "--server.headless=true", "--browser.gatherUsageStats=false", *args.streamlit_args]
    return cli.main(standalone_mode=False) or 0
