"""A process-wide cache shared by every session: one computation per key, however many
sessions ask for it at the same moment.

Why not st.cache_data: it pickles every value in and out (a DataFrame is copied for each
session on each rerun) and hashes the arguments on every lookup; a burst of sessions
asking for the national page spent a large part of its time there. Here a value is
computed once and handed out as is, so callers treat values as read-only: views.py hands
out DataFrames as shallow copies (pandas copy-on-write keeps the shared one intact).

Keys are plain tuples that start with the snapshot id (store.snapshot_id), so an import
makes new keys and old entries age out of the LRU order; they never carry a user, only a
scope that session.narrow() has already checked. While one thread computes a key, the
others asking for it wait for that result instead of computing it again.

Works outside a Streamlit run too, which is how `python -m dashboard serve` fills it
before the server accepts its first session (a cold first page).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

V = TypeVar("V")
MAX_ENTRIES = 3000

_values: OrderedDict[Hashable, object] = OrderedDict()
_computing: dict[Hashable, threading.Lock] = {}
_lock = threading.Lock()
stats = {"hits": 0, "misses": 0}


def get(key: Hashable, compute: Callable[[], V]) -> V:
    """The value for `key`, computing it (once, even under concurrency) when absent."""
    with _lock:
        if key in _values:
            _values.move_to_end(key)
            stats["hits"] += 1
            return _values[key]          # type: ignore[return-value]
        gate = _computing.setdefault(key, threading.Lock())
    with gate:
        with _lock:                      # another thread may have finished it meanwhile
            if key in _values:
                stats["hits"] += 1
                return _values[key]      # type: ignore[return-value]
        try:
            value = compute()            # an exception leaves nothing cached
        except BaseException:
            with _lock:
                _computing.pop(key, None)
            raise
        with _lock:
            stats["misses"] += 1
            _values[key] = value
            while len(_values) > MAX_ENTRIES:
                _values.popitem(last=False)
            _computing.pop(key, None)
        return value


def clear() -> None:
    with _lock:
        _values.clear()
