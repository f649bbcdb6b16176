"""Cancel words end to end: "pehla wala", "udhaar wala", a trailing "bas", a cancel of nothing.

A real `bolkhata serve` on SQLite and PostgreSQL, a real WebSocket client; every task is held
`BOLKHATA_WORK_DELAY_MS` before its ledger work, so the ones spoken first are still queued or
running when the cancel arrives.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from interfaces.protocol import validate_server_frame
from tests.e2e.server import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]
ENDED = ("task:completed", "task:failed", "task:cancelled")
SLOW = {"BOLKHATA_WORK_DELAY_MS": "1500"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def ws_url(base: str, token: str) -> str:
    return base.replace("http://", "ws://") + f"/ws/voice?token={token}"


async def receive(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 20))
    validate_server_frame(frame)
    return frame


async def say(ws: ClientConnection, text: str, **extra: Any) -> None:
    await ws.send(json.dumps({"type": "transcript", "text": text, "final": True, **extra}))


async def queued(ws: ClientConnection, count: int) -> list[dict[str, Any]]:
    """The next `count` queued tasks, in the order they were queued."""
    tasks: list[dict[str, Any]] = []
    while len(tasks) < count:
        frame = await receive(ws)
        if frame["type"] == "task:queued":
            tasks.append(frame["task"])
    return tasks


async def outcomes(ws: ClientConnection, task_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The ending frame of each of these tasks."""
    ended: dict[str, dict[str, Any]] = {}
    while not task_ids <= set(ended):
        frame = await receive(ws)
        if frame["type"] in ENDED:
            ended[frame["task_id"]] = frame
    return ended


async def test_pehla_wala_cancel_cancels_only_the_first_of_four(
    seeded: tuple[str, str],
) -> None:
    database_url, token = seeded
    with running_server(database_url, env=SLOW) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            for name in ("Rahul", "Priya", "Suresh", "Amit"):
                await say(ws, f"{name} ka balance batao")
            four = await queued(ws, 4)
            await say(ws, "pehla wala cancel")
            [cancel] = await queued(ws, 1)
            assert cancel["entities"]["task_ref"] == {"ordinal": 1}
            ended = await outcomes(ws, {t["task_id"] for t in [*four, cancel]})
    first, *rest = four
    assert ended[first["task_id"]]["type"] == "task:cancelled"
    assert ended[first["task_id"]]["reason"] == "Aapke kehne par roka."
    assert [ended[t["task_id"]]["type"] for t in rest] == ["task:completed"] * 3
    assert ended[cancel["task_id"]]["reply"]["text"] == "1 kaam cancel kar diye."


async def test_udhaar_wala_cancel_cancels_the_credits_only(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url, env=SLOW) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            for text in (
                "Rahul ko 100 udhaar likho",
                "Priya ka balance batao",
                "Suresh ko 200 udhaar likho",
                "Amit ka balance batao",
            ):
                await say(ws, text)
            four = await queued(ws, 4)
            await say(ws, "udhaar wala cancel")
            [cancel] = await queued(ws, 1)
            ended = await outcomes(ws, {t["task_id"] for t in [*four, cancel]})
            # Nothing reached the ledger: the balances are the seeded ones.
            await say(ws, "Rahul ka balance batao")
            await say(ws, "Suresh ka balance batao")
            checks = await queued(ws, 2)
            balances = await outcomes(ws, {t["task_id"] for t in checks})
    kinds = {t["intent"]: ended[t["task_id"]]["type"] for t in four}
    assert kinds == {"ADD_CREDIT": "task:cancelled", "CHECK_BALANCE": "task:completed"}
    assert sum(ended[t["task_id"]]["type"] == "task:cancelled" for t in four) == 2
    assert ended[cancel["task_id"]]["result"]["count"] == 2
    replies = [balances[t["task_id"]]["reply"]["text"] for t in checks]
    assert replies == [
        "Rahul Sharma ka balance ₹500 hai.",
        "Suresh Kumar ka balance ₹1,500 hai.",
    ]


async def test_a_trailing_bas_is_not_a_cancel(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    with running_server(database_url, env={"BOLKHATA_WORK_DELAY_MS": "200"}) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            await say(ws, "Kavita ko 100 udhaar likho, bas")
            [task] = await queued(ws, 1)
            ended = await outcomes(ws, {task["task_id"]})
            await say(ws, "Kavita ka balance batao")
            [check] = await queued(ws, 1)
            balance = await outcomes(ws, {check["task_id"]})
    assert task["intent"] == "ADD_CREDIT" and task["customer"]["name"] == "Kavita Desai"
    done = ended[task["task_id"]]
    assert done["type"] == "task:completed"
    assert done["reply"]["text"].startswith("Kavita Desai ke khate me ₹100 udhaar likh diya.")
    assert balance[check["task_id"]]["reply"]["text"] == "Kavita Desai ka balance ₹100 hai."


async def test_a_cancel_of_nothing_says_so_in_the_pages_language(
    seeded: tuple[str, str],
) -> None:
    database_url, token = seeded
    with running_server(database_url) as base:
        async with websockets.connect(ws_url(base, token)) as ws:
            await receive(ws)
            await say(ws, "doosra wala cancel")
            [first] = await queued(ws, 1)
            hinglish = (await outcomes(ws, {first["task_id"]}))[first["task_id"]]
            # The page's English toggle: the next final carries `language: "en"`.
            await say(ws, "udhaar wala cancel", language="en")
            [second] = await queued(ws, 1)
            english = (await outcomes(ws, {second["task_id"]}))[second["task_id"]]
    assert hinglish["type"] == "task:failed"
    assert hinglish["error"]["code"] == "nothing_to_cancel"
    assert hinglish["reply"] == {
        "text": "Rokne ke liye aisa koi kaam line mein nahi hai.",
        "language": "hinglish",
    }
    assert english["error"]["code"] == "nothing_to_cancel"
    assert english["reply"] == {
        "text": "There is no such task in the list to cancel.",
        "language": "en",
    }
