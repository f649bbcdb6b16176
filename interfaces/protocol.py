"""The /ws/voice frames of DESIGN.md as pydantic models: one discriminated union per direction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from domain.intents import Intent

MAX_TRANSCRIPT_CHARS = 2000
# The largest integer a JavaScript client holds exactly (2^53 − 1); far below SQLite's 2^63, so
# a sequence number past it is refused as input (`invalid_frame`, HTTP 422) before any query.
MAX_SEQ = 2**53 - 1


def _aware_iso8601(value: str) -> str:
    # DESIGN.md: every time is timezone-aware; a naive `ts` would be read in the client's zone.
    if datetime.fromisoformat(value).tzinfo is None:
        raise ValueError("needs a UTC offset")
    return value


Timestamp = Annotated[
    str, AfterValidator(_aware_iso8601), Field(json_schema_extra={"format": "date-time"})
]
Id = Annotated[str, Field(min_length=1, max_length=128)]


def _whole(value: object) -> object:
    # JSON Schema counts 3.0 as an integer, so the schema lets a client send it; strict mode
    # alone would refuse it. Only a whole float: 3.5 and "3" are still refused.
    return int(value) if isinstance(value, float) and value.is_integer() else value


WholeInt = Annotated[int, BeforeValidator(_whole)]
Count = Annotated[int, Field(ge=0)]
SttMode = Literal["server", "client"]
Interrupt = Literal["none", "cancel_queued"]
TaskStatusName = Literal["queued", "running", "completed", "failed", "cancelled"]


# --- client → server -------------------------------------------------------------------------


class _ClientFrame(BaseModel):
    # Extra fields are ignored so that newer clients still talk to this server; the fields we
    # do read are strict, so "16000" is not quietly taken for 16000.
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class SessionResume(_ClientFrame):
    type: Literal["session:resume"]
    conversation_id: Id
    after_seq: WholeInt = Field(default=0, ge=0, le=MAX_SEQ)


class VoiceStart(_ClientFrame):
    type: Literal["voice:start"]
    stt: SttMode = "client"
    sample_rate: WholeInt = Field(default=16000, ge=8000, le=48000)
    language: str | None = Field(default=None, min_length=2, max_length=16)
    # Extension: ask for the replies as server-side speech (reply:audio + binary mp3 frames).
    reply_audio: bool = False
    # Extension (README "Barge-in"): speaking always stops the reply being spoken; with
    # "cancel_queued" each new command also cancels every queued task ("none" keeps them).
    interrupt: Interrupt = "none"


class Transcript(_ClientFrame):
    type: Literal["transcript"]
    text: str = Field(max_length=MAX_TRANSCRIPT_CHARS)
    final: bool = True
    # Extension: the reply language the page is set to ("en", "hinglish", "hi"); a final
    # transcript with a new one switches the session's replies (the page's language toggle).
    language: str | None = Field(default=None, min_length=2, max_length=16)


class VoiceStop(_ClientFrame):
    type: Literal["voice:stop"]


class TaskCancel(_ClientFrame):
    """Cancel one task (`task_id`) or every pending one (`all: true`): exactly one of the two."""

    # Published as well as checked, so that a frame made from the schema is never refused.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["task_id"], "properties": {"all": {"const": False}}},
                {
                    "required": ["all"],
                    "properties": {"all": {"const": True}},
                    "not": {"required": ["task_id"]},
                },
            ]
        }
    )
    type: Literal["task:cancel"]
    task_id: Id | SkipJsonSchema[None] = None  # null is taken as absent, but not published
    all: bool = False

    @model_validator(mode="after")
    def _one_target(self) -> TaskCancel:
        # Both at once is ambiguous: cancelling everything when one id was meant loses work.
        if (self.task_id is None) == (not self.all):
            raise ValueError("give either task_id or all: true")
        return self


class TaskStatusRequest(_ClientFrame):
    type: Literal["task:status"]
    task_id: Id


class QueueStatusRequest(_ClientFrame):
    type: Literal["queue:status"]


class ClarifyAnswer(_ClientFrame):
    """The answer to a `clarify`: `answer` for a confirm, `customer_id` for a customer question.

    Exactly one of the two; `customer_id` "new" takes the new-customer option."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["customer_id"]}, {"required": ["answer"]}]}
    )
    type: Literal["clarify:answer"]
    utterance_id: Id
    # Null is not in the schema: a client sends the one field that fits the question.
    customer_id: Id | SkipJsonSchema[None] = Field(
        default=None, description='a customer question: the chosen option ("new": a new customer)'
    )
    answer: Literal["yes", "no"] | SkipJsonSchema[None] = Field(
        default=None, description="a confirm: yes or no"
    )

    @field_validator("customer_id", "answer", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:  # the schema has no null: the field is left out instead
            raise ValueError("leave the field out instead of null")
        return value

    @model_validator(mode="after")
    def _one_answer(self) -> ClarifyAnswer:
        if (self.customer_id is None) == (self.answer is None):
            raise ValueError('give either customer_id (a customer question) or answer ("yes"|"no")')
        return self


class Ping(_ClientFrame):
    type: Literal["ping"]


ClientFrame = Annotated[
    SessionResume
    | VoiceStart
    | Transcript
    | VoiceStop
    | TaskCancel
    | TaskStatusRequest
    | QueueStatusRequest
    | ClarifyAnswer
    | Ping,
    Field(discriminator="type"),
]


# --- server → client -------------------------------------------------------------------------


class _Wire(BaseModel):
    # Our own frames are strict: a misspelt field is a contract break, not an extension. Fields
    # with defaults are always sent, so the published schema marks them required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class CustomerRef(_Wire):
    id: str
    name: str


class Reply(_Wire):
    text: str
    language: str


class ErrorInfo(_Wire):
    code: str
    message: str


class ClarifyOption(_Wire):
    """A customer to choose (`customer_id` "new": the spoken name as a new customer)."""

    customer_id: str
    name: str


class ConfirmOption(_Wire):
    """Haan / Nahi of a confirm: `name` is the button's label in the session's language."""

    answer: Literal["yes", "no"]
    name: str


class TaskView(_Wire):
    task_id: str
    utterance_id: str
    intent: Intent
    entities: dict[str, Any] = Field(default_factory=dict)
    customer: CustomerRef | None = None
    priority: Literal["high", "normal", "low"] = "normal"
    depends_on: str | None = None
    status: TaskStatusName


class _ServerFrame(_Wire):
    type: str
    ts: Timestamp


class _StoredFrame(_ServerFrame):
    # session:resume replays seq > after_seq with after_seq defaulting to 0, so seq starts at 1.
    seq: int = Field(ge=1)


class SessionReady(_ServerFrame):
    type: Literal["session:ready"] = "session:ready"
    conversation_id: str
    shop_id: str
    resumed: bool = False
    max_parallel: int = Field(ge=1)
    server_stt: bool
    # The process serving this connection (host:pid), opaque: many processes behind a balancer.
    server: str = ""


class VoiceStarted(_StoredFrame):
    type: Literal["voice:started"] = "voice:started"
    stt: SttMode


class VoiceStopped(_StoredFrame):
    type: Literal["voice:stopped"] = "voice:stopped"
    transcripts: Count
    tasks: Count


class TranscriptPartial(_ServerFrame):
    type: Literal["transcript:partial"] = "transcript:partial"
    text: str


class TranscriptFinal(_StoredFrame):
    type: Literal["transcript:final"] = "transcript:final"
    utterance_id: str
    text: str


class TaskQueued(_StoredFrame):
    type: Literal["task:queued"] = "task:queued"
    task: TaskView


class TaskStarted(_StoredFrame):
    type: Literal["task:started"] = "task:started"
    task_id: str


class TaskCompleted(_StoredFrame):
    type: Literal["task:completed"] = "task:completed"
    task_id: str
    result: dict[str, Any] = Field(default_factory=dict)
    reply: Reply
    duration_ms: Count


class TaskFailed(_StoredFrame):
    type: Literal["task:failed"] = "task:failed"
    task_id: str
    error: ErrorInfo
    reply: Reply


class TaskCancelled(_StoredFrame):
    type: Literal["task:cancelled"] = "task:cancelled"
    task_id: str
    reason: str


class TaskStatus(_ServerFrame):
    type: Literal["task:status"] = "task:status"
    task: TaskView


class QueueStatus(_ServerFrame):
    type: Literal["queue:status"] = "queue:status"
    queued: Count
    running: Count
    completed: Count
    failed: Count
    cancelled: Count
    max_parallel: int = Field(ge=1)
    tasks: list[TaskView] = Field(default_factory=list)
    # Extensions: how long the oldest queued task has waited, and queued→started percentiles.
    oldest_waiting_seconds: float = Field(default=0.0, ge=0.0)
    wait_p50_ms: float = Field(default=0.0, ge=0.0)
    wait_p95_ms: float = Field(default=0.0, ge=0.0)


class ContextCustomer(_StoredFrame):
    type: Literal["context:customer"] = "context:customer"
    customer: CustomerRef | None
    confidence: float = Field(ge=0.0, le=1.0)
    reason: str


class Clarify(_StoredFrame):
    type: Literal["clarify"] = "clarify"
    utterance_id: str
    task_id: str | None = None  # extension: the (first) task that waits for the answer
    # "customer": which customer (options are customers); "confirm": the question reads back
    # the write, which runs only on a yes (options are yes and no).
    kind: Literal["customer", "confirm"] = "customer"
    question: str
    options: list[ClarifyOption] | list[ConfirmOption]

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Clarify:
        expected = ConfirmOption if self.kind == "confirm" else ClarifyOption
        if not all(isinstance(option, expected) for option in self.options):
            raise ValueError(f"a {self.kind} question offers {expected.__name__} options")
        return self


class ReminderDue(_StoredFrame):
    type: Literal["reminder:due"] = "reminder:due"
    reminder_id: str
    customer: CustomerRef
    message: str
    due_at: Timestamp


class MessageFailed(_StoredFrame):
    """Our extension: a message to a customer will never go out (no phone, opted out, a
    permanent error of the API); told once per shop, to the sessions open when it is found."""

    type: Literal["message:failed"] = "message:failed"
    message_id: str
    customer: CustomerRef
    kind: Literal["reminder", "statement"]
    error: ErrorInfo
    reply: Reply


class ErrorFrame(_ServerFrame):
    type: Literal["error"] = "error"
    code: str
    message: str
    ref: str | None = None


class Pong(_ServerFrame):
    type: Literal["pong"] = "pong"


class ReplyAudio(_ServerFrame):
    """Our extension: announces the binary audio frames of one task's spoken reply."""

    type: Literal["reply:audio"] = "reply:audio"
    task_id: str
    format: str = "mp3"
    bytes: Count


class ReplyStopped(_ServerFrame):
    """Our extension: the shopkeeper spoke over a reply (barge-in), so its audio stopped after
    `bytes_sent` of the `bytes` its reply:audio announced; no more binary frames of it follow."""

    type: Literal["reply:stopped"] = "reply:stopped"
    task_id: str
    bytes_sent: Count
    reason: Literal["barge_in"] = "barge_in"


ServerFrame = Annotated[
    SessionReady
    | VoiceStarted
    | VoiceStopped
    | TranscriptPartial
    | TranscriptFinal
    | TaskQueued
    | TaskStarted
    | TaskCompleted
    | TaskFailed
    | TaskCancelled
    | TaskStatus
    | QueueStatus
    | ContextCustomer
    | Clarify
    | ReminderDue
    | MessageFailed
    | ErrorFrame
    | Pong
    | ReplyAudio
    | ReplyStopped,
    Field(discriminator="type"),
]

# Built once: constructing an adapter compiles a validator, far too slow to do per frame.
CLIENT_ADAPTER: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)
SERVER_ADAPTER: TypeAdapter[ServerFrame] = TypeAdapter(ServerFrame)


