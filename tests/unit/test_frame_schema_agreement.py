"""The published client-frame schema and the server's parser agree on the edge cases that once
split them: a cancel naming nothing, both targets at once, whole floats, seqs past 2^53 − 1."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from interfaces.protocol import FrameError, parse_client_frame, protocol_schema

VALIDATOR = jsonschema.Draft202012Validator(protocol_schema()["client"])
ID = "c7d1c1e2-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("frame", "accepted"),
    [
        ({"type": "task:cancel"}, False),
        ({"type": "task:cancel", "all": False}, False),
        ({"type": "task:cancel", "all": True}, True),
        ({"type": "task:cancel", "task_id": "t1"}, True),
        ({"type": "task:cancel", "task_id": "t1", "all": False}, True),
        ({"type": "task:cancel", "task_id": "t1", "all": True}, False),
        ({"type": "session:resume", "conversation_id": ID, "after_seq": 2**53 - 1}, True),
        ({"type": "session:resume", "conversation_id": ID, "after_seq": 2**53}, False),
        ({"type": "session:resume", "conversation_id": ID, "after_seq": 2**63}, False),
        ({"type": "session:resume", "conversation_id": ID, "after_seq": 5.0}, True),
        ({"type": "session:resume", "conversation_id": ID, "after_seq": 5.5}, False),
        ({"type": "session:resume", "conversation_id": ID, "after_seq": "5"}, False),
        ({"type": "voice:start", "sample_rate": 16000.0}, True),
        ({"type": "voice:start", "interrupt": "cancel_queued"}, True),
        ({"type": "voice:start", "interrupt": "none"}, True),
        ({"type": "voice:start", "interrupt": "everything"}, False),
        ({"type": "voice:start", "interrupt": None}, False),
        # clarify:answer: exactly one of customer_id (a customer question) and answer (a confirm)
        ({"type": "clarify:answer", "utterance_id": "u1", "customer_id": "k1"}, True),
        ({"type": "clarify:answer", "utterance_id": "u1", "customer_id": "new"}, True),
        ({"type": "clarify:answer", "utterance_id": "u1", "answer": "yes"}, True),
        ({"type": "clarify:answer", "utterance_id": "u1", "answer": "no"}, True),
        ({"type": "clarify:answer", "utterance_id": "u1"}, False),
        (
            {"type": "clarify:answer", "utterance_id": "u1", "customer_id": "k1", "answer": "no"},
            False,
        ),
        ({"type": "clarify:answer", "utterance_id": "u1", "answer": "maybe"}, False),
        (
            {"type": "clarify:answer", "utterance_id": "u1", "customer_id": None, "answer": "no"},
            False,
        ),
        ({"type": "clarify:answer", "utterance_id": "u1", "answer": None}, False),
    ],
)
def test_schema_and_server_agree(frame: dict[str, Any], accepted: bool) -> None:
    assert VALIDATOR.is_valid(frame) is accepted
    try:
        parse_client_frame(json.dumps(frame), max_bytes=65536)
    except FrameError as problem:
        assert not accepted, problem.message
        assert problem.code == "invalid_frame"
    else:
        assert accepted
