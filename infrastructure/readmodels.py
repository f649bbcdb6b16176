"""Read-model stores: each projection's tables and tracking record in the event store's own
database (the same SQLite file, or the same PostgreSQL schema), written in one transaction.

Both stores are tracking recorders of the eventsourcing library; they share the event store's
datastore (its connection pool), so read models cost no extra connections.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL, Composable, Composed, Identifier

from application.projections import (
    BillNumbers,
    ConversationIndex,
    CustomerBalances,
    Outbox,
    Projections,
    ReadModel,
    ReadModelProjection,
    RememberedRows,
    RowCache,
    Table,
    TaskMetrics,
)
from application.projections.base import INT, Key, Row
from application.store import EventStore, LiveWrites
from infrastructure.sqlite import SQLiteStore

INDEXED = ("shop", "conversation_id", "wa_message_id")  # the columns reads filter on


def tracking_table(projection: type[ReadModelProjection]) -> str:
    return f"rm_{projection.name}_tracking"


class SQLiteReadModel(SQLiteTrackingRecorder, ReadModel):
    def __init__(
        self, datastore: SQLiteDatastore, tables: Sequence[Table], tracking_table_name: str
    ) -> None:
        if not datastore.single_row_tracking:
            raise ValueError("read models need single-row tracking (SINGLE_ROW_TRACKING=t)")
        self.tables = tuple(tables)
        self.remembered = RememberedRows()
        self.tracking_table_name = tracking_table_name
        self.live: LiveWrites | None = None  # the live answers it gives way to
        super().__init__(datastore)
        # The library names SQLite's tracking table "tracking"; one table per projection here.
        name = tracking_table_name
        self.insert_tracking_statement = (
            f"INSERT INTO {name} VALUES (:application_name, :notification_id) "
            "ON CONFLICT (application_name) DO UPDATE SET notification_id = :notification_id "
            f"WHERE {name}.notification_id < :notification_id RETURNING notification_id"
        )
        self.select_max_tracking_id_statement = (
            f"SELECT MAX(notification_id) FROM {name} WHERE application_name=?"
        )

    def construct_create_table_statements(self) -> list[str]:
        statements = [
            f"CREATE TABLE IF NOT EXISTS {self.tracking_table_name} ("
            "application_name TEXT, notification_id INTEGER, "
            "PRIMARY KEY (application_name)) WITHOUT ROWID"
        ]
        for table in self.tables:
            columns = ", ".join(
                f"{name} {'INTEGER' if kind == INT else 'TEXT'}" for name, kind in table.columns
            )
            statements.append(
                f"CREATE TABLE IF NOT EXISTS {table.name} "
                f"({columns}, PRIMARY KEY ({', '.join(table.key)}))"
            )
            statements += [
                f"CREATE INDEX IF NOT EXISTS {table.name}_{column} ON {table.name} ({column})"
                for column in INDEXED
                if column in table.column_names and table.key != (column,)
            ]
        return statements

    @contextmanager
    def transaction(
        self, tracking: Tracking | None, after: int | None = None
    ) -> Iterator[RowCache]:
        datastore = self.datastore
        giving_way = self.live is not None and self.live.gives_way()
        if giving_way and self.live is not None:
            self.live.wait_quiet()  # a command being answered goes first (application/store.py)
        # The background catch-up's turn comes after any event save waiting for the file's
        # (infrastructure/sqlite.py); a reader's own catch-up is waited for: it goes in turn.
        writing = (
            datastore.deferred_connection()
            if giving_way and isinstance(datastore, SQLiteStore)
            else datastore.get_connection(commit=True)
        )
        with writing as connection:
            cursor = connection.cursor()
            raw = cursor.sqlite_cursor
            # No fsync at this commit: a read model is derived, and its rows and tracking
            # record are lost or kept together, so after a power cut the catch-up applies
            # again what was lost. The next event save's fsync makes these pages durable too.
            raw.execute("PRAGMA synchronous")
            synchronous = raw.fetchone()[0]
            raw.execute("PRAGMA synchronous=NORMAL")
            # IMMEDIATE: take the write lock first, so a writer in another process cannot
            # invalidate what this transaction read before it writes.
            raw.execute("BEGIN IMMEDIATE")
            try:
                if after is not None and tracking is not None:
                    found = self._max_tracking_id(tracking.application_name, cursor) or 0
                    _expect_position(found, after)
                cache = RowCache(
                    self._loader(lambda table, key: self._load(raw, table, key), tracking, after)
                )
                yield cache
                for table, rows in cache.changes(self.tables):
                    names = table.column_names
                    raw.executemany(
                        f"INSERT OR REPLACE INTO {table.name} ({', '.join(names)}) "
                        f"VALUES ({', '.join('?' * len(names))})",
                        [tuple(row[n] for n in names) for row in rows],
                    )
                if tracking is not None:
                    self._insert_tracking(cursor, tracking)
                connection.commit()
            except BaseException:
                connection.rollback()
                self.remembered.forget()
                raise
            finally:
                raw.execute(f"PRAGMA synchronous={int(synchronous)}")
                raw.close()
            self._committed(cache, tracking, after)

    @staticmethod
    def _load(raw: Any, table: Table, key: Key) -> Row | None:
        where = " AND ".join(f"{name}=?" for name in table.key)
        raw.execute(f"SELECT * FROM {table.name} WHERE {where}", key)
        found = raw.fetchone()
        return dict(found) if found is not None else None

    def select(
        self,
        table: Table,
        where: Mapping[str, Any] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        where = where or {}
        statement = f"SELECT * FROM {table.name}"
        if where:
            statement += " WHERE " + " AND ".join(f"{_checked(table, k)}=?" for k in where)
        if order_by:
            statement += " ORDER BY " + ", ".join(_order(table, o) for o in order_by)
        statement += " LIMIT ? OFFSET ?"
        params = [*where.values(), -1 if limit is None else limit, offset]
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, params)
            return [dict(row) for row in cursor.fetchall()]

    def reset(self, application_name: str) -> None:
        self.remembered.forget()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"DELETE FROM {self.tracking_table_name} WHERE application_name=?",
                (application_name,),
            )
            for table in self.tables:
                cursor.execute(f"DELETE FROM {table.name}")


class PostgresReadModel(PostgresTrackingRecorder, ReadModel):
    def __init__(
        self, datastore: PostgresDatastore, tables: Sequence[Table], tracking_table_name: str
    ) -> None:
        if not datastore.single_row_tracking:
            raise ValueError("read models need single-row tracking (SINGLE_ROW_TRACKING=t)")
        self.tables = tuple(tables)
        self.remembered = RememberedRows()
        self.live: LiveWrites | None = None  # the live answers it gives way to
        super().__init__(datastore, tracking_table_name=tracking_table_name)
        for table in self.tables:
            columns = SQL(", ").join(
                SQL("{0} {1}").format(Identifier(name), SQL("bigint" if kind == INT else "text"))
                for name, kind in table.columns
            )
            self.sql_create_statements.append(
                SQL("CREATE TABLE IF NOT EXISTS {0} ({1}, PRIMARY KEY ({2}))").format(
                    self._name(table), columns, SQL(", ").join(map(Identifier, table.key))
                )
            )
            self.sql_create_statements += [
                SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} ({2})").format(
                    Identifier(f"{table.name}_{column}"), self._name(table), Identifier(column)
                )
                for column in INDEXED
                if column in table.column_names and table.key != (column,)
            ]
        # Composed once: a catch-up loads and upserts row by row.
        self._loads = {table.name: self._load_statement(table) for table in self.tables}
        self._upserts = {table.name: self._upsert_statement(table) for table in self.tables}

    def _name(self, table: Table) -> Composable:
        return SQL("{0}.{1}").format(Identifier(self.datastore.schema), Identifier(table.name))

    def _load_statement(self, table: Table) -> Composed:
        where = SQL(" AND ").join(SQL("{0} = %s").format(Identifier(n)) for n in table.key)
        return SQL("SELECT * FROM {0} WHERE {1}").format(self._name(table), where)

    def _upsert_statement(self, table: Table) -> Composed:
        names = table.column_names
        updates = [n for n in names if n not in table.key]
        return SQL("INSERT INTO {0} ({1}) VALUES ({2}) ON CONFLICT ({3}) DO UPDATE SET {4}").format(
            self._name(table),
            SQL(", ").join(map(Identifier, names)),
            SQL(", ").join(SQL("%s") for _ in names),
            SQL(", ").join(map(Identifier, table.key)),
            SQL(", ").join(SQL("{0} = EXCLUDED.{0}").format(Identifier(n)) for n in updates),
        )

    @contextmanager
    def transaction(
        self, tracking: Tracking | None, after: int | None = None
    ) -> Iterator[RowCache]:
        if self.live is not None and self.live.gives_way():
            self.live.wait_quiet()  # a command being answered goes first (application/store.py)
        try:
            with self._transaction(tracking, after) as cache:
                yield cache
        except BaseException:
            self.remembered.forget()
            raise
        self._committed(cache, tracking, after)

    @contextmanager
    def _transaction(self, tracking: Tracking | None, after: int | None) -> Iterator[RowCache]:
        with (
            self.datastore.get_connection() as connection,
            connection.transaction(),
            connection.cursor() as cursor,
        ):
            if after is not None and tracking is not None:
                # FOR UPDATE: a reset (DELETE) or another runner waits for this one, or this
                # one sees what they did.
                cursor.execute(
                    SQL(
                        "SELECT notification_id FROM {0}.{1} WHERE application_name = %s FOR UPDATE"
                    ).format(
                        Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                    ),
                    (tracking.application_name,),
                )
                found = cursor.fetchone()
                _expect_position(found["notification_id"] if found else 0, after)
            cache = RowCache(
                self._loader(
                    lambda table, key: self._load(cursor, table, key),
                    tracking,
                    after,
                )
            )
            yield cache
            for table, rows in cache.changes(self.tables):
                names = table.column_names
                cursor.executemany(
                    self._upserts[table.name], [tuple(row[n] for n in names) for row in rows]
                )
            if tracking is not None:
                self._insert_tracking(cursor, tracking)

    def _load(self, cursor: Any, table: Table, key: Key) -> Row | None:
        cursor.execute(self._loads[table.name], key)
        found = cursor.fetchone()
        return dict(found) if found is not None else None

    def select(
        self,
        table: Table,
        where: Mapping[str, Any] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        where = where or {}
        statement = SQL("SELECT * FROM {0}").format(self._name(table))
        if where:
            statement += SQL(" WHERE ") + SQL(" AND ").join(
                SQL("{0} = %s").format(Identifier(_checked(table, k))) for k in where
            )
        if order_by:
            statement += SQL(" ORDER BY ") + SQL(", ").join(SQL(_order(table, o)) for o in order_by)
        statement += SQL(" LIMIT %s OFFSET %s")
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, [*where.values(), limit, offset])
            return [dict(row) for row in cursor.fetchall()]

    def reset(self, application_name: str) -> None:
        self.remembered.forget()
        with self.datastore.transaction(commit=True) as cursor:
            # The tracking row first: its lock makes a runner mid-batch finish before the rows
            # go, and a runner that starts later sees the reset and rolls back.
            cursor.execute(
                SQL("DELETE FROM {0}.{1} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )
            for table in self.tables:
                cursor.execute(SQL("DELETE FROM {0}").format(self._name(table)))


def _expect_position(found: int, after: int) -> None:
    if found != after:
        raise IntegrityError(f"tracked position is {found}, not {after}: another runner moved it")


def _checked(table: Table, column: str) -> str:
    if column not in table.column_names:
        raise ValueError(f"{table.name} has no column {column!r}")
    return column


def _order(table: Table, order: str) -> str:
    """'started_at' or '-started_at' (descending), checked against the table's columns."""
    column = _checked(table, order.lstrip("-"))
    return f"{column} DESC" if order.startswith("-") else column


