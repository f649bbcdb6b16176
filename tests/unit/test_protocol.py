"""The /ws/voice frame models against DESIGN.md's tables, and parse_client_frame's error codes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from interfaces.protocol import (
    CLIENT_FRAME_TYPES,
    MAX_TRANSCRIPT_CHARS,
    SERVER_FRAME_TYPES,
    STORED_FRAME_TYPES,
    ClarifyAnswer,
    ClientFrame,
    FrameError,
    FrameErrorCode,
    Ping,
    QueueStatusRequest,
    SessionResume,
    TaskCancel,
    TaskStatusRequest,
    Transcript,
    VoiceStart,
    VoiceStop,
    parse_client_frame,
    protocol_schema,
    validate_server_frame,
)

CHECKED_IN = Path(__file__).resolve().parents[1] / "data" / "protocol_tables.md"
SHARED_DESIGN = Path(__file__).resolve().parents[3] / "shared" / "DESIGN.md"
# Server frames of ours that DESIGN.md does not list, and those of them that are stored.
EXTENSIONS = {"reply:audio", "reply:stopped", "message:failed"}
STORED_EXTENSIONS = {"message:failed"}
LIMIT = 4096
CLIENT_MODELS = get_args(get_args(ClientFrame)[0])


# --- reading the tables ----------------------------------------------------------------------


@dataclass
class Tables:
    client: dict[str, set[str]] = field(default_factory=dict)
    server: dict[str, set[str]] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)


def backticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]*)`", cell)


def field_names(cell: str) -> set[str]:
    # `all: true` names the field `all`; `"server"` is a value, not a field.
    names = (re.match(r"[a-z_]+", token) for token in backticked(cell))
    return {match.group() for match in names if match}


def parse_tables(text: str) -> Tables:
    tables = Tables()
    section: dict[str, set[str]] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "Client → server:":
            section = tables.client
        elif stripped == "Server → client:":
            section = tables.server
        elif stripped.startswith("|") and section is not None:
            type_cell, fields_cell = (cell.strip() for cell in stripped.strip("|").split("|"))
            types = backticked(type_cell)
            parts = fields_cell.split(" / ")
            # "`voice:started` / `voice:stopped` | `stt` / counts": one field list per type.
            paired = (
                parts if len(types) > 1 and len(parts) == len(types) else [fields_cell] * len(types)
            )
            for name, cell in zip(types, paired, strict=True):
                section[name] = field_names(cell)
        elif stripped and section:
            section = None  # the table has ended
    prose = " ".join(text.split())
    stored = re.search(r"report stored events \(([^)]*)\)", prose)
    assert stored, "the sentence listing the stored frames is missing"
    tables.stored = set(backticked(stored.group(1)))
    return tables


def design_tables() -> Tables:
    if not SHARED_DESIGN.exists():
        pytest.skip(f"{SHARED_DESIGN} is not here; the checked-in copy is tested instead")
    return parse_tables(SHARED_DESIGN.read_text(encoding="utf-8"))


def checked_in_tables() -> Tables:
    return parse_tables(CHECKED_IN.read_text(encoding="utf-8"))


@pytest.fixture(params=["checked-in copy", "shared DESIGN.md"])
def tables(request: pytest.FixtureRequest) -> Tables:
    return checked_in_tables() if request.param == "checked-in copy" else design_tables()


# --- the schema against the tables -----------------------------------------------------------


def variants(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Frame type → its JSON Schema, read through the discriminator mapping."""
    mapping = schema["discriminator"]["mapping"]
    return {name: resolve(schema, ref) for name, ref in mapping.items()}


def resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    node: dict[str, Any] = root["$defs"][ref.removeprefix("#/$defs/")]
    return node


def property_names(root: dict[str, Any], node: Any, seen: frozenset[str] = frozenset()) -> set[str]:
    """Every property name reachable from node, nested models included."""
    names: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            names |= property_names(root, resolve(root, ref), seen | {ref})
        names |= set(node.get("properties", {}))
        for key, value in node.items():
            if key != "$defs":
                names |= property_names(root, value, seen)
    elif isinstance(node, list):
        for item in node:
            names |= property_names(root, item, seen)
    return names


def test_the_tables_were_read() -> None:
    tables = checked_in_tables()
    assert len(tables.client) == 9
    assert len(tables.server) == 17
    assert tables.client["task:cancel"] == {"task_id", "all"}
    assert tables.client["voice:start"] == {"stt", "sample_rate", "language"}
    assert tables.server["voice:started"] == {"stt"}
    assert {"customer", "id", "name", "depends_on"} <= tables.server["task:queued"]
    assert len(tables.stored) == 11


