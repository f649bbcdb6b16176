"""Turns BOLKHATA_DATABASE_URL into the eventsourcing library's persistence environment."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from application.store import EventStore
from infrastructure.recorders import POSTGRES_RECORDER_TOPIC, SQLITE_RECORDER_TOPIC
from infrastructure.settings import Settings
from infrastructure.sqlite import SQLITE_FACTORY_TOPIC


class UnsupportedDatabaseUrl(ValueError):
    pass


def persistence_env(
    database_url: str, settings: Settings | None = None, *, create_tables: bool = True
) -> dict[str, str]:
    """sqlite:///path.db or postgresql://user:pass@host:port/db?schema=name.

    Without `create_tables` a PostgreSQL store creates nothing: several processes starting at
    once would race in the library's CREATE TYPE / CREATE TABLE (`bolkhata migrate` does it
    once). SQLite always creates, as one process on one file never races."""
    settings = settings or Settings(database_url=database_url)
    env = _store_env(database_url, settings)
    if is_postgres(database_url):
        env["CREATE_TABLE"] = "y" if create_tables else "n"
    if settings.aggregate_cache_size > 0:
        # Hot accounts and the shop directory are read on every command: keep them in memory
        # and only read the events stored since (fast-forward). Each get returns a deep copy,
        # so concurrent commands never share one mutable aggregate.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.aggregate_cache_size)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"
    return env


def _store_env(database_url: str, settings: Settings) -> dict[str, str]:
    url = urlparse(database_url)
    if url.scheme == "sqlite":
        path = unquote(url.path)
        # sqlite:///var/x.db is relative to the working directory; sqlite:////abs/x.db absolute.
        path = path[1:]
        if path == ":memory:" or not path:
            raise UnsupportedDatabaseUrl("use a file: an in-memory SQLite store loses everything")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": SQLITE_FACTORY_TOPIC,
            # The library's recorder plus one-select row reads for replay (same tables).
            "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER_TOPIC,
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    if url.scheme in ("postgresql", "postgres"):
        options = parse_qs(url.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER_TOPIC,
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
            "POSTGRES_MAX_OVERFLOW": str(settings.postgres_max_overflow),
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_LOCK_TIMEOUT": "5",
            # The pool checks a connection before lending it: after a database restart the
            # dead ones are replaced instead of failing the next save.
            "POSTGRES_PRE_PING": "y" if settings.postgres_pre_ping else "n",
        }
        if "schema" in options:
            env["POSTGRES_SCHEMA"] = options["schema"][0]
        return env
    raise UnsupportedDatabaseUrl(
        f"BOLKHATA_DATABASE_URL must start with sqlite:/// or postgresql://, got {database_url!r}"
    )


def is_postgres(database_url: str) -> bool:
    return urlparse(database_url).scheme in ("postgresql", "postgres")


def open_event_store(
    database_url: str, settings: Settings | None = None, *, create_tables: bool = True
) -> EventStore:
    return EventStore(env=persistence_env(database_url, settings, create_tables=create_tables))
