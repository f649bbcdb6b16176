"""Telemetry from stored events: the observer's transitions, the metrics and the log lines, on
a real store; and the log filter that keeps tokens out of every line."""

from __future__ import annotations

import logging
from pathlib import Path
from uuid import uuid4

import pytest

from application.store import EventStore
from application.telemetry import TaskLog, TaskObserver, TaskTransition, logfmt
from domain.conversation import Conversation
from infrastructure.eventstore import open_event_store
from infrastructure.metrics import Metrics
from interfaces.logs import RedactTokens, redact
from tests.integration.sessions import at, hand_built_session


class Recorder:
    def __init__(self) -> None:
        self.transitions: list[TaskTransition] = []
        self.sessions = 0

    def task_transition(self, transition: TaskTransition) -> None:
        self.transitions.append(transition)

    def session_started(self) -> None:
        self.sessions += 1


@pytest.fixture
def store(tmp_path: Path) -> EventStore:
    return open_event_store(f"sqlite:///{tmp_path / 'telemetry.db'}")


def test_each_stored_transition_is_seen_once_with_its_durations(store: EventStore) -> None:
    seen, metrics = Recorder(), Metrics()
    observer = TaskObserver([seen, metrics])
    store.on_recorded.append(observer.observe)
    cid = hand_built_session(store)
    p = f"{cid.hex[:6]}-"

    steps = [
        (t.kind, t.task_id, t.intent, t.outcome, t.wait_ms, t.run_ms) for t in seen.transitions
    ]
    assert steps == [
        ("queued", p + "t1", "CHECK_BALANCE", None, None, None),
        ("started", p + "t1", "CHECK_BALANCE", None, 250, None),
        ("queued", p + "t2", "ADD_CREDIT", None, None, None),
        ("queued", p + "t3", "CHECK_BALANCE", None, None, None),
        ("completed", p + "t1", "CHECK_BALANCE", "ok", 250, 500),
        ("started", p + "t2", "ADD_CREDIT", None, 500, None),
        ("failed", p + "t2", "ADD_CREDIT", "closed", 500, 500),
        ("cancelled", p + "t3", "CHECK_BALANCE", "cancelled", None, None),
    ]
    assert all(t.conversation_id == str(cid) for t in seen.transitions)
    assert seen.sessions == 1

    def value(name: str, **labels: str) -> float | None:
        return metrics.registry.get_sample_value(name, labels)

    assert value("bolkhata_tasks_queued_total", intent="CHECK_BALANCE") == 2
    assert value("bolkhata_tasks_completed_total", intent="CHECK_BALANCE") == 1
    assert value("bolkhata_tasks_failed_total", intent="ADD_CREDIT", code="closed") == 1
    assert value("bolkhata_tasks_cancelled_total", intent="CHECK_BALANCE") == 1
    assert value("bolkhata_tasks_waiting", intent="CHECK_BALANCE") == 0
    assert value("bolkhata_tasks_running", intent="ADD_CREDIT") == 0
    assert value("bolkhata_task_wait_seconds_sum", intent="ADD_CREDIT") == 0.5
    assert value("bolkhata_task_run_seconds_count", intent="CHECK_BALANCE") == 1
    assert value("bolkhata_sessions_started_total") == 1


def test_a_task_queued_by_an_earlier_process_is_counted_without_going_negative(
    store: EventStore,
) -> None:
    conversation = Conversation.start("demo", at(0), uuid4())
    conversation.receive_transcript("u1", "Rahul ka balance", True, 0.9, "client", at(1))
    conversation.queue_task("t1", "u1", "CHECK_BALANCE", {}, 5, None, "c", "Rahul", at(1))
    conversation.begin_task("t1", at(2))
    store.save(conversation)  # then the process died; a new one observes from here
    seen, metrics = Recorder(), Metrics()
    store.on_recorded.append(TaskObserver([seen, metrics], lookup=lambda *_: None).observe)
    conversation.complete_task("t1", {}, "ok", "hinglish", at(3))
    store.save(conversation)
    [done] = seen.transitions
    assert (done.kind, done.intent, done.was, done.run_ms) == ("completed", "UNKNOWN", None, None)
    running = metrics.registry.get_sample_value("bolkhata_tasks_running", {"intent": "UNKNOWN"})
    assert running in (None, 0)  # never decremented below zero
    # With the live session's record to look at, the intent and durations are known.
    recorder = Recorder()
    observer = TaskObserver([recorder], lookup=lambda c, t: conversation.tasks[t])
    conversation.queue_task("t2", "u1", "ADD_CREDIT", {}, 5, None, "c", "Rahul", at(4))
    conversation.begin_task("t2", at(5))
    store.save(conversation)
    store.on_recorded[:] = [observer.observe]
    conversation.complete_task("t2", {}, "ok", "hinglish", at(6))
    store.save(conversation)
    [late] = recorder.transitions
    assert (late.intent, late.wait_ms, late.run_ms) == ("ADD_CREDIT", 1000, 1000)


def test_task_log_lines_are_key_value(store: EventStore, caplog: pytest.LogCaptureFixture) -> None:
    store.on_recorded.append(TaskObserver([TaskLog()]).observe)
    with caplog.at_level(logging.INFO, logger="bolkhata.tasks"):
        cid = hand_built_session(store)
    lines = [r.getMessage() for r in caplog.records if r.name == "bolkhata.tasks"]
    assert len(lines) == 8
    assert lines[0].startswith(f"task_queued conversation={cid} task=")
    assert "outcome=closed wait_ms=500 run_ms=500" in lines[6]
    assert lines[7].endswith('reason="dependency failed"')


def test_logfmt_quotes_what_needs_quoting() -> None:
    assert (
        logfmt("x", a=1, b="two words", c=None, d='say "hi"')
        == 'x a=1 b="two words" d="say \\"hi\\""'
    )


def test_tokens_are_redacted_from_messages_and_arguments() -> None:
    assert redact("GET /api/customers?token=bk_abc-DEF_12&x=1") == (
        "GET /api/customers?token=REDACTED&x=1"
    )
    assert redact("Authorization: Bearer bk_abc.def") == "Authorization: Bearer REDACTED"
    assert redact("offered bolkhata, bearer.bk_x_Y-z") == "offered bolkhata, bearer.REDACTED"
    # uvicorn's access record: the path is an argument its formatter unpacks.
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/ws/voice?token=bk_secret", "1.1", 200),
        None,
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == '127.0.0.1:5 - "GET /ws/voice?token=REDACTED HTTP/1.1" 200'
    assert record.args is not None and len(record.args) == 5