# DESIGN.md's "Safety" section adds these fields to its tables "when built": the checked-in
# copy lists them as built, whether or not DESIGN.md's own tables show them yet.
SAFETY_ADDITIONS = {
    ("client", "clarify:answer"): {"answer"},
    ("server", "clarify"): {"kind", "answer"},
}


def test_the_checked_in_copy_matches_design() -> None:
    design = design_tables()
    for (direction, name), fields in SAFETY_ADDITIONS.items():
        getattr(design, direction)[name] |= fields
    assert checked_in_tables() == design, "update tests/data/protocol_tables.md"


def test_the_tables_list_the_confirmation() -> None:
    tables = checked_in_tables()
    assert tables.client["clarify:answer"] == {"utterance_id", "customer_id", "answer"}
    assert tables.server["clarify"] == {
        "utterance_id", "kind", "question", "options", "customer_id", "answer", "name"
    }  # fmt: skip


@pytest.mark.parametrize("direction", ["client", "server"])
def test_every_type_and_field_of_the_tables_is_in_the_schema(
    tables: Tables, direction: str
) -> None:
    schema = protocol_schema()[direction]
    frames = variants(schema)
    for name, fields in getattr(tables, direction).items():
        assert name in frames, f"{direction} frame {name!r} is missing"
        missing = fields - property_names(schema, frames[name])
        assert not missing, f"{name}: no field {sorted(missing)}"


def test_the_unions_hold_nothing_the_tables_do_not(tables: Tables) -> None:
    assert set(tables.client) == CLIENT_FRAME_TYPES
    assert set(tables.server) == SERVER_FRAME_TYPES - EXTENSIONS


def test_stored_frames_and_only_they_require_seq(tables: Tables) -> None:
    assert tables.stored == STORED_FRAME_TYPES - STORED_EXTENSIONS
    stored = tables.stored | STORED_EXTENSIONS
    schema = protocol_schema()["server"]
    for name, frame in variants(schema).items():
        assert "ts" in frame["required"], name
        assert ("seq" in frame["required"]) == (name in stored), name
        assert ("seq" in frame["properties"]) == (name in stored), name


def test_the_schema_is_plain_json() -> None:
    schema = protocol_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["client"]["discriminator"]["propertyName"] == "type"
    assert schema["server"]["discriminator"]["propertyName"] == "type"


# --- parsing client frames -------------------------------------------------------------------


VALID: list[tuple[dict[str, Any], ClientFrame]] = [
    (
        {"type": "session:resume", "conversation_id": "c1", "after_seq": 7},
        SessionResume(type="session:resume", conversation_id="c1", after_seq=7),
    ),
    (
        {"type": "session:resume", "conversation_id": "c1"},
        SessionResume(type="session:resume", conversation_id="c1", after_seq=0),
    ),
    (
        {"type": "voice:start"},
        VoiceStart(type="voice:start", stt="client", sample_rate=16000, language=None),
    ),
    (
        {"type": "voice:start", "stt": "server", "sample_rate": 8000, "language": "hi"},
        VoiceStart(type="voice:start", stt="server", sample_rate=8000, language="hi"),
    ),
    (
        {"type": "transcript", "text": "Rahul ka balance check karo"},
        Transcript(type="transcript", text="Rahul ka balance check karo", final=True),
    ),
    (
        {"type": "transcript", "text": "Rahul ka", "final": False},
        Transcript(type="transcript", text="Rahul ka", final=False),
    ),
    ({"type": "voice:stop"}, VoiceStop(type="voice:stop")),
    ({"type": "task:cancel", "task_id": "t1"}, TaskCancel(type="task:cancel", task_id="t1")),
    ({"type": "task:cancel", "all": True}, TaskCancel(type="task:cancel", all=True)),
    ({"type": "task:status", "task_id": "t1"}, TaskStatusRequest(type="task:status", task_id="t1")),
    ({"type": "queue:status"}, QueueStatusRequest(type="queue:status")),
    (
        {"type": "clarify:answer", "utterance_id": "u1", "customer_id": "k1"},
        ClarifyAnswer(type="clarify:answer", utterance_id="u1", customer_id="k1"),
    ),
    (
        {"type": "clarify:answer", "utterance_id": "u1", "customer_id": "new"},
        ClarifyAnswer(type="clarify:answer", utterance_id="u1", customer_id="new"),
    ),
    (
        {"type": "clarify:answer", "utterance_id": "u1", "answer": "yes"},
        ClarifyAnswer(type="clarify:answer", utterance_id="u1", answer="yes"),
    ),
    (
        {"type": "clarify:answer", "utterance_id": "u1", "answer": "no"},
        ClarifyAnswer(type="clarify:answer", utterance_id="u1", answer="no"),
    ),
    ({"type": "ping"}, Ping(type="ping")),
]


