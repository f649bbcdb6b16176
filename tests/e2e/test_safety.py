"""Never a wrong entry, end to end: issue 11's examples through the real parser, a real
`bolkhata serve` and a real WebSocket, on SQLite and PostgreSQL.

Each test starts from the fresh demo shop (Rahul Sharma owes ₹500, Suresh Kumar ₹1,500, Priya
Patel, Amit Singh and Kavita Desai nothing) and asserts the ledgers over HTTP: a write lands
exactly once, or nothing is written and the session says why.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from interfaces.protocol import validate_server_frame
from tests.e2e.server import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.anyio]
ENDED = ("task:completed", "task:failed", "task:cancelled")
SEEDED = {  # entries of the fresh demo shop, per customer
    "Rahul Sharma": [("credit", 500_00)],
    "Suresh Kumar": [("credit", 1_500_00)],
    "Priya Patel": [],
    "Amit Singh": [],
    "Kavita Desai": [],
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Heard:
    """What the session did with one final transcript."""

    utterance_id: str
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)  # task_id -> task view
    ended: dict[str, dict[str, Any]] = field(default_factory=dict)  # task_id -> end frame
    questions: list[dict[str, Any]] = field(default_factory=list)  # clarify frames

    def open(self) -> set[str]:
        asked = {q["task_id"] for q in self.questions}
        confirmed = {t for q in self.questions if q["kind"] == "confirm" for t in self.tasks}
        return set(self.tasks) - set(self.ended) - asked - confirmed

    def only(self, kind: str) -> dict[str, Any]:
        [frame] = [f for f in self.ended.values() if f["type"] == kind]
        return frame


class Counter:
    """The shop counter: one WebSocket session and the HTTP reads of the ledger."""

    def __init__(self, ws: ClientConnection, http: httpx.AsyncClient) -> None:
        self.ws = ws
        self.http = http
        self.heard: dict[str, Heard] = {}

    async def receive(self) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), 20))
        validate_server_frame(frame)
        return frame

    async def say(self, text: str) -> Heard:
        """Send a final transcript; return once each of its tasks ended or waits on a question."""
        await self.ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))
        while (frame := await self.receive())["type"] != "transcript:final":
            self.note(frame)
        heard = self.heard.setdefault(frame["utterance_id"], Heard(frame["utterance_id"]))
        while not heard.tasks or heard.open():
            self.note(await self.receive())
        return heard

    async def until_ended(self, heard: Heard) -> Heard:
        while set(heard.tasks) - set(heard.ended):
            self.note(await self.receive())
        return heard

    def note(self, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "task:queued":
            task = frame["task"]
            self.heard.setdefault(task["utterance_id"], Heard(task["utterance_id"]))
            self.heard[task["utterance_id"]].tasks[task["task_id"]] = task
        elif kind in ENDED:
            for heard in self.heard.values():
                if frame["task_id"] in heard.tasks:
                    heard.ended[frame["task_id"]] = frame
        elif kind == "clarify":
            self.heard.setdefault(frame["utterance_id"], Heard(frame["utterance_id"]))
            self.heard[frame["utterance_id"]].questions.append(frame)

    async def answer(self, question: dict[str, Any], **answer: str) -> None:
        frame = {"type": "clarify:answer", "utterance_id": question["utterance_id"], **answer}
        await self.ws.send(json.dumps(frame))

    async def ledgers(self) -> dict[str, list[tuple[str, int]]]:
        """Every customer's entries as (kind, amount in paise), in order."""
        customers = (await self.http.get("/api/customers")).raise_for_status().json()
        out = {}
        for row in customers:
            path = f"/api/customers/{row['customer_id']}/ledger"
            ledger = (await self.http.get(path)).raise_for_status().json()
            out[row["name"]] = [(e["kind"], e["amount"]) for e in ledger["entries"]]
        return out

    async def modes(self, name: str) -> list[str | None]:
        customers = (await self.http.get("/api/customers")).raise_for_status().json()
        customer = next(row for row in customers if row["name"] == name)
        ledger = await self.http.get(f"/api/customers/{customer['customer_id']}/ledger")
        return [e["mode"] for e in ledger.json()["entries"] if e["kind"] == "payment"]


@asynccontextmanager
async def counter(seeded: tuple[str, str]) -> AsyncIterator[Counter]:
    database_url, token = seeded
    with running_server(database_url) as base:
        url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            websockets.connect(url) as ws,
            httpx.AsyncClient(base_url=base, headers=headers, timeout=20) as http,
        ):
            shop = Counter(ws, http)
            assert (await shop.receive())["type"] == "session:ready"
            yield shop