def _frame_types(union: Any) -> dict[str, type[BaseModel]]:
    models: tuple[type[BaseModel], ...] = get_args(get_args(union)[0])
    return {get_args(model.model_fields["type"].annotation)[0]: model for model in models}


CLIENT_FRAME_TYPES = frozenset(_frame_types(ClientFrame))
SERVER_FRAME_TYPES = frozenset(_frame_types(ServerFrame))
# The frames that carry seq and that session:resume replays.
STORED_FRAME_TYPES = frozenset(
    name for name, model in _frame_types(ServerFrame).items() if issubclass(model, _StoredFrame)
)


# --- parsing ---------------------------------------------------------------------------------

FrameErrorCode = Literal[
    "frame_too_large", "invalid_json", "not_an_object", "unknown_type", "invalid_frame"
]


class FrameError(ValueError):
    """Bad client input; the session answers with an `error` frame and stays open."""

    def __init__(self, code: FrameErrorCode, message: str, ref: str | None = None) -> None:
        super().__init__(message)
        self.code: FrameErrorCode = code
        self.message = message
        self.ref = ref


def _size(raw: str | bytes) -> int:
    if isinstance(raw, bytes):
        return len(raw)
    # surrogatepass: a lone surrogate must be measured, not crash the measuring.
    return len(raw.encode("utf-8", "surrogatepass"))


