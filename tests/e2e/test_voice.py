"""`/ws/voice` end to end: a real `bolkhata serve` process and a real WebSocket client."""

from __future__ import annotations

import asyncio
import json
import math
import signal
import struct
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap
from interfaces.protocol import validate_server_frame
from tests.e2e.server import create_token, free_port, running_server, server_process
from tests.fakes.elevenlabs_server import FakeElevenLabs, fake_mp3

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]
ENDED = ("task:completed", "task:failed", "task:cancelled")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def ws_url(base: str, token: str) -> str:
    return base.replace("http://", "ws://") + f"/ws/voice?token={token}"


async def receive(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 20))
    validate_server_frame(frame)
    return frame


async def until_type(ws: ClientConnection, kind: str) -> dict[str, Any]:
    while (frame := await receive(ws))["type"] != kind:
        pass
    return frame


async def collect_until_ended(ws: ClientConnection, tasks: int) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    while sum(f["type"] in ENDED for f in frames) < tasks:
        frames.append(await receive(ws))
    return frames


async def send(ws: ClientConnection, **frame: Any) -> None:
    await ws.send(json.dumps(frame))


async def test_seed_scenario_and_every_request_frame(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            ready = await receive(ws)
            assert ready["type"] == "session:ready" and ready["resumed"] is False
            assert ready["max_parallel"] == 3 and ready["server_stt"] is False
            await send(ws, type="voice:start", stt="client", sample_rate=16000)
            assert (await until_type(ws, "voice:started"))["stt"] == "client"
            await send(ws, type="transcript", text="Rahul ka bal", final=False)
            assert (await until_type(ws, "transcript:partial"))["text"] == "Rahul ka bal"
            for text in ("Rahul ka balance check karo", "100 credit add karo", "reminder set karo"):
                await send(ws, type="transcript", text=text, final=True)
            frames = await collect_until_ended(ws, 3)
            queued = [f["task"] for f in frames if f["type"] == "task:queued"]
            assert [t["intent"] for t in queued] == [
                "CHECK_BALANCE",
                "ADD_CREDIT",
                "CREATE_REMINDER",
            ]
            assert {t["customer"]["name"] for t in queued} == {"Rahul Sharma"}
            done = {f["task_id"]: f for f in frames if f["type"] == "task:completed"}
            assert "₹500" in done[queued[0]["task_id"]]["reply"]["text"]
            assert "₹600" in done[queued[1]["task_id"]]["reply"]["text"]
            focus = [f for f in frames if f["type"] == "context:customer"]
            assert focus[0]["customer"]["name"] == "Rahul Sharma"
            seqs = [f["seq"] for f in frames if "seq" in f]
            assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)

            await send(ws, type="task:status", task_id=queued[1]["task_id"])
            status = await until_type(ws, "task:status")
            assert status["task"]["status"] == "completed"
            await send(ws, type="queue:status")
            stats = await until_type(ws, "queue:status")
            assert stats["completed"] == 3 and stats["max_parallel"] == 3
            await send(ws, type="ping")
            await until_type(ws, "pong")
            await send(ws, type="voice:stop")
            stopped = await until_type(ws, "voice:stopped")
            assert stopped["transcripts"] == 3 and stopped["tasks"] == 3


async def test_burst_of_ten_never_more_than_three_running(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url, env={"BOLKHATA_WORK_DELAY_MS": "100"}) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            for _ in range(10):
                await send(ws, type="transcript", text="kul kitna baaki hai", final=True)
            frames = await collect_until_ended(ws, 10)
    running = peak = 0
    for frame in frames:
        running += frame["type"] == "task:started"
        running -= frame["type"] in ("task:completed", "task:failed")
        peak = max(peak, running)
    assert peak == 3


async def test_cancel_and_bad_input_keep_the_session(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url, env={"BOLKHATA_WORK_DELAY_MS": "300"}) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            bad = [
                ("not json", "invalid_json"),
                (json.dumps({"type": "dance"}), "unknown_type"),
                (json.dumps({"type": "task:status"}), "invalid_frame"),
                (json.dumps({"type": "transcript", "text": "x" * 70_000}), "frame_too_large"),
                (json.dumps({"type": "task:cancel", "task_id": "nope"}), "unknown_task"),
                (json.dumps({"type": "voice:stop"}), "not_allowed"),
                (
                    json.dumps({"type": "session:resume", "conversation_id": "x"}),
                    "unknown_conversation",
                ),
            ]
            for raw, code in bad:
                await ws.send(raw)
                error = await until_type(ws, "error")
                assert error["code"] == code, raw
            await ws.send(b"\x00\x01" * 100)
            assert (await until_type(ws, "error"))["code"] == "not_listening"

            for _ in range(5):
                await send(ws, type="transcript", text="kul kitna baaki hai", final=True)
            queued = [(await until_type(ws, "task:queued"))["task"]["task_id"] for _ in range(5)]
            await send(ws, type="task:cancel", task_id=queued[4])
            await send(ws, type="task:cancel", all=True)
            frames = await collect_until_ended(ws, 5)
            cancelled = {f["task_id"] for f in frames if f["type"] == "task:cancelled"}
            started = {f["task_id"] for f in frames if f["type"] == "task:started"}
            assert queued[4] in cancelled and queued[4] not in started
            await send(ws, type="ping")
            await until_type(ws, "pong")


