"""One analysis at a time per store: a second ``engage analyse`` (or the app's) waits its turn.

Two analyses writing the same suggestions and topics at once collide on their unique keys.
PostgreSQL holds a session advisory lock; SQLite an exclusive ``flock`` on a file beside the
database. An in-memory SQLite store has nobody to share with and takes no lock.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url, text

from engage.store import Store


@contextmanager
def exclusive(
    store: Store, name: str, on_wait: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Hold the store-wide lock ``name``; ``on_wait`` is called once if someone else has it."""
    url = make_url(store.url)
    if url.get_backend_name() == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with store.engine.connect() as connection:
            if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                on_wait()
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()
        return
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield
        return
    path = Path(f"{url.database}.{name}.lock")
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
