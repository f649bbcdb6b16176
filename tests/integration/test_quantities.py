"""Spoken quantities and amounts end to end on a real store (SQLite and PostgreSQL).

Each utterance goes through the parser, the handler and the ledger as a task does: a
quantity in another unit is converted to the product's, one that rounds to nothing or
cannot convert fails with nothing written, and the shop's bounds hold.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from application.demo import DEMO_SHOP, seed_demo
from application.handlers import HANDLERS, TaskContext
from domain.errors import DomainError
from domain.intents import Decision
from domain.language import parse
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.conftest import FixedClock


@pytest.fixture
def services(database_url: str, clock: FixedClock) -> Iterator[Services]:
    services = bootstrap(
        Settings(database_url=database_url, max_amount_rupees=50_000, max_quantity=500),
        clock=clock,
    )
    seed_demo(services.khata)
    yield services
    services.close()


def event_count(services: Services) -> int:
    return len(services.store.recorder.select_notifications(0, 100_000))


def stock(services: Services, product: str) -> float:
    return float(services.khata.stock(DEMO_SHOP, product)[0]["stock"])


def run(services: Services, text: str, task_id: str) -> dict[str, Any]:
    """The utterance's one command, carried out as the engine's task would."""
    (command,) = parse(text, services.clock.now())
    assert command.decision is Decision.ACT, command
    name = command.entities["customer"]
    customer = next(
        c for c in services.khata.directory(DEMO_SHOP) if c["name"].startswith(str(name))
    )
    task = TaskContext(
        DEMO_SHOP,
        task_id,
        str(customer["customer_id"]),
        str(customer["name"]),
        command.entities,
        services.clock.now(),
    )
    return HANDLERS[command.intent](services.khata, services.reports, task)


def test_two_dozen_eggs_bill_24_eggs(services: Services) -> None:
    result = run(services, "Priya ko 2 dozen eggs ka bill bana do", "t-eggs")
    (line,) = result["items"]
    assert (line["product"], line["quantity"], line["unit"]) == ("eggs", 24, "piece")
    assert line["total"] == 24 * 700
    assert result["balance"] == 24 * 700
    assert stock(services, "eggs") == 120 - 24


def test_grams_and_millilitres_become_kilos_and_litres(services: Services) -> None:
    result = run(services, "Priya ko 500 gram rice aur 250 ml oil ka bill bana do", "t-mix")
    lines = {line["product"]: line for line in result["items"]}
    assert (lines["rice"]["quantity"], lines["rice"]["unit"]) == (0.5, "kg")
    assert (lines["oil"]["quantity"], lines["oil"]["unit"]) == (0.25, "litre")
    assert result["balance"] == 30_00 + 45_00  # half of ₹60 and a quarter of ₹180
    assert stock(services, "rice") == 99.5


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Priya ko 0.0004 kg rice ka bill bana do", "invalid_quantity"),  # never 1 kg
        ("Priya ko 2 kg eggs ka bill bana do", "unit_mismatch"),  # eggs sell by the piece
        ("Priya ko 501 eggs ka bill bana do", "quantity_too_large"),  # the shop's bound
    ],
)
def test_a_quantity_that_is_not_sure_writes_nothing(
    services: Services, text: str, code: str
) -> None:
    before = event_count(services)
    with pytest.raises(DomainError) as caught:
        run(services, text, "t-bad")
    assert caught.value.code == code
    assert event_count(services) == before
    assert stock(services, "rice") == 100 and stock(services, "eggs") == 120


def test_an_amount_above_the_shops_bound_writes_nothing(services: Services) -> None:
    before = event_count(services)
    with pytest.raises(DomainError) as caught:
        run(services, "Rahul ko 50,000.01 rupaye udhaar likho", "t-big")
    assert caught.value.code == "amount_too_large"
    assert event_count(services) == before
    result = run(services, "Rahul ko 1,500.50 rupaye udhaar likho", "t-ok")
    assert result["amount"] == 1_500_50  # paise kept
    assert result["balance"] == 500_00 + 1_500_50


def test_stock_arrives_in_the_products_unit(services: Services) -> None:
    result = run_stock(services, "5 dozen ande aaye", "t-stock")
    assert result["received"] == 60 and result["stock"] == 180


def run_stock(services: Services, text: str, task_id: str) -> dict[str, Any]:
    (command,) = parse(text, services.clock.now())
    task = TaskContext(DEMO_SHOP, task_id, None, None, command.entities, services.clock.now())
    return HANDLERS[command.intent](services.khata, services.reports, task)


# The same through a live session: the task fails with the code, the ledger is untouched.


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _settle(services: Services, text: str) -> list[Any]:
    session = await services.engine.open(DEMO_SHOP)
    ids = await session.receive_transcript(text)
    assert ids, text

    def done() -> bool:
        statuses = [session.conversation.task(i).status for i in ids]
        return all(s in ("completed", "failed", "cancelled") for s in statuses)

    async with asyncio.timeout(10):
        while not done():  # noqa: ASYNC110 - tasks finish on the engine's own loop
            await asyncio.sleep(0.01)
    return [session.conversation.task(i) for i in ids]


@pytest.mark.anyio
async def test_a_session_bills_two_dozen_eggs_and_refuses_a_speck_of_rice(
    services: Services,
) -> None:
    (eggs,) = await _settle(services, "Priya ko 2 dozen eggs ka bill bana do")
    assert eggs.status == "completed", eggs
    assert eggs.result["items"][0]["quantity"] == 24
    before = event_count(services)
    (rice,) = await _settle(services, "Priya ko 0.0004 kg rice ka bill bana do")
    assert (rice.status, rice.error_code) == ("failed", "invalid_quantity")
    assert stock(services, "rice") == 100
    written = services.store.recorder.select_notifications(0, 100_000)[before:]
    assert not any("Invoice" in n.topic or "Stock" in n.topic for n in written)
