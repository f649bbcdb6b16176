"""`/ws/voice` at the edges of its contract, against a real server on SQLite and PostgreSQL:
a resume past any stored seq, a cancel with nothing to cancel, a cancel naming nothing, a 20 MB
frame, and the first burst of frames. None of them closes the session."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from interfaces.protocol import validate_server_frame
from tests.e2e.server import create_token, running_server

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def receive(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 20))
    validate_server_frame(frame)
    return frame


async def until(ws: ClientConnection, *kinds: str) -> dict[str, Any]:
    while (frame := await receive(ws))["type"] not in kinds:
        pass
    return frame


async def send(ws: ClientConnection, **frame: Any) -> None:
    await ws.send(json.dumps(frame))


async def alive(ws: ClientConnection) -> None:
    await send(ws, type="ping")
    assert (await until(ws, "pong", "error"))["type"] == "pong"


async def test_edges_answer_with_frames_and_keep_the_session(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    auditor = create_token(database_url, role="auditor")
    with running_server(database_url) as base:
        url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
        async with websockets.connect(url, max_size=None) as ws:
            own = (await receive(ws))["conversation_id"]

            # A resume past 2^63 (SQLite's integers) is refused as input; the session stays.
            await send(ws, type="session:resume", conversation_id=own, after_seq=2**63)
            refused = await until(ws, "error", "session:ready")
            assert (refused["type"], refused["code"], refused["ref"]) == (
                "error",
                "invalid_frame",
                "session:resume",
            )
            await alive(ws)
            # 2^53 − 1 is the largest seq published: a resume there replays nothing.
            await send(ws, type="session:resume", conversation_id=own, after_seq=2**53 - 1)
            ready = await until(ws, "session:ready", "error")
            assert (ready["type"], ready["conversation_id"], ready["resumed"]) == (
                "session:ready",
                own,
                True,
            )

            # task:cancel with neither task_id nor all is refused (the schema refuses it too).
            await send(ws, type="task:cancel")
            bad = await until(ws, "error")
            assert (bad["code"], bad["ref"]) == ("invalid_frame", "task:cancel")
            # all: true with nothing pending is answered by the queue, empty.
            await send(ws, type="task:cancel", all=True)
            queue = await until(ws, "queue:status", "error")
            assert queue["type"] == "queue:status"
            assert (queue["queued"], queue["running"]) == (0, 0)

            # 20 MB, text or binary: an error frame each; the session is not closed (no 1009).
            await ws.send("x" * 20_000_000)
            big = await until(ws, "error")
            assert big["code"] == "frame_too_large"
            await ws.send(b"\0" * 20_000_000)
            assert (await until(ws, "error"))["code"] in ("not_listening", "frame_too_large")
            await alive(ws)

        # The session the connection opened was never used: it is ended, not left open.
        async with httpx.AsyncClient(base_url=base, timeout=20) as http:
            headers = {"Authorization": f"Bearer {auditor}"}
            for _ in range(100):
                state = (await http.get(f"/api/conversations/{own}/state", headers=headers)).json()
                if state["ended_at"]:
                    break
                await asyncio.sleep(0.1)
            assert state["ended_at"], state

        # The first burst: FRAMES_PER_SECOND (50) × 2 frames at once are all served.
        async with websockets.connect(url) as ws:
            await receive(ws)
            for _ in range(100):
                await send(ws, type="ping")
            answers = [await receive(ws) for _ in range(100)]
            assert [a["type"] for a in answers] == ["pong"] * 100
            # Far more than that at once is refused frame by frame, never by closing.
            for _ in range(400):
                await send(ws, type="ping")
            answers = [await receive(ws) for _ in range(400)]
            limited = [a for a in answers if a["type"] == "error"]
            assert limited and all(a["code"] == "rate_limited" for a in limited)
            await asyncio.sleep(1)
            await alive(ws)
