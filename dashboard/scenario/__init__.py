"""Scenarios to FY2030 (issue 13): levers, the pure compute module, loading, saving.

levers.py  the levers, their ranges (data/reference/scenario_levers.csv) and checks
compute.py stored figures + levers → figures per year (pure; docs/scenarios.md)
data.py    the stored figures of a scope, read through queries/scenario/*.sql
saved.py   saved scenarios: immutable versions, scope-visible, audited
"""
