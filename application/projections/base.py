"""What every projection shares: event records, tables, the view port and a row cache.

A projection is pure: it reads and writes rows of its own tables through a `ViewTransaction`.
The store behind it (SQLite or PostgreSQL, in infrastructure/) is a tracking recorder of the
eventsourcing library, so the rows a batch of events produces and the position of the last
event in the batch commit in one transaction.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

Row = dict[str, Any]
Key = tuple[Any, ...]
# Only text and integers are stored, so a row reads back exactly as it was written on
# either database (times are ISO 8601 text, flags are 0/1, money is integer paise).
TEXT, INT = "text", "int"


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def key_of(self, row: Mapping[str, Any]) -> Key:
        return tuple(row[name] for name in self.key)

    def blank(self, **values: Any) -> Row:
        row: Row = dict.fromkeys(self.column_names)
        row.update(values)
        return row


@dataclass(frozen=True)
class EventRecord:
    """A stored domain event as projections and the audit see it: plain values only."""

    position: int  # notification id in the application log (0 when read per aggregate)
    topic: str
    originator_id: str
    seq: int  # the event's originator_version
    aggregate: str  # "Conversation", "CustomerAccount", ...
    name: str  # "TaskQueued", ...
    timestamp: datetime
    data: Mapping[str, Any]


def topic_parts(topic: str) -> tuple[str, str]:
    """'bolkhata:Conversation.TaskQueued' -> ('Conversation', 'TaskQueued')."""
    _, _, path = topic.rpartition(":")
    aggregate, _, name = path.partition(".")
    return aggregate, name


META = ("originator_id", "originator_version", "timestamp", "originator_topic")


def record_of(position: int, topic: str, domain_event: Any) -> EventRecord:
    aggregate, name = topic_parts(topic)
    data = {k: v for k, v in vars(domain_event).items() if k not in META}
    return EventRecord(
        position=position,
        topic=topic,
        originator_id=str(domain_event.originator_id),
        seq=int(domain_event.originator_version),
        aggregate=aggregate,
        name=name,
        timestamp=domain_event.timestamp,
        data=data,
    )


PLAIN = frozenset({str, int, float, bool, type(None)})


def json_ready(value: Any) -> Any:
    """Event payload values as JSON can carry them."""
    if type(value) in PLAIN:  # most values: returned as they are, without the checks below
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_ready(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return json_ready(vars(value))
    return value


class ViewTransaction(Protocol):
    def get(self, table: Table, key: Key) -> Row | None: ...

    def put(self, table: Table, row: Row) -> None: ...


class RowCache:
    """Reads rows once per transaction, keeps every change in memory, writes each changed row
    once at the end: a page of 1,000 events on one conversation costs one read and one write."""

    def __init__(self, load: Any) -> None:
        self._load = load
        self.rows: dict[str, dict[Key, Row | None]] = {}
        self.dirty: dict[str, dict[Key, Row]] = {}

    def get(self, table: Table, key: Key) -> Row | None:
        rows = self.rows.setdefault(table.name, {})
        if key not in rows:
            rows[key] = self._load(table, key)
        row = rows[key]
        return dict(row) if row is not None else None

    def put(self, table: Table, row: Row) -> None:
        key = table.key_of(row)
        self.rows.setdefault(table.name, {})[key] = dict(row)
        self.dirty.setdefault(table.name, {})[key] = dict(row)

    def changes(self, tables: Sequence[Table]) -> Iterator[tuple[Table, list[Row]]]:
        for table in tables:
            rows = self.dirty.get(table.name)
            if rows:
                yield table, list(rows.values())


class RememberedRows:
    """The rows a read model's runner last read or wrote, kept between its transactions.

    A page's transaction reads each row it touches; in a burst the next page touches the
    same conversations, sessions and days again, and those reads were two fifths of a
    projection worker's CPU. The rows a committed transaction saw are the database's at the
    position it tracked. A later transaction that finds the tracked position still there (its
    check) may read them from here; one that starts from any other position (a rebuild, or
    another runner that moved it) forgets them. At most `size` rows a table, the least
    recently used going first."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self.position: int | None = None  # the tracked position the rows are the database's at
        self.tables: dict[str, OrderedDict[Key, Row | None]] = {}
        self._lock = threading.Lock()

    def begin(self, after: int | None) -> bool:
        """Whether a transaction checked to start at `after` may read rows from here."""
        with self._lock:
            if after is not None and after == self.position:
                return True
            self.position = None
            self.tables.clear()
            return False

    def loader(
        self, load: Callable[[Table, Key], Row | None]
    ) -> Callable[[Table, Key], Row | None]:
        """`load`, answered from memory where it can be."""

        def remembered(table: Table, key: Key) -> Row | None:
            with self._lock:
                rows = self.tables.get(table.name)
                if rows is not None and key in rows:
                    rows.move_to_end(key)
                    row = rows[key]
                    return dict(row) if row is not None else None
            return load(table, key)

        return remembered

    def committed(self, cache: RowCache, position: int | None) -> None:
        """A transaction committed: its rows are the database's at the tracked `position` (if
        it checked the position it started from; else nothing kept is known to be)."""
        if position is None:
            self.forget()
            return
        with self._lock:
            self.position = position
            for name, rows in cache.rows.items():
                kept = self.tables.setdefault(name, OrderedDict())
                for key, row in rows.items():
                    kept[key] = dict(row) if row is not None else None
                    kept.move_to_end(key)
                while len(kept) > self.size:
                    kept.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self.position = None
            self.tables.clear()