async def test_bad_token_closes_with_4401(seeded: tuple[str, str]) -> None:
    database_url, _ = seeded
    with running_server(database_url) as base:
        async with websockets.connect(ws_url(base, "wrong")) as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_resume_replays_exactly_the_missed_frames(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url, env={"BOLKHATA_WORK_DELAY_MS": "200"}) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            conversation = (await receive(ws))["conversation_id"]
            await send(ws, type="transcript", text="Priya ko 50 udhaar likho", final=True)
            await send(ws, type="transcript", text="Suresh ka balance batao", final=True)
            seen = [await receive(ws)]
            last = seen[-1]["seq"]
        # dropped: the tasks go on; their frames wait for the resume
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            await send(ws, type="session:resume", conversation_id=conversation, after_seq=last)
            ready = await until_type(ws, "session:ready")
            assert ready["resumed"] is True and ready["conversation_id"] == conversation
            frames = await collect_until_ended(ws, 2)
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            await send(ws, type="session:resume", conversation_id=conversation, after_seq=last)
            await until_type(ws, "session:ready")
            again = [await receive(ws) for _ in frames]
    seqs = [f["seq"] for f in frames]
    assert seqs[0] > last and seqs == sorted(set(seqs))  # nothing twice, in order
    assert again == frames  # nothing missing: the stored stream holds exactly these


async def test_crash_mid_burst_then_restart_finishes_exactly_once(
    seeded: tuple[str, str],
) -> None:
    database_url, token = seeded
    port = free_port()
    slow = {"BOLKHATA_WORK_DELAY_MS": "400"}
    with server_process(database_url, slow, port) as (base, process):
        async with websockets.connect(ws_url(base, token)) as ws:
            conversation = (await receive(ws))["conversation_id"]
            for name in ("Priya", "Amit", "Kavita", "Suresh", "Rahul"):
                await send(ws, type="transcript", text=f"{name} ko 10 udhaar likho", final=True)
            seen = [await receive(ws) for _ in range(2)]
            while sum(f["type"] == "task:queued" for f in seen) < 5:
                seen.append(await receive(ws))
            assert not any(f["type"] in ENDED for f in seen)  # killed mid-burst
            process.send_signal(signal.SIGKILL)
            process.wait()
    with server_process(database_url, port=port) as (base, _):
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            await send(ws, type="session:resume", conversation_id=conversation, after_seq=0)
            frames = await collect_until_ended(ws, 5)
    assert sum(f["type"] == "task:completed" for f in frames) == 5
    audit = create_token(database_url, "demo", "auditor")
    with running_server(database_url) as base:
        async with httpx.AsyncClient() as client:
            rows = (await client.get(f"{base}/api/customers", params={"token": audit})).json()
    owed = {row["name"]: row["balance"] for row in rows}
    assert owed == {
        "Rahul Sharma": 510_00,
        "Priya Patel": 10_00,
        "Suresh Kumar": 1510_00,
        "Amit Singh": 10_00,
        "Kavita Desai": 10_00,
    }


def speech_pcm(seconds: float, rate: int = 16000) -> bytes:
    """A 440 Hz tone as 16-bit little-endian mono PCM: loud enough to count as speech."""
    samples = (
        int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate))
    )
    return b"".join(struct.pack("<h", sample) for sample in samples)