def test_every_client_frame_has_a_valid_example() -> None:
    assert {expected.type for _, expected in VALID} == CLIENT_FRAME_TYPES


@pytest.mark.parametrize(("frame", "expected"), VALID, ids=lambda value: str(value)[:40])
@pytest.mark.parametrize("encode", [json.dumps, lambda frame: json.dumps(frame).encode()])
def test_valid_frames_parse(frame: dict[str, Any], expected: ClientFrame, encode: Any) -> None:
    assert parse_client_frame(encode(frame), max_bytes=LIMIT) == expected


def test_unknown_fields_are_ignored() -> None:
    raw = json.dumps({"type": "ping", "client_version": "2.0", "extra": {"a": [1]}})
    assert parse_client_frame(raw, max_bytes=LIMIT) == Ping(type="ping")


def expect_error(raw: str | bytes, code: FrameErrorCode, ref: str | None = None) -> FrameError:
    with pytest.raises(FrameError) as caught:
        parse_client_frame(raw, max_bytes=LIMIT)
    assert (caught.value.code, caught.value.ref) == (code, ref), caught.value.message
    assert caught.value.message
    return caught.value


def test_frame_too_large_counts_bytes_not_characters() -> None:
    text = "र" * 2000  # three bytes each in UTF-8
    raw = json.dumps({"type": "transcript", "text": text}, ensure_ascii=False)
    assert len(raw) < LIMIT < len(raw.encode())
    expect_error(raw, "frame_too_large")
    expect_error(b" " * (LIMIT + 1), "frame_too_large")
    at_the_limit = b" " * (LIMIT - 15) + b'{"type":"ping"}'
    assert parse_client_frame(at_the_limit, max_bytes=LIMIT) == Ping(type="ping")


@pytest.mark.parametrize(
    "raw", ["", "{", "nul", '{"type": "ping",}', b"\xff\xfe", '"\ud800"', "[" * 3000, "{'a': 1}"]
)
def test_invalid_json(raw: str | bytes) -> None:
    expect_error(raw, "invalid_json")


@pytest.mark.parametrize("raw", ["[]", "5", '"ping"', "null", "true", '[{"type": "ping"}]'])
def test_not_an_object(raw: str) -> None:
    expect_error(raw, "not_an_object")


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ('{"type": "dance"}', "dance"),
        ('{"type": "PING"}', "PING"),
        ('{"type": "pong"}', "pong"),  # a server frame sent back
        ('{"type": null}', None),
        ('{"type": 5}', None),
        ('{"type": ["ping"]}', None),
        ("{}", None),
        ('{"text": "hello"}', None),
    ],
)
def test_unknown_type(raw: str, ref: str | None) -> None:
    expect_error(raw, "unknown_type", ref)


@pytest.mark.parametrize(
    ("frame", "mentions"),
    [
        ({"type": "session:resume"}, "conversation_id"),
        ({"type": "session:resume", "conversation_id": "c", "after_seq": -1}, "after_seq"),
        ({"type": "session:resume", "conversation_id": ""}, "conversation_id"),
        ({"type": "voice:start", "stt": "cloud"}, "stt"),
        ({"type": "voice:start", "sample_rate": "16000"}, "sample_rate"),
        ({"type": "voice:start", "sample_rate": 96000}, "sample_rate"),
        ({"type": "voice:start", "sample_rate": 16000.5}, "sample_rate"),
        ({"type": "transcript"}, "text"),
        ({"type": "transcript", "text": 42}, "text"),
        ({"type": "transcript", "text": "x" * (MAX_TRANSCRIPT_CHARS + 1)}, "text"),
        ({"type": "transcript", "text": "hi", "final": "yes"}, "final"),
        ({"type": "task:cancel"}, "task_id or all"),
        ({"type": "task:cancel", "all": False}, "task_id or all"),
        ({"type": "task:cancel", "task_id": "t1", "all": True}, "task_id or all"),
        ({"type": "task:status"}, "task_id"),
        ({"type": "clarify:answer", "utterance_id": "u1"}, "customer_id"),
        ({"type": "clarify:answer", "utterance_id": "u1"}, "answer"),
        (
            {"type": "clarify:answer", "utterance_id": "u1", "customer_id": "k1", "answer": "no"},
            "either customer_id",
        ),
        ({"type": "clarify:answer", "utterance_id": "u1", "answer": "maybe"}, "answer"),
        ({"type": "clarify:answer", "utterance_id": "u1", "answer": True}, "answer"),
        (
            {"type": "clarify:answer", "utterance_id": "u1", "customer_id": None, "answer": "no"},
            "customer_id",
        ),
    ],
)
def test_invalid_frame(frame: dict[str, Any], mentions: str) -> None:
    error = expect_error(json.dumps(frame), "invalid_frame", frame["type"])
    assert mentions in error.message


