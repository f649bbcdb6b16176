"""The tables, created once: `bolkhata migrate`, and the check a server makes before it starts.

On PostgreSQL several processes creating the library's tables at the same moment race (CREATE
TYPE, CREATE TABLE IF NOT EXISTS on a fresh schema), so servers and projection workers create
nothing: `migrate` creates every table under an advisory lock, and a process that finds a table
missing says so instead of failing later on its first write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast
from urllib.parse import unquote, urlparse

import psycopg
from psycopg.rows import TupleRow

from application.projections import Projections
from application.store import EventStore
from infrastructure.eventstore import is_postgres, open_event_store
from infrastructure.readmodels import open_projections, tracking_table
from infrastructure.settings import Settings


class SchemaNotMigrated(RuntimeError):
    """A PostgreSQL schema without the tables: `bolkhata migrate` has not run on it."""


# libpq keepalives: a peer that vanished without closing (a pulled cable, a frozen VM) is found
# within about idle + interval x count seconds, and its advisory locks are freed.
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
}


def connect(database_url: str, application_name: str = "bolkhata") -> psycopg.Connection[TupleRow]:
    """A dedicated autocommit connection (advisory locks, LISTEN), outside any pool."""
    url = urlparse(database_url)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        dbname=url.path.lstrip("/") or "postgres",
        user=unquote(url.username or "postgres"),
        password=unquote(url.password or ""),
        connect_timeout=10,
        autocommit=True,
        application_name=application_name,
        **KEEPALIVES,
    )


def lock_key(*parts: str) -> str:
    """The text an advisory lock is keyed on (hashed by PostgreSQL into a bigint)."""
    return "bolkhata:" + ":".join(parts)


def schema_of(store: EventStore) -> str:
    return str(cast(Any, store.recorder).datastore.schema)


@contextmanager
def _migration_lock(database_url: str, schema: str) -> Iterator[None]:
    with connect(database_url, "bolkhata migrate") as connection:
        key = lock_key("migrate", schema)
        connection.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (key,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (key,))


def migrate(settings: Settings) -> list[str]:
    """Create every table of the event store and the read models; returns the projections.

    Safe to run again and from several processes at once (they take turns)."""
    url = settings.database_url
    if not is_postgres(url):
        store = open_event_store(url, settings)
        try:
            return list(open_projections(store, settings.timezone).projections)
        finally:
            store.close()
    # Opened without creating, only to learn the schema and table names.
    probe = open_event_store(url, settings, create_tables=False)
    try:
        schema = schema_of(probe)
    finally:
        probe.close()
    with _migration_lock(url, schema):
        store = open_event_store(url, settings, create_tables=True)
        try:
            return list(open_projections(store, settings.timezone, create_tables=True).projections)
        finally:
            store.close()


def required_tables(store: EventStore, projections: Projections) -> list[str]:
    tables = [str(cast(Any, store.recorder).events_table_name)]
    for projection in projections.projections.values():
        tables.append(tracking_table(type(projection)))
        tables += [table.name for table in projection.tables]
    return tables


def require_migrated(store: EventStore, projections: Projections) -> None:
    """Raise SchemaNotMigrated, naming what is missing, unless every table is there."""
    datastore = cast(Any, store.recorder).datastore
    if not hasattr(datastore, "schema"):
        return  # SQLite: created on start
    schema = datastore.schema
    names = required_tables(store, projections)
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(
            "SELECT name FROM unnest(%s::text[]) AS name "
            "WHERE to_regclass(format('%%I.%%I', %s::text, name)) IS NULL",
            (names, schema),
        )
        missing = [row["name"] for row in cursor.fetchall()]
    if missing:
        more = f" (and {len(missing) - 3} more)" if len(missing) > 3 else ""
        raise SchemaNotMigrated(
            f"the PostgreSQL schema {schema!r} has no table {', '.join(missing[:3])}{more}: "
            "run `bolkhata migrate --database-url URL` once before starting servers or workers"
        )


def check_migrated(settings: Settings) -> None:
    """Before a server starts: SchemaNotMigrated unless `bolkhata migrate` has run."""
    store = open_event_store(settings.database_url, settings, create_tables=False)
    try:
        require_migrated(store, open_projections(store, settings.timezone, create_tables=False))
    finally:
        store.close()