def open_projections(
    store: EventStore, timezone: str = "Asia/Kolkata", *, create_tables: bool = True
) -> Projections:
    """Every projection over the event store's own database, its tables created unless
    `create_tables` is off (PostgreSQL after `bolkhata migrate`)."""
    datastore = cast(Any, store.recorder).datastore

    def view(projection: type[ReadModelProjection]) -> ReadModel:
        model: ReadModel
        if isinstance(datastore, SQLiteDatastore):
            on_file = SQLiteReadModel(datastore, projection.tables, tracking_table(projection))
            on_file.live = store.live
            model = on_file
        elif isinstance(datastore, PostgresDatastore):
            on_server = PostgresReadModel(datastore, projection.tables, tracking_table(projection))
            on_server.live = store.live
            model = on_server
        else:
            raise TypeError(f"no read-model store for {type(datastore).__name__}")
        if create_tables or isinstance(datastore, SQLiteDatastore):
            model.create_table()
        return model

    return InTheBackground(
        store,
        [
            ConversationIndex(view(ConversationIndex)),
            TaskMetrics(view(TaskMetrics), timezone),
            CustomerBalances(view(CustomerBalances)),
            Outbox(view(Outbox)),
            BillNumbers(view(BillNumbers)),
        ],
    )


class InTheBackground(Projections):
    """The read models, whose catch-up in the background gives way to live answers
    (`LiveWrites`); a reader's own catch-up (`wait`) does not: somebody waits for it."""

    def catch_up(
        self, *, interruptible: bool = False, wait: float | None = None, shop: str | None = None
    ) -> int:
        if not interruptible:
            return super().catch_up(wait=wait, shop=shop)
        with self.store.live.giving_way():
            return super().catch_up(interruptible=True, wait=wait, shop=shop)
