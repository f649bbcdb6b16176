"""The ledger services against a real store, the same suite on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.errors import (
    AccountClosed,
    CustomerNotFound,
    InsufficientStock,
    InvalidAmount,
    OutstandingBalance,
    UnknownProduct,
)
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.conftest import FixedClock


@pytest.fixture
def services(database_url: str, clock: FixedClock) -> Iterator[Services]:
    services = bootstrap(Settings(database_url=database_url), clock=clock)
    services.khata.open_shop("s1", "Shop One")
    services.khata.add_product("s1", "milk", "packet", 3000, "p-milk", stock=10)
    services.khata.add_product("s1", "bread", "packet", 4000, "p-bread", stock=2)
    yield services
    services.close()


def customer(services: Services, name: str = "Rahul Sharma", task: str = "c1") -> str:
    return str(services.khata.register_customer("s1", name, task)["customer_id"])


def event_count(services: Services) -> int:
    return len(services.store.recorder.select_notifications(0, 100_000))


def test_credit_and_payment_move_the_derived_balance(services: Services) -> None:
    rahul = customer(services)
    services.khata.give_credit("s1", rahul, 50_000, "t1")
    result = services.khata.receive_payment("s1", rahul, 20_000, "t2", mode="upi")
    assert result["balance"] == 30_000
    assert result["mode"] == "upi"
    assert services.reports.balance("s1", rahul)["balance"] == 30_000


def test_same_task_twice_changes_nothing_and_returns_the_first_result(services: Services) -> None:
    rahul = customer(services)
    first = services.khata.give_credit("s1", rahul, 10_000, "t1")
    events = event_count(services)
    services.khata.give_credit("s1", rahul, 5_000, "t2")
    again = services.khata.give_credit("s1", rahul, 10_000, "t1")
    assert again == first | {"balance": first["balance"]}
    assert again["balance"] == 10_000
    assert event_count(services) == events + 1


def test_retry_after_crash_between_store_and_reply(database_url: str, clock: FixedClock) -> None:
    """The reply was lost with the process; the retried task finds its stored effect."""
    first = bootstrap(Settings(database_url=database_url), clock=clock)
    first.khata.open_shop("s1", "Shop One")
    rahul = str(first.khata.register_customer("s1", "Rahul", "c1")["customer_id"])
    first.khata.give_credit("s1", rahul, 12_345, "task-crash")  # reply never sent
    stored = event_count(first)
    first.close()

    restarted = bootstrap(Settings(database_url=database_url), clock=clock)
    try:
        result = restarted.khata.give_credit("s1", rahul, 12_345, "task-crash")
        assert result["balance"] == 12_345
        assert result["entry_id"] == "task-crash"
        assert event_count(restarted) == stored
        again = restarted.khata.register_customer("s1", "Rahul", "c1")
        assert again["customer_id"] == rahul
        assert event_count(restarted) == stored
    finally:
        restarted.close()


def test_invoice_prices_items_and_takes_stock_in_one_unit_of_work(services: Services) -> None:
    rahul = customer(services)
    result = services.khata.charge_invoice("s1", rahul, [("doodh", 2), ("bread", 1)], "inv1")
    assert result["balance"] == 2 * 3000 + 4000
    stock = {row["product"]: row["stock"] for row in services.khata.stock("s1")}
    assert stock == {"bread": 1, "milk": 8}


def test_not_enough_stock_is_an_error_and_no_partial_invoice(services: Services) -> None:
    rahul = customer(services)
    events = event_count(services)
    with pytest.raises(InsufficientStock):
        services.khata.charge_invoice("s1", rahul, [("milk", 1), ("bread", 5)], "inv1")
    with pytest.raises(UnknownProduct):
        services.khata.charge_invoice("s1", rahul, [("caviar", 1)], "inv2")
    assert event_count(services) == events
    assert services.khata.stock("s1", "milk")[0]["stock"] == 10


def test_cancel_invoice_restores_balance_and_stock(services: Services) -> None:
    rahul = customer(services)
    services.khata.charge_invoice("s1", rahul, [("milk", 3)], "inv1")
    result = services.khata.cancel_invoice("s1", rahul, "cancel1")
    assert result["balance"] == 0
    assert services.khata.stock("s1", "milk")[0]["stock"] == 10


def test_undo_reverses_the_last_entry_only(services: Services) -> None:
    rahul = customer(services)
    services.khata.give_credit("s1", rahul, 10_000, "t1")
    services.khata.give_credit("s1", rahul, 99_900, "t2")
    result = services.khata.undo_last_entry("s1", rahul, "undo1")
    assert result["balance"] == 10_000
    assert result["reversed"] is True


def test_reminders_schedule_reschedule_cancel(services: Services, clock: FixedClock) -> None:
    rahul = customer(services)
    services.khata.give_credit("s1", rahul, 50_000, "t1")
    due = clock.now().replace(hour=19)
    services.khata.schedule_reminder("s1", rahul, due, "r1")
    assert services.reports.reminders("s1")[0]["amount"] == 50_000
    later = due.replace(day=27)
    services.khata.reschedule_reminder("s1", rahul, later, "r2")
    assert services.reports.reminders("s1")[0]["due_at"] == later.isoformat()
    services.khata.cancel_reminder("s1", rahul, "r3")
    assert services.reports.reminders("s1") == []


def test_reports_summaries(services: Services) -> None:
    rahul = customer(services)
    priya = customer(services, "Priya Patel", "c2")
    services.khata.give_credit("s1", rahul, 50_000, "t1")
    services.khata.receive_payment("s1", rahul, 10_000, "t2", mode="cash")
    services.khata.receive_payment("s1", priya, 5_000, "t3", mode="upi")
    services.khata.charge_invoice("s1", priya, [("milk", 1)], "t4")
    summary = services.reports.daily_summary("s1", services.clock.now().date())
    assert summary == {
        "day": "2026-11-25",
        "sales": 3000,
        "new_credit": 50_000,
        "payments": {"cash": 10_000, "upi": 5_000},
        "payments_total": 15_000,
    }
    assert services.reports.total_pending("s1") == {"total": 40_000, "customers": 1}
    balances = services.reports.balances("s1")
    assert [row["name"] for row in balances] == ["Rahul Sharma", "Priya Patel"]
    info = services.reports.customer_info("s1", rahul)
    assert [entry["kind"] for entry in info["recent"]] == ["payment", "credit"]


def test_closing_needs_zero_balance_and_then_refuses_entries(services: Services) -> None:
    rahul = customer(services)
    services.khata.give_credit("s1", rahul, 100, "t1")
    with pytest.raises(OutstandingBalance):
        services.khata.close_account("s1", rahul, "close1")
    services.khata.receive_payment("s1", rahul, 100, "t2")
    services.khata.close_account("s1", rahul, "close2")
    with pytest.raises(AccountClosed):
        services.khata.give_credit("s1", rahul, 100, "t3")
    assert services.khata.directory("s1") == []


def test_other_shops_customers_are_unknown(services: Services) -> None:
    rahul = customer(services)
    services.khata.open_shop("s2", "Shop Two")
    with pytest.raises(CustomerNotFound):
        services.khata.give_credit("s2", rahul, 100, "t1")
    with pytest.raises(CustomerNotFound):
        services.reports.balance("s1", "not-a-uuid")


def test_impossible_amounts_are_refused(services: Services) -> None:
    rahul = customer(services)
    for amount in (0, -5, 10**15):
        with pytest.raises(InvalidAmount):
            services.khata.give_credit("s1", rahul, amount, f"bad-{amount}")


def test_phone_change_and_tokens(services: Services) -> None:
    rahul = customer(services)
    assert services.khata.change_phone("s1", rahul, "+91 95689 26253", "p1")["phone"] == (
        "9568926253"
    )
    token = services.access.issue("s1", "auditor")
    principal = services.access.authenticate(token)
    assert principal is not None and (principal.shop, principal.role) == ("s1", "auditor")
    assert services.access.authenticate(token + "x") is None
    stored = services.store.recorder.select_notifications(0, 100_000)
    assert all(token.encode() not in record.state for record in stored)


def test_stock_for_a_new_product_lists_it_under_its_usual_name(services: Services) -> None:
    first = services.khata.receive_stock("s1", "aata", 50, "st1", unit="kg")
    again = services.khata.receive_stock("s1", "atta", 5, "st2", unit="kg")
    assert first["product"] == again["product"] == "atta"
    assert again["stock"] == 55 and again["price"] == 0
    assert services.khata.receive_stock("s1", "atta", 5, "st2")["stock"] == 55  # same task
