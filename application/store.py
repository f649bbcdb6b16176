"""The event store: one eventsourcing Application holding every aggregate of the service."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from domain.ledger import CustomerAccount, Entry, Reminder
from domain.shop import Listing, Shop
from domain.stock import Product

T = TypeVar("T")
A = TypeVar("A")

# Two sessions of one shop can write the same customer at once; a stale write is retried
# from a fresh read. Measured: 8 threads x 50 credits on one account needs far fewer than this.
MAX_ATTEMPTS = 50


class DataclassAsDict(Transcoding):
    """Snapshots hold the aggregates' small dataclasses; store them as plain dicts."""

    def __init__(self, kind: type[Any]) -> None:
        self.type = kind
        self.name = f"bolkhata:{kind.__name__}"

    def encode(self, obj: Any) -> dict[str, Any]:
        return {field.name: getattr(obj, field.name) for field in fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


class EventStore(Application[UUID]):
    name = "Bolkhata"
    # A snapshot every 100 events keeps any aggregate load under a few milliseconds.
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        CustomerAccount: 100,
        Product: 100,
        Shop: 100,
        # Not Conversation: its snapshot would hold every task of the session, so each one
        # costs more as the session grows; live sessions stay in memory and replay is cheap.
    }

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        # Called after every save, e.g. to wake the projections (see application/projections).
        self.on_saved: list[Callable[[], None]] = []
        # Called with the recordings of every save: observers (metrics, task log lines).
        self.on_recorded: list[Callable[[Sequence[Any]], None]] = []

    def _notify(self, recordings: Any) -> None:
        for observer in self.on_recorded:
            observer(recordings)
        for listener in self.on_saved:
            listener()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for kind in (Entry, Reminder, Listing):
            transcoder.register(DataclassAsDict(kind))

    def get(self, aggregate_id: Any, kind: type[A]) -> A | None:
        """The aggregate, or None when there is none of that kind under that id."""
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, kind) else None

    def retrying(self, attempt: Callable[[], T]) -> T:
        """Run load-decide-save again from a fresh read when another writer got there first."""
        for number in range(1, MAX_ATTEMPTS + 1):
            try:
                return attempt()
            except IntegrityError:
                if number == MAX_ATTEMPTS:
                    raise
                # Random, growing pauses: writers that keep colliding spread out, none starves.
                time.sleep(random.uniform(0, min(0.05, 0.0005 * 2**number)))
        raise AssertionError("unreachable")
