"""Messages to customers through the outbox, on SQLite and PostgreSQL, against the local
stand-in of the Cloud API (tests/fakes/whatsapp_server.py)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from application.outbox import Outbox
from domain.messages import SendAnswer
from infrastructure.settings import Settings
from infrastructure.whatsapp import WhatsAppCloud
from interfaces.bootstrap import Services, bootstrap
from tests.conftest import FixedClock
from tests.fakes.whatsapp_server import FakeWhatsApp, Reply


@pytest.fixture
def fake() -> Iterator[FakeWhatsApp]:
    with FakeWhatsApp() as fake:
        yield fake


def settings_for(database_url: str, fake: FakeWhatsApp) -> Settings:
    return Settings(
        database_url=database_url,
        whatsapp_token=fake.token,
        whatsapp_phone_number_id=fake.phone_number_id,
        whatsapp_base_url=fake.base_url,
        whatsapp_timeout_seconds=0.5,
    )


@pytest.fixture
def services(database_url: str, clock: FixedClock, fake: FakeWhatsApp) -> Iterator[Services]:
    services = bootstrap(settings_for(database_url, fake), clock=clock)
    services.khata.open_shop("s1", "Sharma Kirana")
    yield services
    services.close()


def outbox(services: Services) -> Outbox:
    assert services.outbox is not None
    services.outbox.jitter = lambda cap: 0.0  # retries due at once: no sleeping in tests
    return services.outbox


def customer(
    services: Services, name: str = "Rahul Sharma", phone: str | None = "9876543210"
) -> str:
    return str(services.khata.register_customer("s1", name, f"new-{name}", phone)["customer_id"])


def deliver(services: Services, fake: FakeWhatsApp, rounds: int = 10) -> list[str]:
    """Claim, send and record every pending message until none is left; the statuses."""
    box = outbox(services)
    sender = WhatsAppCloud(
        token=fake.token, phone_number_id=fake.phone_number_id, base_url=fake.base_url, timeout=0.5
    )
    statuses: list[str] = []

    async def run() -> None:
        try:
            await rounds_of_work()
        finally:
            await sender.close()

    async def rounds_of_work() -> None:
        for _ in range(rounds):
            pending = box.pending(services.clock.now())
            if not pending:
                return
            for row in pending:
                job = box.claim(row["shop"], row["customer_id"], row["message_id"], "hi")
                if job is None:
                    continue
                answer = await sender.send(
                    to=job.to, template=job.template, language="hi", parameters=job.parameters
                )
                statuses.append(box.record(job, answer))

    asyncio.run(run())
    return statuses


def message(services: Services, index: int = 0) -> dict[str, object]:
    return outbox(services).messages("s1")[index]


def due_reminder(services: Services, clock: FixedClock, rahul: str) -> str:
    result = services.khata.schedule_reminder(
        "s1", rahul, clock.now() + timedelta(minutes=5), "t-rem"
    )
    clock.current += timedelta(minutes=10)
    return str(result["reminder_id"])


def test_a_due_reminder_queues_one_message_whoever_marks_it(
    services: Services, clock: FixedClock
) -> None:
    rahul = customer(services)
    services.khata.give_credit("s1", rahul, 150_000, "t1")
    reminder = due_reminder(services, clock, rahul)
    box = outbox(services)
    (row,) = box.due_reminders(clock.now())
    box.mark_due(row)  # the process-wide scanner
    services.khata.mark_reminder_sent(
        "s1", rahul, reminder, f"reminder-due:{reminder}"
    )  # a session
    box.mark_due(row)
    assert box.due_reminders(clock.now()) == []
    (queued,) = box.messages("s1")
    assert queued["kind"] == "reminder" and queued["status"] == "queued"
    assert queued["customer_name"] == "Rahul Sharma"


def test_send_succeeds_with_the_template_and_indian_grouping(
    services: Services, fake: FakeWhatsApp
) -> None:
    rahul = customer(services)
    services.khata.give_credit("s1", rahul, 15_000_000, "t1")
    services.khata.send_statement("s1", rahul, "t-st")
    services.khata.send_statement("s1", rahul, "t-st")  # the same task again: one message
    assert deliver(services, fake) == ["sent"]
    (sent,) = fake.accepted
    assert sent.to == "919876543210"
    assert sent.template == "account_statement" and sent.language == "hi"
    assert sent.parameters == ["Rahul Sharma", "₹1,50,000", "Sharma Kirana"]
    row = message(services)
    assert row["status"] == "sent" and row["wa_message_id"] == sent.wa_message_id
    assert row["attempts"] == 1


def test_a_timed_out_send_is_retried(services: Services, fake: FakeWhatsApp) -> None:
    rahul = customer(services)
    services.khata.send_statement("s1", rahul, "t-st")
    fake.script.append(Reply.stall(2.0))  # longer than the client's 0.5 s
    assert deliver(services, fake) == ["queued", "sent"]
    assert len(fake.requests) == 2 and len(fake.accepted) == 1
    assert message(services)["attempts"] == 2


def test_a_429_and_try_later_codes_are_retried(services: Services, fake: FakeWhatsApp) -> None:
    rahul = customer(services)
    services.khata.send_statement("s1", rahul, "t-st")
    fake.script.extend([Reply.rate_limited(), Reply.error(400, 131016, "Service unavailable")])
    fake.script.append(Reply.error(500, 0, "Internal"))
    assert deliver(services, fake) == ["queued", "queued", "queued", "sent"]
    assert message(services)["attempts"] == 4


def test_a_permanent_error_fails_at_once_with_code_and_reason(
    services: Services, fake: FakeWhatsApp
) -> None:
    rahul = customer(services)
    services.khata.send_statement("s1", rahul, "t-st")
    fake.script.append(Reply.error(400, 131026, "Message undeliverable"))
    assert deliver(services, fake) == ["failed"]
    row = message(services)
    assert (row["status"], row["error_code"], row["attempts"]) == ("failed", "131026", 1)
    assert "undeliverable" in str(row["error_reason"])


def test_eight_attempts_at_most(services: Services, fake: FakeWhatsApp) -> None:
    rahul = customer(services)
    services.khata.send_statement("s1", rahul, "t-st")
    fake.script.extend([Reply.error(503, 0, "down")] * 12)
    statuses = deliver(services, fake, rounds=20)
    assert statuses[-1] == "failed" and len(fake.requests) == 8
    assert message(services)["attempts"] == 8


def test_no_phone_or_opted_out_gets_nothing_and_says_why(
    services: Services, fake: FakeWhatsApp
) -> None:
    amit = customer(services, "Amit Singh", phone=None)
    result = services.khata.send_statement("s1", amit, "t-1")
    assert (result["message_status"], result["message_error"]) == ("failed", "no_phone")
    priya = customer(services, "Priya Patel")
    services.khata.set_messages_allowed("s1", priya, False, "t-2")
    result = services.khata.send_statement("s1", priya, "t-3")
    assert result["message_error"] == "opted_out"
    assert deliver(services, fake) == [] and fake.requests == []
    codes = {row["customer_name"]: row["error_code"] for row in outbox(services).messages("s1")}
    assert codes == {"Amit Singh": "no_phone", "Priya Patel": "opted_out"}
    services.khata.set_messages_allowed("s1", priya, True, "t-4")
    services.khata.send_statement("s1", priya, "t-5")
    assert deliver(services, fake) == ["sent"]


def test_statuses_only_move_forward_and_unknown_ids_are_ignored(
    services: Services, fake: FakeWhatsApp
) -> None:
    rahul = customer(services)
    services.khata.send_statement("s1", rahul, "t-st")
    deliver(services, fake)
    wamid = fake.accepted[0].wa_message_id
    box = outbox(services)
    assert box.apply_status(wamid, "delivered", [])
    assert not box.apply_status(wamid, "delivered", [])  # a duplicate
    assert box.apply_status(wamid, "read", [])
    assert not box.apply_status(wamid, "delivered", [])  # late: read stays
    assert not box.apply_status(wamid, "failed", [{"code": 131047, "title": "late"}])
    assert not box.apply_status("wamid.UNKNOWN", "read", [])
    assert message(services)["status"] == "read"
    assert box.counts("s1")["read"] == 1


def test_a_restart_finds_queued_messages_again(
    database_url: str, clock: FixedClock, fake: FakeWhatsApp
) -> None:
    first = bootstrap(settings_for(database_url, fake), clock=clock)
    first.khata.open_shop("s1", "Sharma Kirana")
    rahul = customer(first)
    first.khata.send_statement("s1", rahul, "t-st")
    first.close()
    second = bootstrap(settings_for(database_url, fake), clock=clock)
    try:
        assert deliver(second, fake) == ["sent"]
        assert len(fake.accepted) == 1
    finally:
        second.close()


def test_two_workers_never_claim_the_same_attempt(
    database_url: str, clock: FixedClock, fake: FakeWhatsApp
) -> None:
    """Two processes' outboxes on one database: each attempt is claimed by one of them only."""
    first = bootstrap(settings_for(database_url, fake), clock=clock)
    second = bootstrap(settings_for(database_url, fake), clock=clock)
    try:
        first.khata.open_shop("s1", "Sharma Kirana")
        rahul = customer(first)
        message_id = str(first.khata.send_statement("s1", rahul, "t-st")["message_id"])
        claims: list[object] = []
        barrier = threading.Barrier(8)

        def claim(services: Services) -> None:
            barrier.wait()
            claims.append(outbox(services).claim("s1", rahul, message_id, "hi"))

        threads = [
            threading.Thread(target=claim, args=(first if n % 2 else second,)) for n in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        jobs = [job for job in claims if job is not None]
        assert len(jobs) == 1
        assert outbox(first).messages("s1")[0]["attempts"] == 1
    finally:
        first.close()
        second.close()


def test_outbox_and_bill_numbers_rebuild_to_the_same_rows(
    services: Services, fake: FakeWhatsApp, clock: FixedClock
) -> None:
    rahul = customer(services)
    services.khata.add_product("s1", "milk", "packet", 3000, "p-milk", stock=10)
    services.khata.charge_invoice("s1", rahul, [("milk", 1)], "bill-1")
    due_reminder(services, clock, rahul)
    box = outbox(services)
    for row in box.due_reminders(clock.now()):
        box.mark_due(row)
    services.khata.send_statement("s1", rahul, "t-st")
    fake.script.append(Reply.rate_limited())
    deliver(services, fake)

    def rows() -> dict[str, list[dict[str, object]]]:
        services.projections.catch_up()
        return {
            table.name: sorted(services.projections[name].view.select(table), key=repr)
            for name in ("outbox", "bill_numbers")
            for table in services.projections[name].tables
        }

    live = rows()
    assert len(live["rm_messages"]) == 2 and len(live["rm_bills"]) == 1
    services.projections.rebuild(["outbox", "bill_numbers"])
    assert rows() == live


def test_a_webhook_that_overtakes_the_send_answer_still_counts(
    services: Services, fake: FakeWhatsApp
) -> None:
    rahul = customer(services)
    services.khata.send_statement("s1", rahul, "t-st")
    box = outbox(services)
    (row,) = box.pending(services.clock.now())
    job = box.claim("s1", rahul, row["message_id"], "hi")
    assert job is not None
    wamid = "wamid.EARLY"
    applied: list[bool] = []
    webhook = threading.Thread(target=lambda: applied.append(box.apply_status(wamid, "read", [])))
    webhook.start()
    time.sleep(0.3)  # the status is in before the send's own answer is recorded
    box.record(job, SendAnswer(answered=True, http_status=200, wa_message_id=wamid))
    webhook.join()
    assert applied == [True]
    assert message(services)["status"] == "read"
