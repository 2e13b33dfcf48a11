"""Labels feed the model: re-run the analysis in the background after enough new labels."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func, select

from engage.models import Coding, Comment
from engage.store import Store

EVERY = 20


class Retrainer:
    """Starts one background analysis (no topics) per ``every`` new labels in an exercise.

    Reviewers never wait for it: suggestions change on their next comment once it finishes
    (about 2 s for 10,000 comments once their sentences are embedded).
    """

    def __init__(self, store: Store, embedder: str, every: int = EVERY) -> None:
        self.store = store
        self.embedder = embedder
        self.every = every
        self._lock = threading.Lock()
        self._running: set[str] = set()
        self._threads: dict[str, threading.Thread] = {}
        self._learned_from: dict[str, int] = {}
        self.status: dict[str, str] = {}

    def labelled(self, exercise: str) -> int:
        """Comments with at least one current human coding."""
        with self.store.session() as s:
            ex = self.store.exercise(s, exercise)
            return s.scalar(
                select(func.count(func.distinct(Coding.comment_pk)))
                .join(Comment, Coding.comment_pk == Comment.id)
                .where(Comment.exercise_id == ex.id, Coding.current)
            )

    def poke(self, exercise: str, actor: str = "cli") -> bool:
        """Start retraining when ``every`` comments were labelled since the last time
        (``actor``, whose label started it, is named in the History of changes)."""
        count = self.labelled(exercise)
        with self._lock:
            base = self._learned_from.setdefault(exercise, count - count % self.every)
            if exercise in self._running or count - base < self.every:
                return False
            self._running.add(exercise)
            self._learned_from[exercise] = count
            thread = threading.Thread(target=self._run, args=(exercise, count, actor),
                                      daemon=True)
            self._threads[exercise] = thread
        thread.start()
        return True

    def running(self, exercise: str) -> bool:
        """Whether a retrain of ``exercise`` is under way."""
        with self._lock:
            return exercise in self._running

    def wait(self, exercise: str, timeout: float = 120.0) -> bool:
        """Block until the latest retrain of ``exercise`` ends; False if it is still running."""
        with self._lock:
            thread = self._threads.get(exercise)
        if thread is not None:
            thread.join(timeout)
        return not self.running(exercise)

    def _run(self, exercise: str, count: int, actor: str = "cli") -> None:
        from engage.analysis import analyse, make_embedder

        try:
            analyse(self.store, exercise, topics=False, actor=actor,
                    embedder=make_embedder(self.store, self.embedder))
            self.status[exercise] = (
                f"The computer last learned from {count} labelled comments at "
                f"{datetime.now():%H:%M}."
            )
        except Exception as exc:  # noqa: BLE001 - reported on the page, never crashes it
            self.status[exercise] = f"The computer could not learn from the labels: {exc}"
        finally:
            with self._lock:
                self._running.discard(exercise)
