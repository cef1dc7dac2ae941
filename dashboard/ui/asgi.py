"""The served application: Streamlit's app.py inside the HTTP guard of dashboard/ui/web.py.

`python -m dashboard serve` and `make run` start this file (`streamlit run dashboard/ui/asgi.py`
finds the `app` below and serves it with uvicorn); AppTest and the pages never need it.
"""
import streamlit as st
from starlette.middleware import Middleware

from dashboard.ui import deliver, web

deliver.install()
web.ignore_clear_cache()
web.hide_script_path()
web.ACTIVE = True
app = st.App("../app.py", middleware=[Middleware(web.Guard)])
