"""The compiled replay steps (application/replay_steps.py) call an event's method only for rows
shaped like the one they were compiled from, and refuse (calling nothing) every other shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder

from application.replay_steps import STEPS, Step, step_for
from application.store import EventStore
from domain.conversation import Conversation
from tests.conftest import IST

AT = datetime(2026, 11, 25, 10, 0, 0, 200000, tzinfo=IST)
QUEUED = "bolkhata:Conversation.TaskQueued"


def stored(**fields: Any) -> bytes:
    """A state as the store writes it: the library's JSON with its custom types."""
    transcoder = JSONTranscoder()
    EventStore.register_transcodings(EventStore.__new__(EventStore), transcoder)
    return transcoder.encode({"timestamp": AT, **fields})


def queued(**changes: Any) -> bytes:
    fields: dict[str, Any] = {
        "task_id": "t1",
        "utterance_id": "u1",
        "intent": "ADD_CREDIT",
        "entities": {"amount": 100},
        "priority": 5,
        "depends_on": None,
        "customer_id": "c1",
        "customer_name": "Rahul",
        "at": AT,
    }
    return stored(**{**fields, **changes})


def marker_moved() -> bytes:
    row = queued()
    stamp = row[len(b'{"timestamp":') : row.index(b',"task_id"')]
    moved = b'"entities":{"w":' + stamp + b"}"
    return row.replace(stamp, b'"x"', 1).replace(b'"entities":{"amount":100}', moved)


@pytest.fixture
def step() -> Step:
    STEPS.pop(QUEUED, None)
    compiled = step_for(QUEUED, queued())
    assert compiled is not None
    return compiled


def blank() -> Conversation:
    conversation = Conversation.__new__(Conversation)
    conversation.tasks = {}
    return conversation


def test_a_row_shaped_like_the_sample_calls_the_method_with_its_datetimes(step: Step) -> None:
    conversation = blank()
    assert step(conversation, queued(task_id="t9", entities={"items": [{"q": 2}]}))
    task = conversation.tasks["t9"]
    assert (task.queued_at, task.entities, task.depends_on) == (AT, {"items": [{"q": 2}]}, None)


@pytest.mark.parametrize(
    "row",
    [
        queued(entities={"when": AT}),  # a custom type inside a value
        queued(at=None),  # a None where the sample had a datetime
        queued(at="2026-11-25T10:00:00+05:30"),  # a string where it had one
        queued(class_version=2),
        stored(task_id="t1"),  # parameters missing
        marker_moved(),  # the timestamp's into a value: the count alone would not tell
    ],
)
def test_any_other_shape_is_refused_and_nothing_is_applied(step: Step, row: bytes) -> None:
    conversation = blank()
    assert not step(conversation, row)
    assert conversation.tasks == {}


def test_an_event_whose_method_does_nothing_is_not_parsed() -> None:
    recognized = step_for("bolkhata:Conversation.CommandRecognized", b"not even JSON")
    assert recognized is not None and recognized(blank(), b"not even JSON")