def _short(text: str, limit: int = 64) -> str:
    # The ref and messages echo client input; keep an abusive client from echoing megabytes.
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_client_frame(raw: str | bytes, *, max_bytes: int) -> ClientFrame:
    """One client frame, validated; any bad input raises FrameError and nothing else."""
    # A str has at least one byte per character: reject huge ones before encoding them.
    if len(raw) > max_bytes or _size(raw) > max_bytes:
        raise FrameError("frame_too_large", f"frame is larger than {max_bytes} bytes")
    try:
        # The happy path parses and validates in one pass of pydantic's JSON parser; the
        # error's details then tell which kind of bad input it was.
        return CLIENT_ADAPTER.validate_json(raw)
    except ValidationError as exc:
        raise _classify(exc, raw) from None


def _type_of(raw: str | bytes) -> str | None:
    # pydantic reports a bad tag as a string, so null and "None" look alike; only a real
    # string is the frame's type. Runs on the error path only, so parsing again is cheap enough.
    try:
        value = json.loads(raw).get("type")
    except (ValueError, RecursionError, AttributeError):
        return None
    return _short(value) if isinstance(value, str) else None


def _classify(exc: ValidationError, raw: str | bytes) -> FrameError:
    errors = exc.errors(include_url=False, include_input=False, include_context=True)
    first = errors[0]
    kind = first["type"]
    if kind in ("json_invalid", "string_unicode"):
        return FrameError("invalid_json", _short(f"not valid JSON: {first['msg']}", 200))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return FrameError("not_an_object", "a frame must be a JSON object")
    if kind == "union_tag_not_found":
        return FrameError("unknown_type", "a frame needs a `type`")
    if kind == "union_tag_invalid":
        ref = _type_of(raw)
        what = f"unknown frame type {ref!r}" if ref else "`type` must be a string"
        known = ", ".join(sorted(CLIENT_FRAME_TYPES))
        return FrameError("unknown_type", f"{what}; expected one of {known}", ref)
    ref = str(first["loc"][0]) if first["loc"] else None
    problems = "; ".join(_describe(error["loc"][1:], error["msg"]) for error in errors[:3])
    more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
    return FrameError("invalid_frame", _short(f"{ref}: {problems}{more}", 400), ref)


def _describe(path: tuple[int | str, ...], msg: str) -> str:
    return f"{'.'.join(str(part) for part in path)}: {msg}" if path else msg


# --- schema and checks -----------------------------------------------------------------------


def protocol_schema() -> dict[str, Any]:
    """JSON Schema of both directions: what the server accepts and what it sends."""
    return {
        "client": CLIENT_ADAPTER.json_schema(mode="validation"),
        "server": SERVER_ADAPTER.json_schema(mode="serialization"),
    }


def validate_server_frame(frame: dict[str, Any]) -> dict[str, Any]:
    """The frame as the contract says it goes on the wire; raises ValidationError if it breaks it."""
    model = SERVER_ADAPTER.validate_python(frame)
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_none=False)
    return dumped