def written(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    """The entries added since `before`, per customer that has any (new customers too)."""
    return {
        name: entries[len(before.get(name, [])) :]
        for name, entries in after.items()
        if entries[len(before.get(name, [])) :]
    }


def assert_not_written(heard: Heard, word: str | None = None) -> None:
    failed = heard.only("task:failed")
    assert failed["error"]["code"] == "not_written", failed
    reply = failed["reply"]["text"]
    assert "nahi" in reply and (word is None or f"'{word}'" in reply), reply


async def focus_kavita(shop: Counter) -> None:
    heard = await shop.say("Kavita ka balance batao")
    assert heard.only("task:completed")["result"]["name"] == "Kavita Desai"


async def test_two_named_customers_get_one_credit_each_not_the_one_in_focus(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded) as shop:
        await focus_kavita(shop)
        assert await shop.ledgers() == SEEDED
        heard = await shop.say("Rahul aur Priya dono ko 100 udhaar likho")
        assert not heard.questions  # two customers: no read-back
        assert written(SEEDED, await shop.ledgers()) == {
            "Rahul Sharma": [("credit", 100_00)],
            "Priya Patel": [("credit", 100_00)],
        }


async def test_everyone_is_read_back_and_a_yes_writes_each_once(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("sabko 50 udhaar likh do")
        [question] = heard.questions
        assert question["kind"] == "confirm" and "₹50-₹50" in question["question"]
        assert question["options"] == [
            {"answer": "yes", "name": "Haan"},
            {"answer": "no", "name": "Nahi"},
        ]
        assert len(heard.tasks) == 5 and not heard.ended
        assert await shop.ledgers() == SEEDED  # nothing before the yes
        await shop.answer(question, answer="yes")
        await shop.until_ended(heard)
        assert {f["type"] for f in heard.ended.values()} == {"task:completed"}
        assert written(SEEDED, await shop.ledgers()) == {
            name: [("credit", 50_00)] for name in SEEDED
        }


async def test_everyone_read_back_and_a_no_writes_nothing(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("sabko 50 udhaar likh do")
        [question] = heard.questions
        await shop.answer(question, answer="no")
        await shop.until_ended(heard)
        assert {f["type"] for f in heard.ended.values()} == {"task:cancelled"}
        assert await shop.ledgers() == SEEDED


async def test_a_cash_payment_of_the_customer_in_focus(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        await focus_kavita(shop)
        heard = await shop.say("uska payment 200 cash mein aaya")
        done = heard.only("task:completed")
        assert done["result"]["name"] == "Kavita Desai"
        assert written(SEEDED, await shop.ledgers()) == {"Kavita Desai": [("payment", 200_00)]}
        assert await shop.modes("Kavita Desai") == ["cash"]


async def test_mat_likhna_writes_nothing_and_says_why(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Priya ko 500 mat likhna")
        assert_not_written(heard, "mat")
        assert await shop.ledgers() == SEEDED


async def test_reminder_mat_bhejna_creates_no_reminder(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Rahul ka reminder mat bhejna")
        assert not [f for f in heard.ended.values() if f["type"] == "task:completed"]
        assert all(f["type"] in ("task:failed", "task:cancelled") for f in heard.ended.values())
        listed = await shop.say("kaun kaun se reminder hain")
        assert listed.only("task:completed")["result"]["count"] == 0


async def test_100_nahi_200_writes_200(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        await shop.say("Rahul ko 100 nahi, 200 udhaar likho")
        assert written(SEEDED, await shop.ledgers()) == {"Rahul Sharma": [("credit", 200_00)]}


async def test_300_nahi_nahi_30_writes_30(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        await shop.say("Rahul ko 300 udhaar likho, nahi nahi, 30 likho")
        assert written(SEEDED, await shop.ledgers()) == {"Rahul Sharma": [("credit", 30_00)]}


async def test_a_contradicting_surname_asks_with_a_new_customer_option(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Suresh Sharma ko 50 udhaar likho")
        [question] = heard.questions
        assert question["kind"] == "customer"
        names = [option["name"] for option in question["options"]]
        assert names[0] == "Suresh Kumar" and names[-1] == "Naya customer: Suresh Sharma"
        assert question["options"][-1]["customer_id"] == "new"
        assert await shop.ledgers() == SEEDED  # nothing until answered
        await shop.answer(question, customer_id="new")
        await shop.until_ended(heard)
        assert heard.only("task:completed")["result"]["name"] == "Suresh Sharma"
        assert written(SEEDED, await shop.ledgers()) == {"Suresh Sharma": [("credit", 50_00)]}


async def test_a_large_credit_waits_for_a_spoken_haan(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Rahul ko 15000 udhaar likho")
        [question] = heard.questions
        assert question["kind"] == "confirm" and "₹15,000" in question["question"]
        assert await shop.ledgers() == SEEDED
        answered = await shop.say("haan")
        assert answered.only("task:completed")["result"]["answer"] == "yes"
        await shop.until_ended(heard)
        assert written(SEEDED, await shop.ledgers()) == {"Rahul Sharma": [("credit", 15_000_00)]}


async def test_three_named_are_read_back_and_a_spoken_nahi_writes_nothing(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Rahul, Priya aur Amit ko 100 udhaar likho")
        [question] = heard.questions
        assert question["question"] == (
            "Rahul Sharma, Priya Patel aur Amit Singh ko ₹100-₹100 udhaar likhun?"
        )
        answered = await shop.say("nahi")
        assert answered.only("task:completed")["result"]["answer"] == "no"
        await shop.until_ended(heard)
        assert len(heard.ended) == 3
        assert {f["type"] for f in heard.ended.values()} == {"task:cancelled"}
        assert await shop.ledgers() == SEEDED


async def test_a_second_command_with_only_an_amount_is_not_dropped(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Rahul ka balance batao aur 100 add karo")
        kinds = sorted(t["intent"] for t in heard.tasks.values())
        assert kinds == ["ADD_CREDIT", "CHECK_BALANCE"]
        then = await shop.say("Priya ka balance batao, phir 100 add karo")
        credit = next(t for t in then.tasks.values() if t["intent"] == "ADD_CREDIT")
        assert credit["depends_on"] and credit["customer"]["name"] == "Priya Patel"
        await shop.until_ended(then)
        assert written(SEEDED, await shop.ledgers()) == {
            "Rahul Sharma": [("credit", 100_00)],
            "Priya Patel": [("credit", 100_00)],
        }


async def test_the_same_credit_twice_in_a_row_is_asked_not_doubled(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Rahul ko 100 udhaar likho aur 100 add karo")
        [question] = heard.questions
        assert question["kind"] == "confirm"
        assert written(SEEDED, await shop.ledgers()) == {"Rahul Sharma": [("credit", 100_00)]}
        await shop.answer(question, answer="no")
        await shop.until_ended(heard)
        assert written(SEEDED, await shop.ledgers()) == {"Rahul Sharma": [("credit", 100_00)]}


async def test_all_customers_total_is_the_shops_total_not_a_customer(
    seeded: tuple[str, str],
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("sab customers ka total baaki kitna hai")
        [task] = heard.tasks.values()
        assert task["intent"] == "TOTAL_PENDING_AMOUNT" and task["customer"] is None
        assert "₹2,000" in heard.only("task:completed")["reply"]["text"]


@pytest.mark.parametrize(
    ("text", "customer", "entry", "mode"),
    [
        ("Rahul paid 300 by UPI", "Rahul Sharma", ("payment", 300_00), "upi"),
        ("राहुल ने 200 रुपये दिए", "Rahul Sharma", ("payment", 200_00), "unspecified"),
        ("सुरेश ने ५०० यूपीआई से भेजे", "Suresh Kumar", ("payment", 500_00), "upi"),
        ("add 250 to Priya's account", "Priya Patel", ("credit", 250_00), None),
    ],
)
async def test_english_and_devanagari_writes_land_once(
    seeded: tuple[str, str], text: str, customer: str, entry: tuple[str, int], mode: str | None
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say(text)
        assert heard.only("task:completed")["result"]["name"] == customer
        assert written(SEEDED, await shop.ledgers()) == {customer: [entry]}
        if mode is not None:
            assert await shop.modes(customer) == [mode]


@pytest.mark.parametrize(
    ("text", "intent", "said"),
    [
        ("How much milk is left?", "CHECK_STOCK", "50 packet"),
        ("Who owes me money?", "LIST_CUSTOMER_BALANCES", "Suresh"),
        ("राहुल का खाता दिखाओ", "CHECK_BALANCE", "₹500"),
    ],
)
async def test_english_and_devanagari_reads_answer_and_write_nothing(
    seeded: tuple[str, str], text: str, intent: str, said: str
) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say(text)
        [task] = heard.tasks.values()
        assert task["intent"] == intent
        assert said in heard.only("task:completed")["reply"]["text"]
        assert await shop.ledgers() == SEEDED


async def test_an_english_reminder_is_set_for_the_named_customer(seeded: tuple[str, str]) -> None:
    async with counter(seeded) as shop:
        heard = await shop.say("Remind Priya tomorrow at 5 pm")
        [task] = heard.tasks.values()
        assert task["intent"] == "CREATE_REMINDER" and task["customer"]["name"] == "Priya Patel"
        assert task["entities"]["when"].endswith("T17:00:00+05:30")
        listed = await shop.say("kaun kaun se reminder hain")
        assert listed.only("task:completed")["result"]["count"] == 1
