"""Government Cloud bills (FOCUS cost and usage data): reading, storage, allocation, figures.

Flow: read.py (DuckDB reads the file, recognises the version, validates) → lake.py (raw rows
as Parquet, one directory per import, partitioned by billing month) → importer.py (one write
transaction: import record, monthly lines, restatement) → allocate.py (yen, account map,
split of shared accounts; marts) → report.py (what the page and the CLI show).
"""
