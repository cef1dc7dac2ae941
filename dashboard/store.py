"""Creating and opening the database: one door for reading, one for writing.

Design (README, "Concurrency"): the live file is only ever replaced, never written in
place. A writer takes an exclusive lock, copies the live file to a private temporary
file, writes there in one transaction, refreshes the marts, checkpoints, closes, and
`os.replace()`s the copy over the live file. Readers attach the live file read-only
inside a private in-memory DuckDB instance, so each sees one whole snapshot: the one
before an import or the one after it, never a mix. A writer killed at any moment
leaves only an orphan temporary file, which the next writer removes.

We attach into `:memory:` instead of `duckdb.connect(path, read_only=True)` because
DuckDB caches database instances by path inside a process: a second connect to the
same path returns the instance that still shows the old file after a swap.
"""
from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import sys
import threading
import time
from collections import OrderedDict
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from dashboard import queries, reference
from dashboard.config import database_path, sql_constants

VIEWS = ("staging/cost_current", "staging/driver_current", "staging/status_current",
         "staging/funding_current", "staging/event_current")
# The marts (queries/marts/NAME.sql, one per file), in the order they are rebuilt: each
# reads only the ones before it.
MARTS = ("pair_year", "pair_item_year", "driver_pair_year", "org_year", "org_item_year",
         "org_driver_year", "status", "org_batch")
# Raised whenever a mart's columns or the rule macros change: a writer meeting an older file
# drops and rebuilds every mart (they hold nothing that is not derived from the facts;
# marts/drop.sql), and a reader asks for a rebuild.
MARTS_VERSION = "4"


class StoreBusy(RuntimeError):
    """Another import holds the write lock."""

    def __init__(self, path: Path):
        super().__init__(f"別の取込が実行中です。しばらくしてから再度お試しください。 / "
                         f"Another import is writing {path.name}; please try again shortly.")


class StoreMissing(FileNotFoundError):
    def __init__(self, path: Path):
        super().__init__(f"データベースがありません: {path} / No database at {path}. "
                         f"Create one with `python -m dashboard init --db {path}` or `demo`.")


class StoreOutdated(StoreMissing):
    """A database whose marts an older version built (their columns differ): reading it
    would fail on a missing column, so say what to do instead."""

    def __init__(self, path: Path):
        FileNotFoundError.__init__(
            self, f"データベースの集計表が古い版のものです: {path} / {path} was built by an older "
                  f"version. Rebuild the demo with `python -m dashboard demo --db {path} --force`; "
                  f"any import or rollback into another database brings it up to date.")


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- reading
# Attached snapshots per file, oldest first. The previous generations stay for a while so
# that a reader pinned to a snapshot (a page rerun that began before a swap) can finish on
# it; an evicted instance lives on until its last cursor closes.
KEEP_GENERATIONS = 3
_snapshots: dict[str, OrderedDict[tuple, duckdb.DuckDBPyConnection]] = {}
_snapshots_lock = threading.Lock()


class StoreChanged(RuntimeError):
    """A pinned snapshot is no longer available (several imports finished meanwhile)."""


def snapshot_id(path: Path | str | None = None) -> tuple:
    """Identity of the live file: changes whenever a writer swaps a new one in."""
    path = Path(path or database_path())
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise StoreMissing(path) from None
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def _attach(path: Path) -> tuple[tuple, duckdb.DuckDBPyConnection]:
    for _ in range(20):
        before = snapshot_id(path)
        con = duckdb.connect(":memory:")
        try:
            con.execute("attach ? as snap (read_only)", [str(path)])
        except duckdb.IOException:
            con.close()                 # the file was swapped between stat and open
            continue
        con.execute("use snap")
        if snapshot_id(path) == before:   # no swap happened while attaching
            if _marts_version(con) != MARTS_VERSION:
                con.close()
                raise StoreOutdated(path)
            return before, con
        con.close()
    raise StoreChanged(f"{path} keeps changing; try again")


@contextlib.contextmanager
def reader(path: Path | str | None = None, snapshot: tuple | None = None):
    """A read-only cursor on the current snapshot, or on `snapshot` (a snapshot_id() taken
    earlier) so that several reads see the same one. Thread-safe; cheap after the first
    call. Raises StoreChanged if the pinned snapshot has been evicted."""
    path = Path(path or database_path())
    key = snapshot or snapshot_id(path)
    with _snapshots_lock:
        generations = _snapshots.setdefault(key[0], OrderedDict())
        con = generations.get(key)
        if con is None:
            if snapshot is not None and snapshot != snapshot_id(path):
                raise StoreChanged(f"snapshot {snapshot} of {path} is gone; read again")
            key, con = _attach(path)
            generations[key] = con
            while len(generations) > KEEP_GENERATIONS:
                generations.popitem(last=False)   # never closed: in-flight cursors keep it alive
        cursor = con.cursor()
    cursor.execute("use snap")          # the default catalog is per connection
    try:
        yield cursor
    finally:
        cursor.close()


