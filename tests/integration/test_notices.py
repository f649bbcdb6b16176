"""What a shop's next session is told, once per shop, on SQLite and PostgreSQL: reminders that fell
due while no session was open, and messages that will never reach the customer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from application.projections import CONVERSATIONS
from application.sessions import Session
from domain.conversation import Conversation
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from interfaces.frames import frames_of
from tests.conftest import FixedClock
from tests.fakes.whatsapp_server import FakeWhatsApp, Reply
from tests.integration.test_messages import deliver, settings_for

pytestmark = pytest.mark.anyio
SHOP = "s1"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def start(database_url: str, clock: FixedClock) -> Services:
    return bootstrap(Settings(database_url=database_url), clock=clock)


@pytest.fixture
def services(database_url: str, clock: FixedClock) -> Iterator[Services]:
    services = start(database_url, clock)
    services.khata.open_shop(SHOP, "Sharma Kirana")
    yield services
    services.close()


def customer(services: Services, name: str, phone: str | None = None, owes: int = 0) -> str:
    customer_id = str(
        services.khata.register_customer(SHOP, name, f"new-{name}", phone)["customer_id"]
    )
    if owes:
        services.khata.give_credit(SHOP, customer_id, owes, f"credit-{name}")
    return customer_id


def three_customers(services: Services) -> dict[str, str]:
    """Rahul has a phone, Amit has none, Priya asked for no messages."""
    ids = {
        "Rahul": customer(services, "Rahul Sharma", "9876543210", 50_000),
        "Amit": customer(services, "Amit Singh", None, 20_000),
        "Priya": customer(services, "Priya Patel", "8123456789", 10_000),
    }
    services.khata.set_messages_allowed(SHOP, ids["Priya"], False, "stop-priya")
    return ids


def scan(services: Services) -> None:
    """What the delivery worker's round does with due reminders when no session is open."""
    assert services.outbox is not None
    for row in services.outbox.due_reminders(services.clock.now()):
        services.outbox.mark_due(row)


async def open_and_hear(
    services: Services, language: str = "hinglish"
) -> tuple[Session, list[Any]]:
    """Open a session, let it be told what it missed, and return the frames it stored."""
    session = await services.engine.open(SHOP, language)
    assert await services.engine.drain()
    events = services.store.events.get(session.conversation.id)
    told = [f for f in frames_of(events) if f["type"] in ("reminder:due", "message:failed")]
    return session, told


def stored(services: Services, session: Session, name: str) -> list[Any]:
    events = services.store.events.get(session.conversation.id)
    return [e for e in events if type(e).__name__ == name]


async def test_the_next_session_hears_what_fell_due_unheard_once_per_shop(
    database_url: str, services: Services, clock: FixedClock
) -> None:
    ids = three_customers(services)
    for who in ids:
        due = clock.now() + timedelta(minutes=1)
        services.khata.schedule_reminder(SHOP, ids[who], due, f"r-{who}")
    clock.current += timedelta(minutes=2)
    scan(services)  # no session open: the worker marks them sent and queues their messages

    first, told = await open_and_hear(services, "en")
    due = [f for f in told if f["type"] == "reminder:due"]
    assert sorted(f["reminder_id"] for f in due) == ["r-Amit", "r-Priya", "r-Rahul"]
    assert "Rahul Sharma" in next(f["message"] for f in due if f["reminder_id"] == "r-Rahul")
    failed = {f["customer"]["name"]: f for f in told if f["type"] == "message:failed"}
    assert set(failed) == {"Amit Singh", "Priya Patel"}  # Rahul's goes out: nothing to say
    amit, priya = failed["Amit Singh"], failed["Priya Patel"]
    assert (amit["kind"], amit["error"]["code"]) == ("reminder", "no_phone")
    assert amit["reply"] == {
        "text": "Amit Singh has no phone number, so the reminder was not sent on WhatsApp. "
        "Add the number first.",
        "language": "en",
    }
    assert priya["error"]["code"] == "opted_out"
    assert "asked for no messages" in priya["reply"]["text"]

    services.projections.catch_up()  # the conversation index counts what the session was told
    index = services.projections["conversation_index"].view
    (row,) = index.select(CONVERSATIONS, {"conversation_id": first.id})
    assert row["last_seq"] == first.conversation.version

    second, told_again = await open_and_hear(services)
    assert told_again == []  # told once per shop, not once per session
    assert stored(services, first, "ReminderDue") and not stored(services, second, "ReminderDue")

    services.close()  # a restart (or another process) keeps what was told
    restarted = start(database_url, clock)
    try:
        _, after_restart = await open_and_hear(restarted)
        assert after_restart == []
        account = restarted.khata.account(SHOP, ids["Amit"])
        assert set(account.told()) == {"reminder:r-Amit", f"message:{amit['message_id']}"}
    finally:
        restarted.close()


