"""Routines and barge-in end to end (README "Routines", "Barge-in"): a real `bolkhata serve`,
a real WebSocket, SQLite and PostgreSQL; server speech against the local ElevenLabs stand-in.

A routine made by voice runs by its name as the tasks its steps would be if spoken: at most
three at once, one customer's in the order said, a large write read back first. Speaking over
a spoken reply stops its audio; `interrupt: "cancel_queued"` also cancels queued tasks.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import websockets

from tests.e2e.server import running_server
from tests.e2e.test_safety import SEEDED, Counter, written
from tests.e2e.test_voice import speech_pcm
from tests.fakes.elevenlabs_server import FakeElevenLabs

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]
ENDED = ("task:completed", "task:failed", "task:cancelled")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@asynccontextmanager
async def counter(seeded: tuple[str, str], env: dict[str, str]) -> AsyncIterator[Counter]:
    database_url, token = seeded
    with running_server(database_url, env) as base:
        url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            websockets.connect(url) as ws,
            httpx.AsyncClient(base_url=base, headers=headers, timeout=20) as http,
        ):
            shop = Counter(ws, http)
            assert (await shop.receive())["type"] == "session:ready"
            yield shop


async def final(shop: Counter, text: str) -> None:
    await shop.ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))


async def frames_until_ended(shop: Counter, tasks: int) -> list[dict[str, Any]]:
    """Every frame until `tasks` tasks have ended."""
    frames: list[dict[str, Any]] = []
    while sum(f["type"] in ENDED for f in frames) < tasks:
        frame = await shop.receive()
        shop.note(frame)
        frames.append(frame)
    return frames


async def test_a_routine_made_by_voice_runs_by_name_as_spoken_tasks(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded, {"BOLKHATA_WORK_DELAY_MS": "150"}) as shop:
        made = await shop.say(
            "Rahul routine banao: balance batao, 100 udhaar likho, 50 cash mein jama karo,"
            " kal shaam reminder"
        )
        done = made.only("task:completed")
        assert done["result"]["count"] == 4 and "Rahul routine" in done["reply"]["text"]
        await shop.say("subah wala routine banao: Priya ka balance, Amit ka balance, kul kitna baaki hai")  # fmt: skip
        listed = (await shop.http.get("/api/routines")).json()
        assert [r["name"] for r in listed] == ["Rahul", "subah"]
        assert (await shop.ledgers()) == SEEDED  # making a routine writes nothing

        await final(shop, "Rahul routine")
        await final(shop, "subah wala routine chalao")
        frames = await frames_until_ended(shop, 7)
    queued = [f["task"] for f in frames if f["type"] == "task:queued"]
    assert [t["intent"] for t in queued] == [
        "CHECK_BALANCE", "ADD_CREDIT", "RECORD_PAYMENT", "CREATE_REMINDER",
        "CHECK_BALANCE", "CHECK_BALANCE", "TOTAL_PENDING_AMOUNT",
    ]  # fmt: skip
    assert {t["entities"]["routine"] for t in queued} == {"Rahul", "subah"}
    assert {t["customer"]["name"] for t in queued[:4]} == {"Rahul Sharma"}
    ends = {f["task_id"]: f for f in frames if f["type"] in ENDED}
    assert {f["type"] for f in ends.values()} == {"task:completed"}
    # At most three at once, and the routine's steps for Rahul one after another, in order.
    running = peak = 0
    position: dict[tuple[str, str], int] = {}
    for index, frame in enumerate(frames):
        running += frame["type"] == "task:started"
        running -= frame["type"] in ENDED and frame["type"] != "task:cancelled"
        peak = max(peak, running)
        if frame["type"] in ("task:started", "task:completed"):
            position[(frame["type"], frame["task_id"])] = index
    assert peak == 3
    rahul = [t["task_id"] for t in queued[:4]]
    for before, after in zip(rahul, rahul[1:], strict=False):
        assert position[("task:completed", before)] < position[("task:started", after)]
    assert "₹500" in ends[rahul[0]]["reply"]["text"]


async def test_a_routine_with_a_large_write_asks_first(seeded: tuple[str, str]) -> None:
    async with counter(seeded, {}) as shop:
        await shop.say("create a routine called month end: Suresh ko 20000 udhaar likho, Suresh ka balance")  # fmt: skip
        heard = await shop.say("run the month end routine")
        [question] = heard.questions
        assert question["kind"] == "confirm" and "20,000" in question["question"]
        assert await shop.ledgers() == SEEDED  # nothing before the yes
        await shop.answer(question, answer="yes")
        await shop.until_ended(heard)
        assert written(SEEDED, await shop.ledgers()) == {"Suresh Kumar": [("credit", 20_000_00)]}
        # The routine's customer, or the one in focus: "iska" runs the focused customer's.
        await shop.say("Priya routine banao: balance batao")
        await shop.say("Priya ka balance batao")
        heard = await shop.say("iska routine chalao")
        assert heard.only("task:completed")["result"]["name"] == "Priya Patel"
        missing = await shop.say("Mohan routine")
        assert missing.only("task:failed")["error"]["code"] == "routine_not_found"
        deleted = await shop.say("month end routine delete karo")
        assert deleted.only("task:completed")["result"]["deleted"] is True
        assert [r["name"] for r in (await shop.http.get("/api/routines")).json()] == ["Priya"]


@pytest.mark.parametrize("interrupt", ["none", "cancel_queued"])
async def test_interrupt_option_cancels_queued_tasks_on_a_new_command(
    seeded: tuple[str, str], interrupt: str
) -> None:
    async with counter(seeded, {"BOLKHATA_WORK_DELAY_MS": "600"}) as shop:
        await shop.ws.send(json.dumps({"type": "voice:start", "interrupt": interrupt}))
        await final(shop, "Rahul ka balance, Priya ka balance, Amit ka balance, Kavita ka balance, Suresh ka balance")  # fmt: skip
        frames: list[dict[str, Any]] = []
        while sum(f["type"] == "task:started" for f in frames) < 3:
            frames.append(await shop.receive())
        await final(shop, "kul kitna baaki hai")
        frames += await frames_until_ended(shop, 6)
    ended = {f["task_id"]: f["type"] for f in frames if f["type"] in ENDED}
    queued = [f["task"]["task_id"] for f in frames if f["type"] == "task:queued"]
    first, last = queued[:5], queued[5]
    if interrupt == "cancel_queued":
        assert [ended[t] for t in first] == ["task:completed"] * 3 + ["task:cancelled"] * 2
    else:
        assert [ended[t] for t in first] == ["task:completed"] * 5
    assert ended[last] == "task:completed"  # the new command runs either way


async def test_speaking_over_a_spoken_reply_stops_its_audio(seeded: tuple[str, str]) -> None:
    """Barge-in: the server's reply audio stops within 200 ms of the first partial."""
    database_url, token = seeded
    async with FakeElevenLabs() as fake:
        fake.say("Rahul ka balance check karo", "Priya ka balance batao")
        env = {
            "ELEVENLABS_API_KEY": fake.api_key,
            "ELEVENLABS_BASE_URL": fake.base_url,
            "BOLKHATA_REPLY_AUDIO_BYTES_PER_SECOND": "1000",  # a reply of ~4 KB speaks for ~4 s
        }
        with running_server(database_url, env) as base:
            url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
            async with websockets.connect(url) as ws:
                await ws.recv()
                start = {"type": "voice:start", "stt": "server", "reply_audio": True}
                await ws.send(json.dumps(start))
                audio = speech_pcm(0.2)
                await ws.send(audio)
                header = await until(ws, "reply:audio")
                first = await asyncio.wait_for(ws.recv(), 10)
                assert isinstance(first, bytes)  # the reply is being spoken
                received = len(first)
                await ws.send(audio)  # the shopkeeper speaks again
                partial_at = stopped_at = None
                stopped: dict[str, Any] = {}
                while not stopped:
                    message = await asyncio.wait_for(ws.recv(), 10)
                    if isinstance(message, bytes):
                        received += len(message)
                        continue
                    frame = json.loads(message)
                    if frame["type"] == "transcript:partial" and partial_at is None:
                        partial_at = time.monotonic()
                    if frame["type"] == "reply:stopped":
                        stopped_at, stopped = time.monotonic(), frame
                # The second command's task goes on, and its own reply is spoken.
                done = await until(ws, "task:completed")
                assert "Priya" in done["reply"]["text"]
                second = await until(ws, "reply:audio")
    assert partial_at is not None and stopped_at is not None
    late = stopped_at - partial_at
    print(f"barge-in: reply audio stopped {1000 * late:.0f} ms after the first partial")
    assert late < 0.2, f"audio stopped {late:.3f} s after the first partial"
    assert stopped["task_id"] == header["task_id"] != second["task_id"]
    assert received == stopped["bytes_sent"] < header["bytes"]


async def until(ws: websockets.ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        message = await asyncio.wait_for(ws.recv(), 10)
        if isinstance(message, str) and (frame := json.loads(message))["type"] == kind:
            return dict(frame)
