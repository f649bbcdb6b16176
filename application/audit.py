"""Audit: a session's events in order, its state after any event, and a check of the read
models against a fresh rebuild from the session's own events."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from application.projections import (
    CONVERSATIONS,
    CUSTOMERS,
    DAILY,
    ENTRIES,
    TASKS,
    EventRecord,
    MemoryView,
    Projections,
    ReadModelProjection,
    Table,
    json_ready,
    record_of,
)
from application.projections.base import Row
from application.projections.runner import READ_WAIT_SECONDS
from application.store import EventStore
from domain.conversation import Conversation

STARTED_TOPIC = get_topic(Conversation.Started)
READ_PAGE = 1000


class UnknownConversation(LookupError):
    """No such conversation, or one of another shop: callers cannot tell which."""

    code = "unknown_conversation"


def parse_id(conversation_id: str) -> UUID:
    try:
        return UUID(conversation_id)
    except ValueError:
        raise UnknownConversation(f"no conversation {conversation_id!r}") from None


def event_view(record: EventRecord) -> dict[str, Any]:
    """seq, time, type (the event's name, e.g. TaskQueued) and its JSON-ready payload."""
    return {
        "seq": record.seq,
        "time": record.timestamp.isoformat(),
        "type": record.name,
        "payload": json_ready(dict(record.data)),
    }


def state_view(conversation: Conversation) -> dict[str, Any]:
    tasks = sorted(conversation.tasks.values(), key=lambda task: task.order)
    view: dict[str, Any] = json_ready(
        {
            "conversation_id": str(conversation.id),
            "seq": conversation.version,
            "shop": conversation.shop,
            "language": conversation.language,
            "started_at": conversation.started_at,
            "ended_at": conversation.ended_at,
            "listening": conversation.listening,
            "focus": conversation.focus,
            "previous_focus": conversation.previous_focus,
            "transcripts": conversation.transcripts,
            "tasks": tasks,  # json_ready turns each into a dict (asdict would copy it first)
        }
    )
    return view


class Audit:
    def __init__(self, store: EventStore, projections: Projections) -> None:
        self.store = store
        self.projections = projections

    # Reading

    def conversations(self, shop: str, limit: int = 100, offset: int = 0) -> list[Row]:
        """The shop's sessions, newest first, as the conversation index has them now."""
        self.projections.catch_up(wait=READ_WAIT_SECONDS)
        return self.projections["conversation_index"].view.select(
            CONVERSATIONS, {"shop": shop}, order_by=("-started_at",), limit=limit, offset=offset
        )

    def _check(self, conversation_id: str, shop: str | None) -> UUID:
        """The id of a conversation of this shop (any shop when None), else UnknownConversation."""
        uuid = parse_id(conversation_id)
        first = self.store.recorder.select_events(uuid, lte=1, limit=1)
        if not first or first[0].topic != STARTED_TOPIC:
            raise UnknownConversation(f"no conversation {conversation_id}")
        started = self.store.mapper.to_domain_event(first[0])
        if shop is not None and getattr(started, "shop", None) != shop:
            raise UnknownConversation(f"no conversation {conversation_id}")
        return uuid

    def records(
        self, conversation_id: str, *, shop: str | None = None, after: int = 0, limit: int = 100
    ) -> list[EventRecord]:
        uuid = self._check(conversation_id, shop)
        stored = self.store.recorder.select_events(uuid, gt=after, limit=limit)
        return [record_of(0, s.topic, self.store.mapper.to_domain_event(s)) for s in stored]

    def events(
        self, conversation_id: str, *, shop: str | None = None, after: int = 0, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Events with seq > after, in order, at most `limit` of them."""
        records = self.records(conversation_id, shop=shop, after=after, limit=limit)
        return [event_view(record) for record in records]

    def all_records(self, conversation_id: str, shop: str | None = None) -> Iterator[EventRecord]:
        after = 0
        while True:
            page = self.records(conversation_id, shop=shop, after=after, limit=READ_PAGE)
            yield from page
            if len(page) < READ_PAGE:
                return
            after = page[-1].seq

    def state(
        self, conversation_id: str, *, shop: str | None = None, at: int | None = None
    ) -> dict[str, Any]:
        """The session as it stood after event `at` (now, when None)."""
        uuid = self._check(conversation_id, shop)
        try:
            conversation: object = self.store.repository.get(uuid, version=at)
        except AggregateNotFoundError:
            raise UnknownConversation(f"no conversation {conversation_id}") from None
        if not isinstance(conversation, Conversation):
            raise UnknownConversation(f"no conversation {conversation_id}")
        if at is not None and conversation.version < at:
            raise UnknownConversation(
                f"conversation {conversation_id} has {conversation.version} events, not {at}"
            )
        return state_view(conversation)

    # Verifying

    def verify(self, conversation_id: str) -> list[str]:
        """Rebuild every read model this session feeds into a scratch copy, from its own events
        (and its customers' ledgers), and list each difference from the live read models."""
        self.projections.catch_up()
        records = list(self.all_records(conversation_id))
        scratch = MemoryView()
        for name in ("conversation_index", "task_metrics"):
            self._replay(self.projections[name], records, scratch)
        differences = self._compare(
            "conversation_index", CONVERSATIONS, {"conversation_id": conversation_id}, scratch
        )
        differences += self._compare(
            "task_metrics", TASKS, {"conversation_id": conversation_id}, scratch
        )
        differences += self._daily_at_least(scratch)
        for customer in self._customers(scratch.select(TASKS, {})):
            ledger = self._ledger(customer)
            self._replay(self.projections["customer_balances"], ledger, scratch)
            where = {"customer_id": customer}
            differences += self._compare("customer_balances", CUSTOMERS, where, scratch)
            differences += self._compare("customer_balances", ENTRIES, where, scratch)
        return differences

    @staticmethod
    def _replay(
        projection: ReadModelProjection, records: Sequence[EventRecord], scratch: MemoryView
    ) -> None:
        topics = set(projection.topics)
        for record in records:
            if record.topic in topics:
                projection.apply(record, scratch)

    def _compare(
        self, name: str, table: Table, where: Mapping[str, Any], scratch: MemoryView
    ) -> list[str]:
        live = {table.key_of(r): r for r in self.projections[name].view.select(table, where)}
        fresh = {table.key_of(r): r for r in scratch.select(table, where)}
        differences = []
        for key in sorted(set(live) | set(fresh), key=str):
            if live.get(key) != fresh.get(key):
                differences.append(
                    f"{table.name} {key}: live {live.get(key)} != rebuilt {fresh.get(key)}"
                )
        return differences

    def _daily_at_least(self, scratch: MemoryView) -> list[str]:
        """Daily totals mix sessions: the live count must at least hold this session's share."""
        view = self.projections["task_metrics"].view
        differences = []
        for row in scratch.select(DAILY, {}):
            live = view.select(DAILY, {k: row[k] for k in DAILY.key})
            if not live or live[0]["tasks"] < row["tasks"]:
                differences.append(f"{DAILY.name} {DAILY.key_of(row)}: live {live} < {row}")
        return differences

    def _customers(self, tasks: Sequence[Row]) -> list[str]:
        found = []
        for customer in sorted({str(t["customer_id"]) for t in tasks if t["customer_id"]}):
            try:
                UUID(customer)
            except ValueError:
                continue
            found.append(customer)
        return found

    def _ledger(self, customer_id: str) -> list[EventRecord]:
        stored = self.store.recorder.select_events(UUID(customer_id))
        return [record_of(0, s.topic, self.store.mapper.to_domain_event(s)) for s in stored]
