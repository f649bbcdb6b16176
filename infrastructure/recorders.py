"""The library's recorders, plus select_rows: an aggregate's (version, topic, state) rows in
one select, without a StoredEvent (nor an id conversion) per row, for application/replay.py.
SQLite gives the topic as bytes (a str decoded per row cost a fifth of the fetch); PostgreSQL
answers in binary (bytea as hex text cost half of the fetch)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed, Identifier

from application.replay import Row


class SQLiteRowRecorder(SQLiteApplicationRecorder):
    def select_rows(self, originator_id: UUID, gt: int | None, lte: int | None) -> Sequence[Row]:
        statement = (
            "SELECT originator_version, CAST(topic AS BLOB), state "
            f"FROM {self.events_table_name} "
            "WHERE originator_id=? "
        )
        params: list[Any] = [originator_id.hex]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        if lte is not None:
            statement += "AND originator_version<=? "
            params.append(lte)
        statement += "ORDER BY originator_version ASC"
        with self.datastore.transaction(commit=False) as cursor:
            cursor.sqlite_cursor.row_factory = None  # plain tuples: no sqlite3.Row per row
            cursor.execute(statement, params)
            rows: list[Row] = cursor.fetchall()
            return rows


class PostgresRowRecorder(PostgresApplicationRecorder):
    def select_rows(self, originator_id: UUID, gt: int | None, lte: int | None) -> Sequence[Row]:
        statement: Composed = SQL(
            "SELECT originator_version, topic, state FROM {schema}.{table} WHERE originator_id = %s"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        params: list[Any] = [originator_id]
        if gt is not None:
            params.append(gt)
            statement += SQL(" AND originator_version > %s")
        if lte is not None:
            params.append(lte)
            statement += SQL(" AND originator_version <= %s")
        statement += SQL(" ORDER BY originator_version ASC")
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(statement, params, prepare=True, binary=True)
            return curs.fetchall()


SQLITE_RECORDER_TOPIC = get_topic(SQLiteRowRecorder)
POSTGRES_RECORDER_TOPIC = get_topic(PostgresRowRecorder)
