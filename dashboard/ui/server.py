"""Start the Streamlit server in this process, after warming it (`python -m dashboard serve`).

Warming imports what every first run needs and fills the shared cache with the national
page (views.prewarm) before the port opens, so that a server answering /_stcore/health
is a warm one and the first visitor after a start does not wait for it.
"""
from __future__ import annotations

import sys
import time

from dashboard.config import ROOT


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
    except Exception as exc:  # noqa: BLE001 - no or an older database: the pages say what is wrong
        return f"not prewarmed ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
    return f"prewarmed {built} figures in {time.perf_counter() - started:.1f} s"


def start(port: int, address: str, extra: list[str]) -> int:
    """streamlit run dashboard/ui/asgi.py (app.py behind the guard of web.py), headless, here."""
    import os

    from streamlit.web import cli
    # Whatever folder the server is started from (.streamlit/config.toml is read from the
    # working directory): no traceback, exception type or file path reaches a browser, and no
    # table export that bypasses the sanitiser. SANWARI_DEV=1 keeps Streamlit's own settings.
    hardened = [] if os.environ.get("SANWARI_DEV") == "1" else \
        ["--client.showErrorDetails=none", "--client.disableDataExport=true"]
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard" / "ui" / "asgi.py"), f"--server.port={port}",
                f"--server.address={address}", "--server.headless=true",
                "--browser.gatherUsageStats=false", *hardened, *extra]
    return cli.main(standalone_mode=False) or 0