# ---------------------------------------------------------------- writing
def _phase(name: str) -> None:
    """Announce a writer phase on stderr when SANWARI_STORE_TRACE is set.

    tests/test_concurrency.py kills importers with SIGKILL inside a chosen phase (copy,
    write, refresh, ...); the markers tell it when. Off by default: prints nothing."""
    if os.environ.get("SANWARI_STORE_TRACE"):
        print(f"store-phase {name} {time.time():.6f}", file=sys.stderr, flush=True)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer(path: Path | str | None = None, create: bool = False):
    """A read-write connection on a private copy that replaces the live file on success.

    The body runs inside one transaction; marts are refreshed before the commit. Any
    exception leaves the live file untouched. Raises StoreBusy if another writer runs.
    The body changes figures only by adding batches or marking them rolled back (the
    facts are append-only revisions): the marts of the organizations those batches
    touch are rebuilt. A body that changes anything else calls refresh(con, full=True).
    """
    path = Path(path or database_path())
    if not create and not path.exists():
        raise StoreMissing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_file = open(f"{path}.lock", "a+")
    try:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(path) from None
        _phase("locked")
        for orphan in path.parent.glob(f"{glob.escape(path.name)}.tmp-*"):
            # Left by a writer that was killed (we hold the lock): its copy, its WAL, and
            # DuckDB's spill directory (<copy>.tmp/).
            if orphan.is_dir():
                shutil.rmtree(orphan, ignore_errors=True)
            else:
                orphan.unlink(missing_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        con = None
        try:
            if create:
                con = duckdb.connect(str(tmp))
                queries.run_script(con, "schema")
                create_views(con)       # the importer diffs against the staging views
                load_reference(con)
            else:
                _phase("copy")
                shutil.copyfile(path, tmp)
                con = duckdb.connect(str(tmp))
            con.execute("begin transaction")
            queries.run_script(con, "marts/batch_before")
            _phase("write")
            yield con
            _phase("refresh")
            refresh(con, full=create)
            _phase("commit")
            con.execute("commit")
            _phase("checkpoint")
            con.execute("checkpoint")
            con.close()
            if Path(f"{tmp}.wal").exists():
                # The swap moves only the main file; a leftover log would be lost with it.
                raise RuntimeError(f"{tmp}.wal remains after checkpoint; not swapping")
            os.chmod(tmp, 0o600)               # the figures are not for other users of the machine
            _fsync(tmp)
            _phase("swap")
            os.replace(tmp, path)
            _fsync(path.parent, directory=True)   # make the rename itself durable
            _phase("done")
        except BaseException:
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            shutil.rmtree(f"{tmp}.tmp", ignore_errors=True)
            raise
    finally:
        lock_file.close()


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    for view in VIEWS:
        queries.run_script(con, view)


def _marts_version(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("select value from meta where key = 'marts_version'").fetchone()
    return row[0] if row else None


def refresh(con: duckdb.DuckDBPyConnection, full: bool = False) -> None:
    """Recreate the staging views, the constants, the rule macros and the scope filter, and
    rebuild the marts of the organization-years whose figures changed since the writer began
    (marts/scope_changed.sql), or all of them."""
    create_views(con)
    queries.execute(con, "marts/setting", **sql_constants())
    queries.run_script(con, "marts/rules")
    queries.run_script(con, "scope")
    if _marts_version(con) != MARTS_VERSION:
        queries.run_script(con, "marts/drop")
        full = True
    queries.run_script(con, "marts/scope_all" if full else "marts/scope_changed")
    for mart in MARTS:
        queries.run_script(con, f"marts/{mart}")
    con.execute("insert or replace into meta values ('marts_version', ?)", [MARTS_VERSION])
    con.execute("insert or replace into meta values ('refreshed_at', ?)", [now_utc().isoformat()])


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    for table in reference.TABLES:
        con.register(f"ref_{table}", reference.load(table))
    queries.run_script(con, "reference_load")
    for table in reference.TABLES:
        con.unregister(f"ref_{table}")
    con.execute("insert into meta values ('created_at', ?)", [now_utc().isoformat()])


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select coalesce(max(batch_id), 0) + 1 from batch").fetchone()[0]
