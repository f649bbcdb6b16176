"""The store's fast replay (application/replay.py) gives the aggregate the library's own replay
gives, at every version, on SQLite and PostgreSQL: every conversation event kind, an account's
snapshot,
rows written before the fast path existed, and the audit's state at a seq."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper

from application.audit import Audit, state_view
from application.store import EventStore
from domain.conversation import Conversation
from domain.ledger import CustomerAccount
from infrastructure.eventstore import open_event_store
from infrastructure.readmodels import open_projections
from tests.integration.sessions import at, hand_built_session


@pytest.fixture
def store(database_url: str) -> Iterator[EventStore]:
    store = open_event_store(database_url)
    try:
        yield store
    finally:
        store.close()


def every_kind(store: EventStore) -> UUID:
    """A session with every other kind of conversation event, saved in several saves."""
    c = Conversation.start("demo", at(0), uuid4())
    c.start_listening(stt="client", language="hindi", at=at(1))
    c.choose_language("english", at(1))
    c.receive_transcript("u1", "Ramesh ko 500 do", True, None, "client", at(2))
    c.recognize_command("u1", 0, "ADD_CREDIT", {"amount": 500, "customer": "Ramesh"})
    c.queue_task("t1", "u1", "ADD_CREDIT", {"amount": 500}, 5, None, None, None, at(2))
    c.ask_clarification("t1", "u1", "Kaun Ramesh?", [{"customer_id": "r1", "name": "R K"}], at(3))
    store.save(c)
    c.answer_clarification("t1", "r1", at(4))
    c.ask_confirmation("u1", ["t1"], "500 de doon?", [{"answer": "yes"}], at(4))
    c.answer_confirmation(["t1"], "yes", at(5))
    c.queue_task("t2", "u1", "ADD_CREDIT", {}, 5, "t1", None, None, at(5))
    c.ask_clarification("t2", "u1", "Kaun?", [{"customer_id": "new", "name": "Naya"}], at(5))
    c.choose_new_customer(["t2"], "c9", "Suresh", "t2-new", at(6))
    c.begin_task("t1", at(6))
    c.complete_task("t1", {"balance": 500, "when": at(6)}, "ho gaya", "english", at(7))
    c.announce_reminder("rem1", "r1", "R K", "paisa do", at(8) + timedelta(days=1))
    c.focus_customer("r1", "R K", 0.9, "named", at(8))
    c.focus_customer("c9", "Suresh", 0.7, "named", at(8))
    c.clear_focus("asked", at(9))
    c.stop_listening(at(9))
    c.end(at(10))
    store.save(c)
    return c.id


def library_replay(store: EventStore, conversation_id: UUID, version: int) -> Any:
    """The library's own path: its JSONTranscoder, its Mapper, project_aggregate."""
    transcoder = JSONTranscoder()
    store.register_transcodings(transcoder)
    mapper: Mapper[UUID] = Mapper(transcoder=transcoder)
    stored = store.recorder.select_events(conversation_id, lte=version)
    return project_aggregate(None, [mapper.to_domain_event(s) for s in stored])


def same(one: Any, other: Any) -> None:
    assert type(one) is type(other)
    assert vars(one) == vars(other)
    if isinstance(one, Conversation):
        assert state_view(one) == state_view(other)


@pytest.mark.parametrize("build", [hand_built_session, every_kind])
def test_every_version_replays_as_the_library_replays_it(store: EventStore, build: Any) -> None:
    conversation_id = build(store)
    last = store.repository.get(conversation_id).version
    for version in range(1, last + 1):
        same(
            store.repository.get(conversation_id, version=version),
            library_replay(store, conversation_id, version),
        )
    same(store.repository.get(conversation_id), library_replay(store, conversation_id, last))


def test_a_long_conversation_replays_as_the_library_replays_it(store: EventStore) -> None:
    c = Conversation.start("demo", at(0), uuid4())
    for n in range(300):  # past the row count at which the replay pauses the collector
        c.receive_transcript(f"u{n}", "balance", True, 0.5, "client", at(n))
        c.queue_task(f"t{n}", f"u{n}", "CHECK_BALANCE", {}, 5, None, "c1", "R", at(n))
        c.begin_task(f"t{n}", at(n))
        c.complete_task(f"t{n}", {"n": n}, "ok", "hinglish", at(n + 0.5))
    store.save(c)
    same(store.repository.get(c.id), library_replay(store, c.id, c.version))
    same(store.repository.get(c.id, version=777), library_replay(store, c.id, 777))


