"""Messages to customers end to end: a real `bolkhata serve`, the local Cloud API stand-in,
signed webhooks, a restart and a SIGKILL with messages in flight; SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import websockets

from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.e2e.server import BIN, bolkhata, free_port, wait_until_healthy
from tests.fakes.whatsapp_server import FakeWhatsApp, Reply

pytestmark = pytest.mark.e2e
IST = ZoneInfo("Asia/Kolkata")
PHONES = {"Rahul Sharma": "9876543210", "Suresh Kumar": "9123456780", "Priya Patel": "8123456789"}


@pytest.fixture
def fake() -> Iterator[FakeWhatsApp]:
    with FakeWhatsApp() as fake:
        yield fake


@contextlib.contextmanager
def shop(database_url: str) -> Iterator[Services]:
    """The demo shop from this test process (its own store), phones given to three customers."""
    services = bootstrap(Settings(database_url=database_url, whatsapp_token=None))
    try:
        for row in services.reports.balances("demo"):
            phone = PHONES.get(row["name"])
            if phone and row["phone"] != phone:
                services.khata.change_phone("demo", row["customer_id"], phone, f"phone:{phone}")
        yield services
    finally:
        services.close()


def customer_id(services: Services, name: str) -> str:
    return next(r["customer_id"] for r in services.reports.balances("demo") if r["name"] == name)


@contextlib.contextmanager
def server(
    database_url: str, fake: FakeWhatsApp, log_path: Path, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, **fake.env(), "BOLKHATA_WHATSAPP_TIMEOUT_SECONDS": "1"}
    with log_path.open("a+b") as log:
        process = subprocess.Popen(
            [str(BIN / "bolkhata"), "serve", "--port", str(port), "--database-url", database_url],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(base, process, log)
            yield base, process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def messages(base: str, token: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{base}/api/messages", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()
    return rows


def wait_for(check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_reminder_due_while_no_session_is_open_is_delivered_once(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, token = seeded
    with shop(database_url) as services:
        rahul = customer_id(services, "Rahul Sharma")
        due = datetime.now(IST) + timedelta(seconds=2)
        services.khata.schedule_reminder("demo", rahul, due, "e2e-reminder")
    with server(database_url, fake, tmp_path / "server.log") as (base, _):
        wait_for(lambda: any(m["status"] == "sent" for m in messages(base, token)))
        time.sleep(2)  # a second send would show by now
        (sent,) = fake.accepted
        assert sent.template == "payment_reminder"
        assert sent.parameters == ["Rahul Sharma", "₹500", "Demo Kirana Store"]
        assert sent.to == "919876543210"
        (row,) = messages(base, token)
        assert row["kind"] == "reminder" and row["wa_message_id"] == sent.wa_message_id

        hook = f"{base}/webhooks/whatsapp"
        delivered = fake.status(sent.wa_message_id, "delivered", sent.to)
        assert fake.post_statuses(hook, [delivered], secret="wrong").status_code == 403
        unsigned = httpx.post(hook, json=fake.webhook([delivered]))
        assert unsigned.status_code == 403
        assert messages(base, token)[0]["status"] == "sent"
        assert fake.post_statuses(hook, [delivered]).status_code == 200
        assert fake.post_statuses(hook, [delivered]).status_code == 200  # duplicate
        read = fake.status(sent.wa_message_id, "read", sent.to)
        unknown = fake.status("wamid.NOT_OURS", "read", sent.to)
        assert fake.post_statuses(hook, [read, unknown, delivered]).status_code == 200
        assert messages(base, token)[0]["status"] == "read"
        scraped = httpx.get(f"{base}/metrics").text
        assert 'bolkhata_messages_total{event="sent"} 1.0' in scraped
        assert 'bolkhata_messages_total{event="read"} 1.0' in scraped


def test_webhook_verification_handshake(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, _ = seeded
    with server(database_url, fake, tmp_path / "server.log") as (base, _):
        query = {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token"}
        answer = httpx.get(
            f"{base}/webhooks/whatsapp", params=query | {"hub.challenge": "1158201444"}
        )
        assert (answer.status_code, answer.text) == (200, "1158201444")
        assert answer.headers["content-type"].startswith("text/plain")
        wrong = query | {"hub.verify_token": "nope", "hub.challenge": "1"}
        assert httpx.get(f"{base}/webhooks/whatsapp", params=wrong).status_code == 403


def queue_statements(database_url: str) -> list[str]:
    with shop(database_url) as services:
        ids = []
        for name in PHONES:
            result = services.khata.send_statement(
                "demo", customer_id(services, name), f"st-{name}"
            )
            ids.append(str(result["message_id"]))
        return ids


def test_a_restart_with_messages_in_flight_loses_none(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, token = seeded
    fake.script.extend([Reply.stall(3.0)] * 3)  # in flight when the server stops
    log = tmp_path / "server.log"
    with server(database_url, fake, log) as (base, process):
        queue_statements(database_url)
        wait_for(lambda: len(fake.requests) == 3)
        process.terminate()
        process.wait(15)
    with server(database_url, fake, log) as (base, _):
        wait_for(lambda: [m["status"] for m in messages(base, token)] == ["sent"] * 3)
    assert sorted(s.to for s in fake.accepted) == sorted("91" + p for p in PHONES.values())


def test_the_worker_killed_mid_send_delivers_after_restart_at_most_one_repeat(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, token = seeded
    # The API takes the message but the answer never reaches the killed worker.
    fake.script.append(Reply.stall(1.5, accept=True))
    log = tmp_path / "server.log"
    with server(database_url, fake, log) as (base, process):
        with shop(database_url) as services:
            services.khata.send_statement("demo", customer_id(services, "Suresh Kumar"), "st-kill")
        wait_for(lambda: len(fake.requests) == 1)
        process.kill()  # SIGKILL: no shutdown, the attempt stays in flight in the store
        process.wait()
    with server(database_url, fake, log) as (base, _):
        wait_for(lambda: [m["status"] for m in messages(base, token)] == ["sent"])
        time.sleep(2)
        (row,) = messages(base, token)
    assert 1 <= len(fake.accepted) <= 2  # the one repeat the README warns about
    assert {s.to for s in fake.accepted} == {"919123456780"}
    assert row["attempts"] == 2
    assert "may repeat it once" in log.read_text(errors="replace")


def test_spoken_send_statement_goes_out_and_a_missing_phone_is_said(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, token = seeded
    with shop(database_url):
        pass  # phones for Rahul, Suresh and Priya; Amit has none
    with server(database_url, fake, tmp_path / "server.log") as (base, _):
        ws = base.replace("http://", "ws://") + "/ws/voice"
        said = bolkhata(
            "say",
            "--url",
            ws,
            "--token",
            token,
            "Rahul ko hisaab bhej do",
            "Amit ko hisaab bhej do",
        )
        assert "Rahul Sharma ka hisaab (₹500 baaki) WhatsApp par bhej rahe hain" in said
        assert "Amit Singh ka phone number nahi hai" in said
        said = bolkhata("say", "--url", ws, "--token", token, "Priya ko message mat bhejna")
        assert "Priya Patel ko ab koi message nahi jayega" in said
        said = bolkhata("say", "--url", ws, "--token", token, "Priya ko hisaab bhej do")
        assert "Priya Patel ne message band karwaye hain" in said
        wait_for(lambda: any(m["status"] == "sent" for m in messages(base, token)))
        (sent,) = fake.accepted
        assert sent.template == "account_statement" and sent.to == "919876543210"
        rows = {m["customer_name"]: m for m in messages(base, token)}
        assert rows["Amit Singh"]["status"] == "failed"
        assert rows["Amit Singh"]["error_code"] == "no_phone"
        assert rows["Priya Patel"]["error_code"] == "opted_out"


def test_a_reminder_due_while_a_session_is_open_is_announced_and_sent_once(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, token = seeded
    with server(database_url, fake, tmp_path / "server.log") as (base, _):
        with shop(database_url) as services:
            rahul = customer_id(services, "Rahul Sharma")
            due = datetime.now(IST) + timedelta(seconds=2)
            services.khata.schedule_reminder("demo", rahul, due, "e2e-open-session")

        async def until_due() -> dict[str, Any]:
            url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
            async with websockets.connect(url) as ws:
                while True:
                    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 20))
                    if frame["type"] == "reminder:due":
                        return frame

        frame = asyncio.run(until_due())
        assert frame["reminder_id"] == "e2e-open-session"
        wait_for(lambda: [m["status"] for m in messages(base, token)] == ["sent"])
        time.sleep(7)  # past the scanner's grace: it finds nothing left to mark
        (sent,) = fake.accepted
        assert sent.template == "payment_reminder" and sent.to == "919876543210"


async def listen(
    base: str, token: str, enough: Callable[[list[dict[str, Any]]], bool], seconds: float
) -> list[dict[str, Any]]:
    """Open a session and collect what it is told until `enough` or `seconds` have passed."""
    url = base.replace("http://", "ws://") + f"/ws/voice?token={token}"
    told: list[dict[str, Any]] = []
    async with websockets.connect(url) as ws:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while not enough(told):
                    frame: dict[str, Any] = json.loads(await ws.recv())
                    if frame["type"] in ("reminder:due", "message:failed"):
                        told.append(frame)
    return told


def test_a_reminder_due_with_no_session_open_is_sent_once_and_told_once_to_the_next_session(
    seeded: tuple[str, str], fake: FakeWhatsApp, tmp_path: Path
) -> None:
    database_url, token = seeded
    with shop(database_url) as services:  # Amit has no phone
        due = datetime.now(IST) + timedelta(seconds=2)
        for name in ("Rahul Sharma", "Amit Singh"):
            services.khata.schedule_reminder("demo", customer_id(services, name), due, name)
    log = tmp_path / "server.log"
    with server(database_url, fake, log) as (base, process):

        def settled() -> bool:
            statuses = {m["customer_name"]: m["status"] for m in messages(base, token)}
            return statuses == {"Rahul Sharma": "sent", "Amit Singh": "failed"}

        wait_for(settled)  # no session was open: the worker marked both due
        (sent,) = fake.accepted
        assert sent.template == "payment_reminder" and sent.to == "919876543210"

        told = asyncio.run(listen(base, token, lambda told: len(told) >= 3, 20))
        due_frames = [f for f in told if f["type"] == "reminder:due"]
        assert sorted(f["reminder_id"] for f in due_frames) == ["Amit Singh", "Rahul Sharma"]
        (failed,) = [f for f in told if f["type"] == "message:failed"]
        assert failed["customer"]["name"] == "Amit Singh"
        assert (failed["kind"], failed["error"]["code"]) == ("reminder", "no_phone")
        assert failed["reply"]["text"].startswith("Amit Singh ka phone number nahi hai")
        process.terminate()
        process.wait(15)
    with server(database_url, fake, log) as (base, _):
        # Told once per shop: a later session, after a restart too, hears none of it again.
        assert asyncio.run(listen(base, token, lambda told: bool(told), 3)) == []
    assert len(fake.accepted) == 1