def test_invalid_frame_messages_stay_short() -> None:
    frame = {"type": "clarify:answer", "utterance_id": 1, "customer_id": 2, "x": "y" * 3000}
    error = expect_error(json.dumps(frame), "invalid_frame", "clarify:answer")
    assert len(error.message) <= 400


def test_frame_error_is_a_value_error_with_its_message() -> None:
    error = FrameError("unknown_type", "unknown frame type 'x'", "x")
    assert isinstance(error, ValueError)
    assert str(error) == error.message


CODES = set(get_args(FrameErrorCode))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
frames = st.fixed_dictionaries(
    {"type": st.sampled_from(sorted(CLIENT_FRAME_TYPES)) | st.text(max_size=12)},
    optional={
        name: json_values
        for model in CLIENT_MODELS
        for name in model.model_fields
        if name != "type"
    },
)


def check_outcome(raw: str | bytes, max_bytes: int) -> None:
    try:
        parsed = parse_client_frame(raw, max_bytes=max_bytes)
    except FrameError as error:
        assert error.code in CODES
        assert error.ref is None or isinstance(error.ref, str)
    else:
        assert isinstance(parsed, CLIENT_MODELS)


@given(raw=st.text() | st.binary(), max_bytes=st.integers(0, 200))
def test_arbitrary_input_raises_only_frame_error(raw: str | bytes, max_bytes: int) -> None:
    check_outcome(raw, max_bytes)


@given(frame=frames, as_bytes=st.booleans())
def test_arbitrary_frames_raise_only_frame_error(frame: dict[str, Any], as_bytes: bool) -> None:
    raw = json.dumps(frame)
    check_outcome(raw.encode() if as_bytes else raw, LIMIT)


# --- server frames ---------------------------------------------------------------------------

