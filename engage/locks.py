"""One analysis (or ingest) at a time per store: a second ``engage analyse`` (or the app's)
waits its turn.

Two analyses writing the same suggestions and topics at once collide on their unique keys.
PostgreSQL holds a session advisory lock; SQLite an exclusive ``flock`` on a file beside the
database. An in-memory SQLite store has nobody to share with and takes no lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from engage import db
from engage.store import Store


@contextmanager
def exclusive(
    store: Store, name: str, on_wait: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Hold the store-wide lock ``name``; ``on_wait`` is called once if someone else has it."""
    with db.engine_lock(store.engine, name, on_wait):
        yield