async def test_a_reminder_told_here_already_is_not_stored_again(
    services: Services, clock: FixedClock
) -> None:
    ids = three_customers(services)
    services.khata.schedule_reminder(SHOP, ids["Amit"], clock.now(), "r-once")
    clock.current += timedelta(minutes=1)
    scan(services)
    session, told = await open_and_hear(services)
    assert [f["type"] for f in told] == ["reminder:due", "message:failed"]

    def again(conversation: Conversation) -> bool:
        return conversation.announce_reminder(
            "r-once", ids["Amit"], "Amit Singh", "again", services.clock.now()
        )

    assert await session.change(again) is False
    assert len(stored(services, session, "ReminderDue")) == 1
    assert len(stored(services, session, "MessageNotSent")) == 1


async def test_a_reminder_due_in_a_live_session_is_announced_with_its_failure_and_not_again(
    services: Services,
) -> None:
    ids = three_customers(services)
    first, _ = await open_and_hear(services)
    frames = services.engine.feed.subscribe(first.id)
    services.khata.schedule_reminder(SHOP, ids["Amit"], services.clock.now(), "r-live")
    # What CREATE_REMINDER tells the alarm: due now, it fires at once.
    services.engine.task_finished(
        SHOP,
        "CREATE_REMINDER",
        {
            "reminder_id": "r-live",
            "customer_id": ids["Amit"],
            "name": "Amit Singh",
            "due_at": services.clock.now().isoformat(),
            "balance": 20_000,
        },
    )
    heard = [await frames.get(), await frames.get()]
    assert [f["type"] for f in heard] == ["reminder:due", "message:failed"]
    assert heard[1]["reply"]["text"].startswith("Amit Singh ka phone number nahi hai")
    assert await services.engine.drain()
    assert len(stored(services, first, "ReminderDue")) == 1

    second, told = await open_and_hear(services)
    assert told == []


async def test_a_statement_the_api_refuses_for_good_is_told_to_the_next_session(
    database_url: str, clock: FixedClock
) -> None:
    with FakeWhatsApp() as fake:
        services = bootstrap(settings_for(database_url, fake), clock=clock)
        try:
            services.khata.open_shop(SHOP, "Sharma Kirana")
            rahul = customer(services, "Rahul Sharma", "9876543210", 50_000)
            services.khata.send_statement(SHOP, rahul, "st-refused")
            fake.script.append(Reply.error(400, 131026, "Message undeliverable"))
            statuses = await asyncio.to_thread(deliver, services, fake)
            assert statuses[-1] == "failed"

            _, told = await open_and_hear(services, "hi")
            (failed,) = told
            assert (failed["kind"], failed["error"]["code"]) == ("statement", "131026")
            assert failed["reply"] == {
                "text": "Rahul Sharma को हिसाब व्हाट्सऐप पर नहीं जा सका (131026)।",
                "language": "hi",
            }
            _, again = await open_and_hear(services)
            assert again == []
        finally:
            services.close()