TS = "2025-01-15T19:00:00+05:30"
TASK = {
    "task_id": "t1",
    "utterance_id": "u1",
    "intent": "ADD_CREDIT",
    "entities": {"amount": 100},
    "customer": {"id": "k1", "name": "Rahul Sharma"},
    "priority": "normal",
    "depends_on": None,
    "status": "queued",
}
REPLY = {"text": "Rahul Sharma ke khate me ₹100 udhaar likh diya", "language": "hi"}
RAHUL = {"id": "k1", "name": "Rahul Sharma"}
SERVER_EXAMPLES: list[dict[str, Any]] = [
    {
        "type": "session:ready",
        "conversation_id": "c1",
        "shop_id": "demo",
        "resumed": False,
        "max_parallel": 3,
        "server_stt": False,
        "server": "box-1:4242",
    },
    {"type": "voice:started", "seq": 1, "stt": "client"},
    {"type": "voice:stopped", "seq": 9, "transcripts": 2, "tasks": 3},
    {"type": "transcript:partial", "text": "Rahul ka"},
    {"type": "transcript:final", "seq": 2, "utterance_id": "u1", "text": "Rahul ka balance"},
    {"type": "task:queued", "seq": 3, "task": TASK},
    {"type": "task:started", "seq": 4, "task_id": "t1"},
    {
        "type": "task:completed",
        "seq": 5,
        "task_id": "t1",
        "result": {"balance": 60000},
        "reply": REPLY,
        "duration_ms": 12,
    },
    {
        "type": "task:failed",
        "seq": 6,
        "task_id": "t2",
        "error": {"code": "customer_not_found", "message": "no such customer"},
        "reply": REPLY,
    },
    {"type": "task:cancelled", "seq": 7, "task_id": "t3", "reason": "user"},
    {"type": "task:status", "task": TASK | {"status": "running", "customer": None}},
    {
        "type": "queue:status",
        "queued": 1,
        "running": 1,
        "completed": 0,
        "failed": 0,
        "cancelled": 0,
        "max_parallel": 3,
        "tasks": [TASK],
        "oldest_waiting_seconds": 1.5,
        "wait_p50_ms": 3.0,
        "wait_p95_ms": 9.0,
    },
    {
        "type": "context:customer",
        "seq": 8,
        "customer": RAHUL,
        "confidence": 0.93,
        "reason": "named",
    },
    {
        "type": "context:customer",
        "seq": 8,
        "customer": None,
        "confidence": 0.0,
        "reason": "cleared",
    },
    {
        "type": "clarify",
        "seq": 10,
        "utterance_id": "u4",
        "task_id": "u4-0",
        "kind": "customer",
        "question": "Kaunse Rahul?",
        "options": [
            {"customer_id": "k1", "name": "Rahul Sharma"},
            {"customer_id": "new", "name": "Naya customer: Rahul Verma"},
        ],
    },
    {
        "type": "clarify",
        "seq": 12,
        "utterance_id": "u5",
        "task_id": "u5-0-1",
        "kind": "confirm",
        "question": "Rahul, Priya aur Amit ko ₹100-₹100 udhaar likhun?",
        "options": [{"answer": "yes", "name": "Haan"}, {"answer": "no", "name": "Nahi"}],
    },
    {
        "type": "reminder:due",
        "seq": 11,
        "reminder_id": "r1",
        "customer": RAHUL,
        "message": "₹500 baaki",
        "due_at": "2025-01-16T19:00:00+05:30",
    },
    {
        "type": "message:failed",
        "seq": 13,
        "message_id": "m1",
        "customer": RAHUL,
        "kind": "reminder",
        "error": {"code": "no_phone", "message": "no phone number"},
        "reply": REPLY,
    },
    {"type": "error", "code": "unknown_type", "message": "unknown frame type", "ref": "dance"},
    {"type": "pong"},
    {"type": "reply:audio", "task_id": "t1", "format": "mp3", "bytes": 2048},
    {"type": "reply:stopped", "task_id": "t1", "bytes_sent": 1024, "reason": "barge_in"},
]


def test_every_server_frame_has_an_example() -> None:
    assert {frame["type"] for frame in SERVER_EXAMPLES} == SERVER_FRAME_TYPES


@pytest.mark.parametrize("frame", SERVER_EXAMPLES, ids=lambda frame: frame["type"])
def test_server_examples_are_valid_and_round_trip(frame: dict[str, Any]) -> None:
    sent = {"ts": TS} | frame
    assert validate_server_frame(sent) == sent


CONFIRM = {"type": "clarify", "ts": TS, "seq": 12, "utterance_id": "u5", "question": "?"}


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "confirm", "options": [{"customer_id": "k1", "name": "Rahul Sharma"}]},
        {"kind": "customer", "options": [{"answer": "yes", "name": "Haan"}]},
        {"kind": "confirm", "options": [{"answer": "maybe", "name": "Shayad"}]},
        {"kind": "ask", "options": []},
    ],
)
def test_a_clarify_offers_options_of_its_kind(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        validate_server_frame(CONFIRM | change)


def test_a_clarify_without_kind_is_a_customer_question() -> None:
    sent = validate_server_frame(CONFIRM | {"options": [{"customer_id": "k1", "name": "R"}]})
    assert sent["kind"] == "customer"


def test_server_frames_fill_in_their_defaults() -> None:
    sent = validate_server_frame({"type": "error", "ts": TS, "code": "c", "message": "m"})
    assert sent["ref"] is None


@pytest.mark.parametrize(
    "change",
    [
        {"ts": "2025-01-15T19:00:00"},  # no offset
        {"ts": "yesterday"},
        {"seq": 0},
        {"seq": None},
        {"sequence": 3},  # a misspelt field is not an extension
        {"task": TASK | {"status": "done"}},
        {"task": TASK | {"intent": "DANCE"}},
        {"task": TASK | {"priority": 1}},
        {"type": "task:done"},
    ],
)
def test_server_frames_that_break_the_contract_are_rejected(change: dict[str, Any]) -> None:
    frame = {"type": "task:queued", "ts": TS, "seq": 3, "task": TASK} | change
    with pytest.raises(ValidationError):
        validate_server_frame({key: value for key, value in frame.items() if value is not None})