def mixed_round(c: Conversation, n: int) -> None:
    """One round of every kind of event a live session makes, shaped as the product shapes
    them and as it sometimes does not (None where a datetime or a number may be, a datetime
    inside a result, an empty body's event), so rounds take both the compiled steps and the
    general path."""
    u, t = f"u{n}", f"t{n}"
    c.receive_transcript(u, f"Rahul ko {n} do", True, None if n % 3 else 0.8, "client", at(n))
    c.recognize_command(u, 0, "ADD_CREDIT", {"amount": n, "customer": "Rahul"})
    c.recognize_command(u, 1, "CHECK_BALANCE", {})
    c.focus_customer(f"c{n % 4}", f"Name {n % 4}", 0.9, "named", at(n))
    c.queue_task(t, u, "ADD_CREDIT", {"amount": n}, 5, None, f"c{n % 4}", "R", at(n))
    c.queue_task(t + "b", u, "CHECK_BALANCE", {}, 3, t, None, None, at(n))
    c.ask_clarification(t + "b", u, "Kaun?", [{"customer_id": "r1", "name": "R K"}], at(n))
    c.answer_clarification(t + "b", "r1", at(n + 0.1))
    if n % 2:
        c.ask_confirmation(u, [t], f"{n} de doon?", [{"answer": "yes"}], at(n + 0.1))
        c.answer_confirmation([t], "yes", at(n + 0.2))
    c.begin_task(t, at(n + 0.2))
    result: dict[str, Any] = {"balance": n * 100}
    if n % 5 == 0:
        result["when"] = at(n)  # a custom type inside a value: the general path
    c.complete_task(t, result, "ho gaya", "hinglish", at(n + 0.3))
    if n % 4 == 0:
        c.begin_task(t + "b", at(n + 0.3))
        c.fail_task(t + "b", "boom", "failed", "nahi hua", "hinglish", at(n + 0.4))
    else:
        c.cancel_task(t + "b", "ruko", at(n + 0.4))
    if n % 7 == 0:
        c.clear_focus("asked", at(n + 0.5))
        c.announce_reminder(f"rem{n}", "r1", "R K", "paisa do", at(n) + timedelta(days=1))
        c.tell_message_failed(f"m{n}", "r1", "R K", "reminder", "no_phone", "x", "y", at(n))
    if n % 50 == 0:
        c.start_listening("server", None if n % 100 else "hindi", at(n + 0.6))
        c.stop_listening(at(n + 0.7))


def test_a_long_mixed_conversation_replays_as_the_library_replays_it(store: EventStore) -> None:
    c = Conversation.start("demo", at(0), uuid4())
    c.claim("server-a", at(0))
    for n in range(1, 151):  # about 1,900 events: past the collector's pause, in 4 saves
        mixed_round(c, n)
        if n % 50 == 0:
            c.claim(f"server-{n}", at(n))
            store.save(c)
    c.end(at(200))
    store.save(c)
    assert c.version > 1500
    same(store.repository.get(c.id), library_replay(store, c.id, c.version))
    same(store.repository.get(c.id), c)  # and as it was built, before it was stored
    for version in (2, 3, 500, 1001, 1500, c.version - 1):
        same(store.repository.get(c.id, version=version), library_replay(store, c.id, version))


def test_from_a_snapshot_the_rows_after_it_are_applied(store: EventStore) -> None:
    account = CustomerAccount.register("demo", "Rahul", None, "t0", uuid4())
    for n in range(1, 251):  # the store snapshots accounts every 100 events
        account.give_credit(100 + n, f"t{n}", at(n))
    store.save(account)
    assert store.snapshots is not None
    assert store.snapshots.get(account.id, desc=True, limit=1)

    def library(aggregate: Any, events: Any) -> Any:  # not project_aggregate: the library's path
        return project_aggregate(aggregate, events)

    for version in (99, 100, 101, 200, 251):
        same(
            store.repository.get(account.id, version=version),
            store.repository.get(account.id, version=version, projector_func=library),
        )


def test_a_conversation_is_read_afresh_each_time_not_kept_in_the_cache(store: EventStore) -> None:
    conversation_id = hand_built_session(store)
    first = store.repository.get(conversation_id)
    second = store.repository.get(conversation_id)
    assert first is not second
    first.tasks.clear()  # a reader's change reaches nobody else
    assert store.repository.get(conversation_id).tasks


def test_rows_written_by_the_library_alone_still_read(database_url: str) -> None:
    """A store written before the fast path (the library's transcoder, its recorder) reads."""
    from eventsourcing.application import Application

    class Before(EventStore):
        name = "Bolkhata"

        def construct_transcoder(self) -> Any:
            return Application.construct_transcoder(self)

        def construct_repository(self) -> Any:
            return Application.construct_repository(self)

    from infrastructure.eventstore import persistence_env

    env = persistence_env(database_url)
    env.pop("APPLICATION_RECORDER_TOPIC")
    before = Before(env=env)
    try:
        conversation_id = every_kind(before)
        old = before.repository.get(conversation_id)
    finally:
        before.close()
    store = open_event_store(database_url)
    try:
        same(store.repository.get(conversation_id), old)
    finally:
        store.close()


def test_the_audit_state_at_each_seq_is_the_library_replay(store: EventStore) -> None:
    conversation_id = every_kind(store)
    audit = Audit(store, open_projections(store))
    last = store.repository.get(conversation_id).version
    for seq in range(1, last + 1):
        view = audit.state(str(conversation_id), at=seq)
        assert view == state_view(library_replay(store, conversation_id, seq))
