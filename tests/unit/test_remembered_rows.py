"""A read model's runner remembers the rows of its committed, position-checked transactions,
and reads them only in a transaction that starts at the position they were left at."""

from __future__ import annotations

from application.projections.base import Key, RememberedRows, Row, RowCache, Table

ROWS = Table(name="rm_things", key=("id",), columns=(("id", "text"), ("count", "int")))


class Database:
    """Rows by key, counting the reads that reach it."""

    def __init__(self) -> None:
        self.rows: dict[Key, Row] = {("a",): {"id": "a", "count": 1}}
        self.reads = 0

    def load(self, table: Table, key: Key) -> Row | None:
        self.reads += 1
        row = self.rows.get(key)
        return dict(row) if row is not None else None


def transaction(memory: RememberedRows, database: Database, after: int | None) -> RowCache:
    return RowCache(memory.loader(database.load) if memory.begin(after) else database.load)


def test_a_transaction_at_the_position_left_reads_the_last_ones_rows_from_memory() -> None:
    memory, database = RememberedRows(), Database()
    cache = transaction(memory, database, 0)
    row = cache.get(ROWS, ("a",))
    assert row is not None
    cache.put(ROWS, row | {"count": 2})
    assert cache.get(ROWS, ("b",)) is None  # a row that is not there is remembered too
    memory.committed(cache, 10)
    again = transaction(memory, database, 10)
    assert again.get(ROWS, ("a",)) == {"id": "a", "count": 2}
    assert again.get(ROWS, ("b",)) is None
    assert database.reads == 2  # only the first transaction's


def test_a_transaction_at_another_position_forgets_and_reads_the_database() -> None:
    """Another runner or a rebuild moved the position since: what is kept is not the
    database's any more."""
    memory, database = RememberedRows(), Database()
    cache = transaction(memory, database, 0)
    cache.get(ROWS, ("a",))
    memory.committed(cache, 10)
    database.rows[("a",)] = {"id": "a", "count": 5}  # the other runner's write, up to 15
    assert transaction(memory, database, 15).get(ROWS, ("a",)) == {"id": "a", "count": 5}
    assert memory.tables == {} and memory.position is None


def test_a_change_to_a_returned_row_does_not_change_the_memory() -> None:
    memory, database = RememberedRows(), Database()
    cache = transaction(memory, database, 0)
    cache.get(ROWS, ("a",))
    memory.committed(cache, 10)
    row = transaction(memory, database, 10).get(ROWS, ("a",))
    assert row is not None
    row["count"] = 99
    assert transaction(memory, database, 10).get(ROWS, ("a",)) == {"id": "a", "count": 1}


def test_an_unchecked_transaction_or_a_failure_forgets_everything() -> None:
    memory, database = RememberedRows(), Database()
    cache = transaction(memory, database, 0)
    cache.get(ROWS, ("a",))
    memory.committed(cache, 10)
    memory.committed(transaction(memory, database, None), None)  # no position checked
    transaction(memory, database, 10).get(ROWS, ("a",))
    assert database.reads == 2
    memory.forget()  # what a rolled-back transaction does
    transaction(memory, database, 10).get(ROWS, ("a",))
    assert database.reads == 3


def test_the_least_recently_used_rows_go_past_the_size() -> None:
    memory, database = RememberedRows(size=2), Database()
    cache = transaction(memory, database, 0)
    for key in ("a", "b", "c"):
        cache.get(ROWS, (key,))
    memory.committed(cache, 10)
    assert list(memory.tables["rm_things"]) == [("b",), ("c",)]