async def test_server_speech_to_text_and_spoken_replies(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    async with FakeElevenLabs() as fake:
        fake.say("Rahul ka balance check karo", repeat=2)  # the provider repeats a commit
        env = {"ELEVENLABS_API_KEY": fake.api_key, "ELEVENLABS_BASE_URL": fake.base_url}
        with running_server(database_url, env) as base:
            async with websockets.connect(ws_url(base, token)) as ws:
                ready = await receive(ws)
                assert ready["server_stt"] is True
                await send(
                    ws, type="voice:start", stt="server", sample_rate=16000, reply_audio=True
                )
                await until_type(ws, "voice:started")
                audio = speech_pcm(0.5)
                for start in range(0, len(audio), 3200):
                    await ws.send(audio[start : start + 3200])
                partial = await until_type(ws, "transcript:partial")
                assert partial["text"]
                final = await until_type(ws, "transcript:final")
                assert final["text"] == "Rahul ka balance check karo"
                done = await until_type(ws, "task:completed")
                assert "₹500" in done["reply"]["text"]
                header = await until_type(ws, "reply:audio")
                assert header["task_id"] == done["task_id"]
                received = b""
                while len(received) < header["bytes"]:
                    message = await asyncio.wait_for(ws.recv(), 10)
                    if isinstance(message, bytes):
                        received += message
                assert received == fake_mp3(done["reply"]["text"])
                await send(ws, type="voice:stop")
                stopped = await until_type(ws, "voice:stopped")
                assert stopped["transcripts"] == 1  # the repeated commit was dropped
    # The provider's confidence (from its word logprobs) is stored with the transcript.
    services = bootstrap(Settings(database_url=database_url))
    try:
        events = services.store.events.get(UUID(ready["conversation_id"]))
        [heard] = [e for e in events if type(e).__name__ == "TranscriptReceived"]
        assert heard.confidence is not None and 0.9 < heard.confidence <= 1  # type: ignore[attr-defined]
    finally:
        services.close()


async def test_speech_provider_errors_become_error_frames(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    async with FakeElevenLabs(api_key="the-right-key") as fake:
        env = {"ELEVENLABS_API_KEY": "a-wrong-key", "ELEVENLABS_BASE_URL": fake.base_url}
        with running_server(database_url, env) as base:
            async with websockets.connect(ws_url(base, token)) as ws:
                await receive(ws)
                await send(ws, type="voice:start", stt="server", sample_rate=16000)
                error = await until_type(ws, "error")
                assert error["code"] in ("auth_error", "stt_unavailable")
                await send(ws, type="ping")
                await until_type(ws, "pong")


async def test_clarify_failure_other_shop_and_flood(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    other_token = create_token(database_url, "other", "operator")
    with running_server(database_url) as base:
        async with websockets.connect(ws_url(base, other_token)) as other:
            foreign = (await receive(other))["conversation_id"]
            await send(other, type="transcript", text="kul kitna baaki hai", final=True)
            await until_type(other, "task:completed")
        async with websockets.connect(ws_url(base, token)) as ws:
            mine = (await receive(ws))["conversation_id"]
            await send(ws, type="session:resume", conversation_id=foreign, after_seq=0)
            assert (await until_type(ws, "error"))["code"] == "unknown_conversation"

            await send(ws, type="transcript", text="naya customer Rahul Verma add karo", final=True)
            created = await until_type(ws, "task:completed")
            assert created["result"]["name"] == "Rahul Verma"
            await send(ws, type="transcript", text="Rahul ka balance batao", final=True)
            question = await until_type(ws, "clarify")
            names = {o["name"]: o["customer_id"] for o in question["options"]}
            assert {"Rahul Sharma", "Rahul Verma"} <= set(names)
            await send(
                ws,
                type="clarify:answer",
                utterance_id=question["utterance_id"],
                customer_id=names["Rahul Sharma"],
            )
            focus = await until_type(ws, "context:customer")
            assert focus["customer"]["name"] == "Rahul Sharma"
            answered = await until_type(ws, "task:completed")
            assert "₹500" in answered["reply"]["text"]

            await send(ws, type="transcript", text="Bablu ka balance batao", final=True)
            failed = await until_type(ws, "task:failed")
            assert failed["error"]["code"] == "customer_not_found" and failed["reply"]["text"]

            for _ in range(200):
                await send(ws, type="ping")
            replies = [await receive(ws) for _ in range(200)]
            codes = {r.get("code") for r in replies if r["type"] == "error"}
            assert codes == {"rate_limited"}
            assert any(r["type"] == "pong" for r in replies)
            await asyncio.sleep(1.0)  # the per-connection allowance refills
            await send(ws, type="queue:status")
            await until_type(ws, "queue:status")
            await send(ws, type="task:status", task_id=answered["task_id"])
            status = await until_type(ws, "task:status")
            assert status["task"]["status"] == "completed"
            assert mine != foreign


async def test_reminder_due_reaches_the_open_session(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url) as base:
        writer = bootstrap(Settings(database_url=database_url))
        try:
            rahul = next(r for r in writer.khata.directory("demo") if r["name"] == "Rahul Sharma")
            due = writer.clock.now() + timedelta(seconds=1)
            writer.khata.schedule_reminder("demo", rahul["customer_id"], due, "e2e-reminder")
        finally:
            writer.close()
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            frame = await until_type(ws, "reminder:due")
    assert frame["customer"]["name"] == "Rahul Sharma"
    assert frame["reminder_id"] == "e2e-reminder" and "₹500" in frame["message"]
