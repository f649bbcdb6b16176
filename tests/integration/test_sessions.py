"""The session engine with real tasks on a real store and controllable task durations."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from application.demo import seed_demo
from application.handlers import HANDLERS
from application.sessions import Session
from domain.conversation import Conversation, TaskRecord
from domain.intents import Intent
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.conftest import FixedClock

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Gate:
    """Holds each task in its work phase until the test releases it; records concurrency."""

    def __init__(self) -> None:
        self.events: dict[str, asyncio.Event] = {}
        self.running: set[str] = set()
        self.peak = 0
        self.order: list[str] = []
        self.open = False

    async def __call__(self, record: TaskRecord) -> None:
        self.running.add(record.task_id)
        self.order.append(record.task_id)
        self.peak = max(self.peak, len(self.running))
        try:
            if not self.open:
                await self.events.setdefault(record.task_id, asyncio.Event()).wait()
        finally:
            self.running.discard(record.task_id)

    def release(self, task_id: str) -> None:
        self.events.setdefault(task_id, asyncio.Event()).set()

    def release_all(self) -> None:
        self.open = True
        for event in self.events.values():
            event.set()


@pytest.fixture
async def engine_services(database_url: str) -> AsyncIterator[tuple[Services, Gate]]:
    gate = Gate()
    services = bootstrap(
        Settings(database_url=database_url, clarify_timeout_seconds=0.5), work_delay=gate
    )
    seed_demo(services.khata)
    yield services, gate
    gate.release_all()
    await until(services.engine.idle)
    services.close()


async def until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait for a state that changes both on stored events and inside the gate itself."""
    async with asyncio.timeout(limit):
        while not condition():  # noqa: ASYNC110 - no single event covers both sources
            await asyncio.sleep(0.005)


def statuses(session: Session) -> dict[str, str]:
    return {t.task_id: t.status for t in session.conversation.tasks.values()}


def finished(session: Session, count: int) -> Callable[[], bool]:
    return lambda: (
        sum(s in ("completed", "failed", "cancelled") for s in statuses(session).values()) >= count
    )


async def say(session: Session, *texts: str) -> list[str]:
    ids: list[str] = []
    for text in texts:
        ids += await session.receive_transcript(text)
    return ids


