"""Database connection: resolve the URL, tune SQLite, and bring the schema up to date."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///engage.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """The store URL: explicit, else ``ENGAGE_DB``, else ``sqlite:///engage.db``."""
    return url or os.environ.get("ENGAGE_DB") or DEFAULT_URL


def _password_has_at(url: str) -> bool:
    """Whether the part before the host holds a raw "@" (a password with "@" not written as
    "%40"): parsers then split the password at it and show the rest as the host."""
    netloc = url.split("://", 1)[-1].split("/", 1)[0]
    return netloc.count("@") > 1


def shown_url(url: str) -> str:
    """``url`` safe to print: the password hidden, a SQLite file as its full path."""
    masked = re.sub(r"(://[^:/@]*:).*@", r"\1***@", url)  # up to the last "@"
    if _password_has_at(url):
        return repr(masked)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # not an address at all, or a port that is no number
        return repr(masked)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return f"sqlite:///{Path(parsed.database).resolve()}"
    if "password" in parsed.query:  # libpq also takes ?password=
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def open_error(url: str, exc: Exception) -> str:
    """One line saying why the store at ``url`` could not be opened, and what to do."""
    shown = shown_url(url)
    if _password_has_at(url):
        return (f"cannot read the store address {shown}: its password has an \"@\" in it; "
                "write each \"@\" in the password as %40 (and \":\" as %3A, \"/\" as %2F)")
    if isinstance(exc, NoSuchModuleError):
        kind = url.split("://", 1)[0]
        return (f"unknown kind of database {kind!r} in the store address {shown}: use "
                "sqlite:///FILE or postgresql+psycopg://USER@HOST/DATABASE")
    if isinstance(exc, ImportError):
        return (f"the store address {shown} needs a database driver this toolkit does not "
                "install: write PostgreSQL addresses as postgresql+psycopg://USER@HOST/DATABASE")
    if isinstance(exc, CommandError):
        return (f"the store {shown} was made or upgraded by a newer version of this toolkit "
                f"({exc}): use that version, or restore a backup made before the upgrade")
    if isinstance(exc, ValueError) and not isinstance(exc, ArgumentError):
        return (f"cannot read the store address {shown} ({exc}): write it like "
                "sqlite:///engage.db or postgresql+psycopg://USER@HOST:5432/DATABASE")
    if isinstance(exc, ArgumentError):
        return (f"cannot read the store address {shown}: write it like sqlite:///engage.db or "
                "postgresql+psycopg://USER@HOST/DATABASE")
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite" and parsed.database:
        folder = Path(parsed.database).resolve().parent
        if not folder.is_dir():
            return f"cannot create the store {shown}: the folder {folder} does not exist"
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"cannot open the store {shown}: {reason[0] if reason else type(exc).__name__}"


def _tune_sqlite(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API connection
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_private(path: str | None) -> None:
    """Create a new SQLite file (or lock file) readable by its owner only (mode 600), whatever
    the umask: it holds personal data. SQLite gives its -wal and -shm files the same mode.
    An existing file keeps its mode; a missing folder is left for SQLite to report."""
    if path in (None, "", ":memory:") or str(path).startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except (FileExistsError, FileNotFoundError, NotADirectoryError):
        pass


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite gets WAL mode, a busy timeout and foreign keys."""
    url = resolve_url(url)
    # hide_parameters: an error never prints the values a statement carried (comments,
    # respondent details) into a terminal or a log.
    if url.startswith("sqlite"):
        _create_private(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    return engine


@contextmanager
def engine_lock(
    engine: Engine, name: str, on_wait: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Hold the store-wide lock ``name``: a PostgreSQL session advisory lock, an exclusive
    ``flock`` on a file beside a SQLite database (an in-memory one has nobody to share with).
    ``on_wait`` is called once, before waiting, if someone else holds it."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with engine.connect() as connection:
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
    lock = f"{url.database}.{name}.lock"
    _create_private(lock)
    with Path(lock).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations and this engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration (creates the schema on a new database). Processes opening
    the store at once (the app restarting while someone runs a command) take turns."""
    if is_current(engine):
        return
    with engine_lock(engine, "migrate"):
        command.upgrade(alembic_config(engine), "head")


def is_current(engine: Engine) -> bool:
    """True when the database has the schema at the newest migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    if "alembic_version" not in inspect(engine).get_table_names():
        return False
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == set(script.get_heads())


@lru_cache(maxsize=8)
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def session(engine: Engine) -> Session:
    """A new ORM session bound to ``engine``."""
    return _session_factory(engine)()