class MemoryView:
    """A scratch view in memory: `audit --verify` rebuilds into it and compares."""

    def __init__(self) -> None:
        self.cache = RowCache(lambda table, key: None)

    def get(self, table: Table, key: Key) -> Row | None:
        return self.cache.get(table, key)

    def put(self, table: Table, row: Row) -> None:
        self.cache.put(table, row)

    def select(self, table: Table, where: Mapping[str, Any]) -> list[Row]:
        rows = self.cache.rows.get(table.name, {}).values()
        return [
            dict(r) for r in rows if r is not None and all(r.get(k) == v for k, v in where.items())
        ]


class ReadModel(TrackingRecorder, ABC):
    """A projection's tables plus its tracking record, in one database."""

    remembered: RememberedRows  # what its runner last saw, see RememberedRows

    def __init__(self, tables: Sequence[Table]) -> None:
        self.tables = tuple(tables)
        self.remembered = RememberedRows()

    def _loader(
        self, load: Callable[[Table, Key], Row | None], tracking: Tracking | None, after: int | None
    ) -> Callable[[Table, Key], Row | None]:
        """Rows read in a transaction checked to start where the remembered rows were left
        may come from memory."""
        start = after if tracking is not None else None
        return self.remembered.loader(load) if self.remembered.begin(start) else load

    def _committed(self, cache: RowCache, tracking: Tracking | None, after: int | None) -> None:
        position = tracking.notification_id if tracking is not None else None
        self.remembered.committed(cache, position if after is not None else None)

    @abstractmethod
    def transaction(
        self, tracking: Tracking | None, after: int | None = None
    ) -> AbstractContextManager[ViewTransaction]:
        """Rows changed inside, and the tracking record, commit together or not at all.

        With `after`, the transaction first locks the tracking record and raises the library's
        IntegrityError unless the position is still `after`: a rebuild or another runner that
        moved it since it was read makes this batch roll back instead of landing twice."""

    @abstractmethod
    def select(
        self,
        table: Table,
        where: Mapping[str, Any] | None = None,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Rows equal to `where` on every column named there."""

    @abstractmethod
    def reset(self, application_name: str) -> None:
        """Delete every row and the tracking record, in one transaction (rebuild from zero)."""


class ReadModelProjection(Projection[ReadModel], ABC):
    """One read model: which events it wants, its tables, and how one event changes rows."""

    tables: tuple[Table, ...] = ()

    @abstractmethod
    def apply(self, record: EventRecord, view: ViewTransaction) -> None:
        """Change the rows for one event; pure apart from the view."""

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """The library's one-event interface: apply one event and track it, in one transaction."""
        topic = get_topic(type(domain_event))
        with self.view.transaction(tracking) as view:
            self.apply(record_of(tracking.notification_id, topic, domain_event), view)


@dataclass
class Progress:
    """How far catch-up has gone; tests wait on it instead of sleeping."""

    positions: dict[str, int] = field(default_factory=dict)
    applied: int = 0