async def test_seed_scenario_focus_carries_the_customer(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    await say(session, "Rahul ka balance check karo", "100 credit add karo", "reminder set karo")
    await until(finished(session, 3))
    tasks = list(session.conversation.tasks.values())
    assert [t.intent for t in tasks] == ["CHECK_BALANCE", "ADD_CREDIT", "CREATE_REMINDER"]
    assert {t.customer_name for t in tasks} == {"Rahul Sharma"}
    assert tasks[0].result and tasks[0].result["balance"] == 50_000
    assert tasks[1].result and tasks[1].result["balance"] == 60_000
    assert "₹500" in tasks[0].reply
    assert all(t.status == "completed" for t in tasks)


async def test_never_more_than_three_running_and_three_reached(engine_services: Any) -> None:
    services, gate = engine_services
    session = await services.engine.open("demo")
    await say(session, *["kaun kaun se reminder hain"] * 4, *["kul kitna baaki hai"] * 6)
    await until(lambda: len(gate.running) == 3)
    await asyncio.sleep(0.05)  # give a wrong scheduler the chance to start a fourth
    assert gate.peak == 3
    for _ in range(10):
        running = sorted(gate.running)
        if running:
            gate.release(running[0])
        await asyncio.sleep(0.01)
    gate.release_all()
    await until(finished(session, 10))
    assert gate.peak == 3
    assert set(statuses(session).values()) == {"completed"}


async def test_priority_then_arrival_and_customer_order(engine_services: Any) -> None:
    services, gate = engine_services
    session = await services.engine.open("demo")
    blockers = await say(
        session, "kul kitna baaki hai", "kul kitna baaki hai", "kul kitna baaki hai"
    )
    await until(lambda: len(gate.running) == 3)
    low = await say(session, "kaun kaun se reminder hain")
    check = await say(session, "Priya ka balance batao")
    credit = await say(session, "Suresh ko 200 udhaar likho")
    balance_after = await say(session, "Suresh ka balance batao")
    for task_id in blockers:
        gate.release(task_id)
    gate.release_all()
    await until(finished(session, 7))
    started = [t for t in gate.order if t not in blockers]
    assert started.index(credit[0]) < started.index(check[0]) < started.index(low[0])
    assert started.index(credit[0]) < started.index(balance_after[0])
    result = session.conversation.task(balance_after[0]).result
    assert result is not None and result["balance"] == 1_700_00


async def test_dependency_fails_when_predecessor_fails(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    ids = await say(session, "Rahul ko 5 crore udhaar likho aur phir uska balance batao")
    await until(finished(session, 2))
    first, second = (session.conversation.task(i) for i in ids)
    assert first.status == "failed" and first.error_code == "amount_too_large"
    assert second.status == "failed" and second.error_code == "dependency_failed"


async def test_cancel_queued_running_and_all(engine_services: Any) -> None:
    services, gate = engine_services
    session = await services.engine.open("demo")
    ids = await say(session, *["kul kitna baaki hai"] * 5)
    await until(lambda: len(gate.running) == 3)
    await session.cancel(ids[4])  # queued: never starts
    await session.cancel(ids[0])  # running, still in its work phase: stops
    await until(lambda: statuses(session)[ids[0]] == "cancelled")
    await until(lambda: statuses(session)[ids[4]] == "cancelled")
    cancelled = await say(session, "ruko")
    await until(finished(session, 6))
    assert ids[4] not in gate.order
    assert statuses(session)[cancelled[0]] == "completed"
    assert {statuses(session)[i] for i in ids[1:4]} == {"cancelled"}


async def test_clarification_for_two_rahuls_then_answer(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    other = services.khata.register_customer("demo", "Rahul Verma", "c-rahul-2")
    session = await services.engine.open("demo")
    ids = await say(session, "Rahul ka balance batao")
    record = session.conversation.task(ids[0])
    assert record.awaiting_clarification
    assert {o["name"] for o in record.clarify_options} >= {"Rahul Sharma", "Rahul Verma"}
    await session.answer(record.utterance_id, other["customer_id"])
    await until(finished(session, 1))
    assert session.conversation.task(ids[0]).status == "completed"
    assert session.conversation.focus == {
        "customer_id": other["customer_id"],
        "name": "Rahul Verma",
    }


async def test_unanswered_clarification_times_out(engine_services: Any) -> None:
    services, gate = engine_services
    session = await services.engine.open("demo")
    ids = await say(session, "100 credit add karo")  # nobody in focus: ask
    assert session.conversation.task(ids[0]).awaiting_clarification
    await until(finished(session, 1))
    assert session.conversation.task(ids[0]).error_code == "clarification_timeout"


async def test_rate_limit_per_customer(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    ids = await say(session, *["Amit ka balance batao"] * 11)
    await until(finished(session, 11))
    codes = [session.conversation.task(i).error_code for i in ids]
    assert codes[:10] == [None] * 10
    assert codes[10] == "rate_limited"
    assert session.conversation.task(ids[10]).reply


async def test_unknown_and_chat_never_touch_the_ledger(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    before = services.reports.total_pending("demo")
    await say(session, "aaj mausam kaisa hai", "Bablu ka balance batao")
    await until(finished(session, 2))
    codes = sorted(t.error_code or "" for t in session.conversation.tasks.values())
    assert codes == ["customer_not_found", "not_understood"]
    assert services.reports.total_pending("demo") == before


async def test_fair_share_between_sessions(database_url: str) -> None:
    gate = Gate()
    services = bootstrap(Settings(database_url=database_url, global_max_running=4), work_delay=gate)
    try:
        seed_demo(services.khata)
        busy = await services.engine.open("demo")
        await say(busy, *["kul kitna baaki hai"] * 6)
        await until(lambda: len(gate.running) == 3)
        quiet = await services.engine.open("demo")
        quiet_ids = await say(quiet, "kul kitna baaki hai", "kul kitna baaki hai")
        await until(lambda: quiet_ids[0] in gate.running)
        assert len(gate.running) == 4  # the global limit, shared: the quiet session got a slot
        first_busy = next(t for t in gate.running if t not in quiet_ids)
        gate.release(first_busy)
        await until(lambda: quiet_ids[1] in gate.running)
        busy_ids = set(busy.conversation.tasks)
        assert len(gate.running & busy_ids) == 2  # shrunk while the other session works
        for task_id in quiet_ids:
            gate.release(task_id)
        await until(lambda: len(gate.running & busy_ids) == 3)  # and grown back after
    finally:
        gate.release_all()
        await until(services.engine.idle)
        services.close()


async def test_replies_in_the_language_the_session_asks_for(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    await session.start_listening("client", "en-IN")
    await say(session, "Suresh ka balance batao")
    await until(finished(session, 1))
    assert next(iter(session.conversation.tasks.values())).reply == (
        "Suresh Kumar's balance is ₹1,500."
    )
    await session.stop_listening()
    await session.start_listening("client", "hi")
    await say(session, "Suresh ka balance batao")
    await until(finished(session, 2))
    assert list(session.conversation.tasks.values())[1].reply == "Suresh Kumar का बकाया ₹1,500 है।"


async def test_cancel_after_the_ledger_call_began_completes_and_says_so(
    engine_services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    services, gate = engine_services
    gate.release_all()
    entered, proceed = threading.Event(), threading.Event()
    real = HANDLERS[Intent.ADD_CREDIT]

    def slow_credit(*args: Any) -> Any:
        entered.set()
        proceed.wait(10)
        return real(*args)

    monkeypatch.setitem(HANDLERS, Intent.ADD_CREDIT, slow_credit)
    session = await services.engine.open("demo")
    ids = await say(session, "Kavita ko 300 udhaar likho")
    await until(entered.is_set)
    await session.cancel(ids[0])
    proceed.set()
    await until(finished(session, 1))
    record = session.conversation.task(ids[0])
    assert record.status == "completed"
    assert record.result is not None and record.result["late_cancel"] is True
    assert "Cancel der se aaya" in record.reply
    assert services.reports.total_pending("demo")["total"] == 2_300_00


async def test_finished_tasks_leave_the_live_queue_after_five_minutes(database_url: str) -> None:
    clock = FixedClock()
    services = bootstrap(Settings(database_url=database_url), clock=clock)
    try:
        seed_demo(services.khata)
        session = await services.engine.open("demo")
        await say(session, "kul kitna baaki hai")
        await until(finished(session, 1))
        assert session.queue_status()["completed"] == 1
        clock.current += timedelta(seconds=299)
        assert len(session.queue_status()["tasks"]) == 1
        clock.current += timedelta(seconds=2)
        status = session.queue_status()
        assert status["completed"] == 0 and status["tasks"] == []
        assert len(session.conversation.tasks) == 1  # the events stay
    finally:
        services.close()


async def test_a_due_reminder_reaches_the_live_session_once(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    rahul = next(r for r in services.khata.directory("demo") if r["name"] == "Rahul Sharma")
    due = services.clock.now() + timedelta(milliseconds=300)
    services.khata.schedule_reminder("demo", rahul["customer_id"], due, "r-due")
    session = await services.engine.open("demo")
    frames = services.engine.feed.subscribe(session.id)
    frame = await asyncio.wait_for(frames.get(), 10)
    assert frame["type"] == "reminder:due"
    assert frame["customer"] == {"id": rahul["customer_id"], "name": "Rahul Sharma"}
    assert "₹500" in frame["message"]
    assert services.reports.reminders("demo") == []  # sent: it will not fire again


async def test_an_idle_unwatched_session_is_released_and_reloads(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    watching = services.engine.feed.subscribe(session.id)
    await say(session, "Priya ka balance batao")
    await until(lambda: finished(session, 1)() and not session.runners)
    assert session.id in services.engine.sessions  # watched: kept
    watching.close()
    services.engine.release(session)
    assert session.id not in services.engine.sessions
    again = await services.engine.attach("demo", session.id)
    assert again is not session
    assert statuses(again) == statuses(session)
    assert again.conversation.focus == session.conversation.focus


def test_a_long_conversation_reloads_whole_and_as_it_stood(database_url: str) -> None:
    services = bootstrap(Settings(database_url=database_url))
    try:
        now = services.clock.now()
        conversation = Conversation.start("demo", now, uuid4())
        for number in range(60):
            task_id = f"t{number}"
            conversation.queue_task(task_id, "u", "HELP", {}, 1, None, None, None, now)
            conversation.begin_task(task_id, now)
            conversation.complete_task(task_id, {"n": number}, "ok", "en", now)
        services.store.save(conversation)
        loaded = services.store.repository.get(conversation.id)
        assert loaded.tasks == conversation.tasks
        halfway = services.store.repository.get(
            conversation.id, version=151
        )  # Started, then three events a task
        assert len(halfway.tasks) == 50 and halfway.tasks["t49"].status == "completed"
    finally:
        services.close()


async def test_changes_of_many_sessions_share_one_save(engine_services: Any) -> None:
    services, _ = engine_services
    sessions = [await services.engine.open("demo") for _ in range(10)]
    saves: list[int] = []
    services.store.on_saved.append(lambda *_: saves.append(1))
    now = services.clock.now()
    await asyncio.gather(
        *(
            s.change(lambda c: c.start_listening(stt="client", language=None, at=now))
            for s in sessions
        )
    )
    # The store's listeners are told once the answers are out (group commit), so a moment
    # after the changes return.
    for _ in range(200):
        if saves:
            break
        await asyncio.sleep(0.01)
    assert len(saves) == 1  # one transaction for the ten changes
    for session in sessions:
        stored = services.store.get(session.conversation.id, Conversation)
        assert stored is not None and stored.listening == "client"


async def test_a_batch_refused_by_another_writer_is_stored_one_by_one(
    engine_services: Any,
) -> None:
    services, _ = engine_services
    first, second = [await services.engine.open("demo") for _ in range(2)]
    elsewhere = services.store.get(first.conversation.id, Conversation)
    assert elsewhere is not None
    now = services.clock.now()
    elsewhere.start_listening(stt="server", language=None, at=now)  # another process's write
    services.store.save(elsewhere)
    await asyncio.gather(
        first.change(lambda c: c.stop_listening(now)),
        second.change(lambda c: c.start_listening(stt="client", language=None, at=now)),
    )
    stored_first = services.store.get(first.conversation.id, Conversation)
    stored_second = services.store.get(second.conversation.id, Conversation)
    assert stored_first is not None and stored_first.version == 3
    assert stored_first.listening is None
    assert stored_second is not None and stored_second.listening == "client"


async def test_closing_a_khata_waits_for_a_yes(engine_services: Any) -> None:
    services, gate = engine_services
    gate.release_all()
    session = await services.engine.open("demo")
    ids = await say(session, "Kavita ka khata band karo")
    record = session.conversation.task(ids[0])
    assert record.awaiting_confirmation  # a confirm: Haan / Nahi
    await session.answer(record.utterance_id, answer="yes")
    await until(finished(session, 1))
    assert session.conversation.task(ids[0]).status == "completed"
    names = {row["name"] for row in services.reports.directory("demo")}
    assert "Kavita Desai" not in names
