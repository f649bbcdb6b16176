"""The safety gate's application side on a real store: refusals, confirmations, several
customers, unknown names and unsaid payment modes.

The parser is a pure function the engine is given; here it is the labelled form of each
utterance (tests/data/README.md), so these tests pin down what the session does with the
parser's decisions whatever the parser's rules are. tests/e2e/test_safety.py runs the same
examples through the real parser over a real WebSocket.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest

from application.demo import seed_demo
from application.projections import TASKS
from application.sessions import NotAllowedNow, Session
from domain.intents import Command, Decision, Intent
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.integration.test_sessions import Gate, finished, until

pytestmark = pytest.mark.anyio
ACT, ASK, SKIP = Decision.ACT, Decision.ASK, Decision.SKIP


def cmd(
    intent: Intent,
    decision: Decision = ACT,
    reason: str | None = None,
    group: int | None = None,
    **entities: Any,
) -> Command:  # noqa: E501
    return Command(intent, entities, decision=decision, reason=reason, group=group)


CREDIT, PAYMENT, BALANCE = Intent.ADD_CREDIT, Intent.RECORD_PAYMENT, Intent.CHECK_BALANCE
LABELLED: dict[str, list[Command]] = {
    "Kavita ki baat karo": [cmd(Intent.SET_FOCUS, customer="Kavita")],
    "Rahul ka balance batao": [cmd(BALANCE, customer="Rahul")],
    "Amit ka balance batao": [cmd(BALANCE, customer="Amit")],
    "Rahul aur Priya dono ko 100 udhaar likho": [
        cmd(CREDIT, group=0, customer="Rahul", amount=100),
        cmd(CREDIT, group=0, customer="Priya", amount=100),
    ],
    "Rahul, Priya aur Amit teeno ko 100 udhaar likho": [
        cmd(CREDIT, group=0, customer="Rahul", amount=100),
        cmd(CREDIT, group=0, customer="Priya", amount=100),
        cmd(CREDIT, group=0, customer="Amit", amount=100),
    ],
    "sabko 50 udhaar likh do": [cmd(CREDIT, customer_ref="all", amount=50)],
    "dono ka balance batao": [cmd(BALANCE, customer_ref="recent:2")],
    "teeno ko 20 udhaar likho": [cmd(CREDIT, customer_ref="recent:3", amount=20)],
    "uska payment 200 cash mein aaya": [
        cmd(PAYMENT, customer_ref="active", amount=200, mode="cash")
    ],
    "Rahul ne 200 diye": [cmd(PAYMENT, customer="Rahul", amount=200)],
    "Priya ko 500 mat likhna": [cmd(CREDIT, SKIP, "negation", customer="Priya", amount=500)],
    "Rahul ne 500 diye kya?": [cmd(PAYMENT, SKIP, "question", customer="Rahul", amount=500)],
    "Rahul ka reminder mat bhejna": [
        cmd(Intent.CREATE_REMINDER, SKIP, "negation", customer="Rahul")
    ],  # noqa: E501
    "Rahul ko 100 ya 200 likho": [cmd(CREDIT, ASK, "unclear", customer="Rahul")],
    "Rahul ko 500 udhaar likho, shayad": [
        cmd(CREDIT, ASK, "unclear", customer="Rahul", amount=500)
    ],  # noqa: E501
    "Rahul ko 15000 udhaar likho": [cmd(CREDIT, customer="Rahul", amount=15000)],
    "Suresh Sharma ko 50 udhaar likho": [cmd(CREDIT, customer="Suresh Sharma", amount=50)],
    "Suresh Sharma ka balance batao": [cmd(BALANCE, customer="Suresh Sharma")],
    "Kavita ka khata band karo": [cmd(Intent.DELETE_CUSTOMER, customer="Kavita")],
    "Rahul aur Priya dono ko 15000 udhaar likho": [
        cmd(CREDIT, group=0, customer="Rahul", amount=15000),
        cmd(CREDIT, group=0, customer="Priya", amount=15000),
    ],
    "haan": [cmd(Intent.ANSWER, answer="yes")],
    "nahi": [cmd(Intent.ANSWER, answer="no")],
    "aaj ki sale batao": [cmd(Intent.DAILY_SUMMARY)],
}


def labelled(text: str, now: datetime) -> list[Command]:
    return LABELLED[text]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def services(database_url: str) -> AsyncIterator[Services]:
    gate = Gate()
    gate.open = True
    built = bootstrap(
        Settings(database_url=database_url, clarify_timeout_seconds=0.5), work_delay=gate
    )
    built.engine.parse = labelled
    seed_demo(built.khata)
    yield built
    await until(built.engine.idle)
    built.close()


async def say(session: Session, text: str) -> list[str]:
    return await session.receive_transcript(text)


def balances(services: Services) -> dict[str, int]:
    return {row["name"]: row["balance"] for row in services.reports.balances("demo")}


def entries(services: Services, name: str) -> list[dict[str, Any]]:
    row = next(r for r in services.reports.balances("demo") if r["name"] == name)
    ledger: list[dict[str, Any]] = services.reports.ledger("demo", row["customer_id"])["entries"]
    return ledger


async def settled(session: Session) -> None:
    await until(finished(session, len(session.conversation.tasks)))


async def test_two_named_customers_each_get_the_credit_and_the_focus_does_not(
    services: Services,
) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    await say(session, "Kavita ki baat karo")
    ids = await say(session, "Rahul aur Priya dono ko 100 udhaar likho")
    await settled(session)
    assert len(ids) == 2 and not session.conversation.confirmations
    after = balances(services)
    assert after["Rahul Sharma"] - before["Rahul Sharma"] == 100_00
    assert after["Priya Patel"] - before["Priya Patel"] == 100_00
    assert after["Kavita Desai"] == before["Kavita Desai"]
    # "dono" now means the last two customers in focus: Rahul and Priya.
    checks = await say(session, "dono ka balance batao")
    await settled(session)
    assert [session.conversation.task(t).customer_name for t in checks] == [
        "Rahul Sharma",
        "Priya Patel",
    ]
    assert not session.conversation.confirmations  # a read on two needs no yes


async def test_everyone_is_read_back_once_and_a_yes_writes_to_each(services: Services) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    ids = await say(session, "sabko 50 udhaar likh do")
    assert len(ids) == 5
    (asked,) = session.conversation.pending_confirmations()
    assert asked["task_ids"] == ids and "₹50-₹50" in asked["question"]
    assert all(session.conversation.task(t).status == "queued" for t in ids)
    assert balances(services) == before  # nothing until the yes
    await session.answer(asked["utterance_id"], answer="yes")
    await settled(session)
    after = balances(services)
    assert all(after[name] - before[name] == 50_00 for name in before)
    with pytest.raises(NotAllowedNow):
        await session.answer(asked["utterance_id"], answer="yes")  # answered already


async def test_a_no_cancels_and_writes_nothing(services: Services) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    ids = await say(session, "Rahul, Priya aur Amit teeno ko 100 udhaar likho")
    (asked,) = session.conversation.pending_confirmations()
    assert asked["question"].startswith("Rahul Sharma, Priya Patel aur Amit Singh ko ₹100-₹100")
    await session.answer(asked["utterance_id"], answer="no")
    await settled(session)
    assert {session.conversation.task(t).status for t in ids} == {"cancelled"}
    assert balances(services) == before


async def test_spoken_haan_answers_the_latest_confirmation(services: Services) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    credit = await say(session, "Rahul ko 15000 udhaar likho")
    assert session.conversation.task(credit[0]).awaiting_confirmation
    assert balances(services) == before
    answer = await say(session, "haan")
    await settled(session)
    assert session.conversation.task(answer[0]).status == "completed"
    assert session.conversation.task(credit[0]).status == "completed"
    assert balances(services)["Rahul Sharma"] - before["Rahul Sharma"] == 15_000_00
    # Nothing pending now: a second "haan" is a task that says so and writes nothing.
    again = await say(session, "haan")
    await settled(session)
    record = session.conversation.task(again[0])
    assert record.status == "completed" and record.result == {"answered": 0}
    assert record.reply == "Koi sawaal baaki nahi tha."


async def test_spoken_nahi_declines(services: Services) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    credit = await say(session, "Rahul ko 15000 udhaar likho")
    await say(session, "nahi")
    await settled(session)
    assert session.conversation.task(credit[0]).status == "cancelled"
    assert balances(services) == before


async def test_an_unanswered_confirmation_times_out_and_writes_nothing(
    services: Services,
) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    credit = await say(session, "Rahul ko 15000 udhaar likho")
    await settled(session)
    record = session.conversation.task(credit[0])
    assert record.status == "failed" and record.error_code == "confirmation_timeout"
    assert balances(services) == before


async def test_refused_writes_say_why_and_write_nothing(services: Services) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    reminders = services.reports.reminders("demo")
    ids = [
        *(await say(session, "Priya ko 500 mat likhna")),
        *(await say(session, "Rahul ka reminder mat bhejna")),
        *(await say(session, "Rahul ne 500 diye kya?")),
        *(await say(session, "Rahul ko 100 ya 200 likho")),
    ]
    await settled(session)
    records = [session.conversation.task(t) for t in ids]
    assert [r.error_code for r in records] == ["not_written"] * 4
    assert records[0].reply == "Priya ko ₹500 udhaar nahi likha — aapne 'mat' kaha."
    assert records[1].reply == "Rahul ka reminder nahi lagaya — aapne 'mat' kaha."
    assert "sawaal" in records[2].reply and "nahi" in records[3].reply
    assert balances(services) == before
    assert services.reports.reminders("demo") == reminders


async def test_an_unsure_write_with_an_amount_is_read_back(services: Services) -> None:
    session = await services.engine.open("demo")
    ids = await say(session, "Rahul ko 500 udhaar likho, shayad")
    (asked,) = session.conversation.pending_confirmations()
    assert asked["task_ids"] == ids
    assert asked["question"] == "Rahul Sharma ko ₹500 udhaar likhun?"


async def test_a_contradicting_surname_asks_and_new_makes_the_customer(
    services: Services,
) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    ids = await say(session, "Suresh Sharma ko 50 udhaar likho")
    record = session.conversation.task(ids[0])
    assert record.awaiting_clarification and record.customer_id is None
    assert record.clarify_options[0]["name"] == "Suresh Kumar"
    assert record.clarify_options[-1] == {
        "customer_id": "new",
        "name": "Naya customer: Suresh Sharma",
    }
    assert balances(services) == before
    await session.answer(record.utterance_id, customer_id="new")
    await settled(session)
    assert session.conversation.task(ids[0]).status == "completed"
    after = balances(services)
    assert after["Suresh Sharma"] == 50_00
    assert after["Suresh Kumar"] == before["Suresh Kumar"]
    assert session.conversation.focus and session.conversation.focus["name"] == "Suresh Sharma"
    services.projections.catch_up(wait=5)
    [row] = services.projections["task_metrics"].view.select(TASKS, {"task_id": ids[0]})
    assert row["customer_name"] == "Suresh Sharma" and row["outcome"] == "completed"


async def test_a_contradicting_surname_may_mean_the_stored_customer(services: Services) -> None:
    session = await services.engine.open("demo")
    before = balances(services)
    ids = await say(session, "Suresh Sharma ko 50 udhaar likho")
    record = session.conversation.task(ids[0])
    kumar = record.clarify_options[0]["customer_id"]
    await session.answer(record.utterance_id, customer_id=kumar)
    await settled(session)
    assert balances(services)["Suresh Kumar"] - before["Suresh Kumar"] == 50_00
    assert "Suresh Sharma" not in balances(services)


async def test_an_unknown_name_on_a_read_fails_and_suggests(services: Services) -> None:
    session = await services.engine.open("demo")
    ids = await say(session, "Suresh Sharma ka balance batao")
    await settled(session)
    record = session.conversation.task(ids[0])
    assert record.error_code == "customer_not_found" and "Suresh Kumar" in record.reply


async def test_closing_a_khata_is_a_confirm(services: Services) -> None:
    session = await services.engine.open("demo")
    ids = await say(session, "Kavita ka khata band karo")
    (asked,) = session.conversation.pending_confirmations()
    assert asked["question"] == "Kavita Desai ka khata band karun?"
    await session.answer(asked["utterance_id"], answer="yes")
    await settled(session)
    assert session.conversation.task(ids[0]).status == "completed"
    assert "Kavita Desai" not in balances(services)


async def test_a_payment_without_a_mode_is_unspecified_and_said_so(services: Services) -> None:
    session = await services.engine.open("demo")
    await say(session, "Kavita ki baat karo")
    cash = await say(session, "uska payment 200 cash mein aaya")
    unsaid = await say(session, "Rahul ne 200 diye")
    await settled(session)
    assert [e["mode"] for e in entries(services, "Kavita Desai")] == ["cash"]
    assert [e["mode"] for e in entries(services, "Rahul Sharma") if e["kind"] == "payment"] == [
        "unspecified"
    ]
    assert "Mode nahi bataya" not in session.conversation.task(cash[0]).reply
    assert session.conversation.task(unsaid[0]).reply.endswith("Mode nahi bataya.")
    summary = await say(session, "aaj ki sale batao")
    await settled(session)
    record = session.conversation.task(summary[0])
    assert record.result and record.result["payments"] == {"cash": 200_00, "unspecified": 200_00}
    assert "(₹200 ka mode nahi bataya.)" in record.reply


async def test_dono_with_one_customer_talked_about_does_not_guess(services: Services) -> None:
    session = await services.engine.open("demo")
    await say(session, "Kavita ki baat karo")
    before = balances(services)
    ids = await say(session, "teeno ko 20 udhaar likho")
    await settled(session)
    assert session.conversation.task(ids[0]).error_code == "customer_not_found"
    assert balances(services) == before


async def test_a_large_write_to_two_is_one_question_for_both(services: Services) -> None:
    session = await services.engine.open("demo")
    ids = await say(session, "Rahul aur Priya dono ko 15000 udhaar likho")
    (asked,) = session.conversation.pending_confirmations()
    assert asked["task_ids"] == ids
    assert asked["question"] == "Rahul Sharma aur Priya Patel ko ₹15,000-₹15,000 udhaar likhun?"
    before = balances(services)
    await say(session, "haan")
    await settled(session)
    after = balances(services)
    assert [after[n] - before[n] for n in ("Rahul Sharma", "Priya Patel")] == [15_000_00] * 2


async def test_english_and_hindi_sessions_are_asked_in_their_language(
    services: Services,
) -> None:
    english = await services.engine.open("demo", language="en")
    await say(english, "Rahul ko 15000 udhaar likho")
    (asked,) = english.conversation.pending_confirmations()
    assert asked["question"] == "Add ₹15,000 credit for Rahul Sharma?"
    hindi = await services.engine.open("demo", language="hi")
    refused = await say(hindi, "Priya ko 500 mat likhna")
    await settled(hindi)
    assert hindi.conversation.task(refused[0]).reply == (
        "Priya को ₹500 उधार नहीं लिखा — आपने 'mat' कहा।"
    )
    new = await say(hindi, "Suresh Sharma ko 50 udhaar likho")
    options = hindi.conversation.task(new[0]).clarify_options
    assert options[-1] == {"customer_id": "new", "name": "नया ग्राहक: Suresh Sharma"}


async def test_answers_that_fit_no_open_question_are_refused(services: Services) -> None:
    session = await services.engine.open("demo")
    ids = await say(session, "Suresh Sharma ko 50 udhaar likho")
    utterance = session.conversation.task(ids[0]).utterance_id
    with pytest.raises(NotAllowedNow):
        await session.answer(utterance, answer="yes")  # a customer question, not a confirm
    with pytest.raises(NotAllowedNow):
        await session.answer(utterance, customer_id="somebody-else")
    # A spoken "haan" answers confirms only: the customer question stays open.
    spoken = await say(session, "haan")
    assert session.conversation.task(spoken[0]).result == {"answered": 0}
    assert session.conversation.task(ids[0]).awaiting_clarification
