"""`/ws/voice` fuzzed from its published schema, against a real server on SQLite and PostgreSQL.

Client frames are generated from `GET /api/protocol` (the `client` schema): valid ones, and ones
that break it (Schemathesis's generator, in positive and negative mode, over a one-route
document that carries the schema; hypothesis-jsonschema cannot draw objects with the Hypothesis
in use), plus text that is not JSON and binary frames. Each batch goes over a fresh real
WebSocket connection, one frame at a time; every frame must be answered by a frame that
validates against the published `server` schema, a valid frame must never be refused as
malformed and a broken one must be refused; the server never closes the connection. After the
run the server is healthy and its log shows neither a traceback nor a task left pending.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import schemathesis
import websockets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from websockets.asyncio.client import ClientConnection

from tests.e2e.server import BIN, free_port, wait_until_healthy

pytestmark = pytest.mark.e2e

EXAMPLES = 100  # batches per store, each of up to 6 frames on its own connection
MALFORMED = ("invalid_json", "not_an_object", "unknown_type", "invalid_frame", "frame_too_large")
# What answers each client frame (an `error` frame answers any of them).
ANSWERS = {
    "session:resume": {"session:ready"},
    "voice:start": {"voice:started"},
    "transcript": {"transcript:final", "transcript:partial"},
    "voice:stop": {"voice:stopped"},
    "task:cancel": {"task:cancelled", "task:completed", "task:failed", "queue:status"},
    "task:status": {"task:status"},
    "queue:status": {"queue:status"},
    "clarify:answer": {"context:customer", "task:started", "task:failed", "task:cancelled"},
    "ping": {"pong"},
}


@contextmanager
def logged_server(database_url: str, log_path: Path) -> Iterator[str]:
    """A live server logging to `log_path`; stopped with SIGTERM, as an operator would."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w+b") as log:
        process = subprocess.Popen(
            [str(BIN / "bolkhata"), "serve", "--port", str(port), "--database-url", database_url],
            env=dict(os.environ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def frame_strategies(client_schema: dict[str, Any]) -> tuple[Any, Any]:
    """Valid and schema-breaking frames, drawn by Schemathesis from the published schema."""
    text = json.dumps(client_schema).replace("#/$defs/", "#/components/schemas/")
    schema = json.loads(text)
    components = schema.pop("$defs")
    document = {
        "openapi": "3.1.0",
        "info": {"title": "ws frames", "version": "1"},
        "paths": {
            "/frame": {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": schema}},
                    },
                    "responses": {"200": {"description": "answered"}},
                }
            }
        },
        "components": {"schemas": components},
    }
    operation = schemathesis.openapi.from_dict(document)["/frame"]["POST"]
    valid = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    broken = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
    return valid.map(lambda case: ("valid", case.body)), broken.map(
        lambda case: ("broken", case.body)
    )


def outgoing(kind: str, body: Any) -> str | bytes:
    if isinstance(body, bytes):
        return body  # a binary frame: audio, when nobody listens
    if kind == "text":
        return str(body)
    return json.dumps(body)


async def answer_of(ws: ClientConnection, sent: str | None, check: Any) -> dict[str, Any]:
    """The first frame that answers `sent` (frames of earlier work are checked, then skipped)."""
    wanted = ANSWERS.get(sent or "", set())
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 20))
        check(frame)
        if frame["type"] == "error" or frame["type"] in wanted:
            return frame


async def batch(url: str, frames: list[tuple[str, Any]], check: Any) -> None:
    async with websockets.connect(url, max_size=None) as ws:
        ready = json.loads(await asyncio.wait_for(ws.recv(), 20))
        check(ready)
        assert ready["type"] == "session:ready"
        for kind, body in frames:
            sent = body.get("type") if isinstance(body, dict) and kind == "valid" else None
            await ws.send(outgoing(kind, body))
            try:
                answer = await answer_of(ws, sent, check)
            except websockets.ConnectionClosed as closed:
                raise AssertionError(f"server closed ({closed.rcvd}) after {body!r}") from None
            if kind == "valid":
                assert answer.get("code") not in MALFORMED, (body, answer)
            else:
                assert answer["type"] == "error", (kind, body, answer)


def test_ws_frames_from_the_schema_are_all_answered(
    seeded: tuple[str, str], tmp_path: Path
) -> None:
    database_url, token = seeded
    log_path = tmp_path / "server.log"
    with logged_server(database_url, log_path) as base:
        published = httpx.get(f"{base}/api/protocol", timeout=10).json()
        validator = jsonschema.Draft202012Validator(
            published["server"], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        valid, broken = frame_strategies(published["client"])
        not_json = st.text(max_size=200).filter(lambda t: _not_json(t)).map(lambda t: ("text", t))
        binary = st.binary(min_size=1, max_size=512).map(lambda b: ("binary", b))
        url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
        kinds: dict[str, int] = {}

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            st.lists(
                st.one_of(valid, valid, valid, broken, not_json, binary), min_size=1, max_size=6
            )
        )
        def fuzz(frames: list[tuple[str, Any]]) -> None:
            for kind, body in frames:
                name = f"{kind} {body.get('type')}" if isinstance(body, dict) else kind
                kinds[name] = kinds.get(name, 0) + 1
            asyncio.run(batch(url, frames, validator.validate))

        fuzz()
        sent = {name.split()[0] for name in kinds}
        assert {"valid", "broken", "text", "binary"} <= sent, kinds
        assert sum(name.startswith("valid ") for name in kinds) >= 6, kinds
        assert httpx.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
        asyncio.run(batch(url, [("valid", {"type": "ping"})], validator.validate))
    log = log_path.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]
    assert "Task was destroyed" not in log and "never retrieved" not in log, log[-4000:]


def _not_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False
