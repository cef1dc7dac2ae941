"""Pure chart functions: DataFrame → Plotly Figure, each with a one-sentence reading.

No Streamlit and no queries here: the catalog (catalog.py) fetches the data and the pages
and exports only lay the results out.
"""
