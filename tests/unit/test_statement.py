"""The statement's running balance is the account's balance after every entry (random ledgers)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.ledger import CustomerAccount
from domain.statement import statement_lines

IST = ZoneInfo("Asia/Kolkata")
START = datetime(2026, 11, 1, 9, 0, tzinfo=IST)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("credit"), st.integers(1, 10_000_000)),
        st.tuples(st.just("payment"), st.integers(1, 10_000_000)),
        st.tuples(st.just("invoice"), st.integers(1, 5_000_000)),
        st.tuples(st.just("undo"), st.just(0)),
        st.tuples(st.just("cancel"), st.just(0)),
    ),
    max_size=40,
)


def events_of(account: CustomerAccount) -> list[tuple[str, dict[str, Any]]]:
    return [(type(e).__name__, vars(e)) for e in account.collect_events()]


@settings(max_examples=200, deadline=None)
@given(operations)
def test_running_balance_equals_the_balance_after_every_entry(ops: list[tuple[str, int]]) -> None:
    account = CustomerAccount.register("s1", "Rahul", None, "t0", uuid4())
    after: list[int] = []
    for number, (op, amount) in enumerate(ops):
        task, at = f"t{number + 1}", START + timedelta(minutes=number)
        try:
            if op == "credit":
                account.give_credit(amount, task, at)
            elif op == "payment":
                account.receive_payment(amount, "upi", task, at)
            elif op == "invoice":
                line = {"product": "milk", "quantity": 2, "unit": "packet", "total": amount}
                account.charge_invoice(task, [line], task, at)
            elif op == "undo":
                if account.last_entry().kind == "invoice":
                    continue  # bills are undone by cancelling them (khata.py)
                account.reverse_last_entry(task, at)
            else:
                account.cancel_invoice(account.last_invoice().entry_id, task, at)
        except DomainError:
            continue
        after.append(account.balance)
    lines = statement_lines(events_of(account), {})
    assert [line.balance for line in lines] == after
    assert sum(line.debit - line.credit for line in lines) == account.balance
    assert all(line.debit >= 0 and line.credit >= 0 for line in lines)


def test_lines_say_what_each_entry_was() -> None:
    account = CustomerAccount.register("s1", "Rahul", None, "t0", uuid4())
    account.give_credit(50_000, "t1", START)
    account.receive_payment(20_000, "upi", "t2", START)
    milk = {"product": "milk", "quantity": 2, "unit": "packet", "total": 6_000}
    account.charge_invoice("b1", [milk], "b1", START)
    account.cancel_invoice("b1", "t3", START)
    lines = statement_lines(events_of(account), {"b1": 7})
    assert [line.what for line in lines] == [
        "Udhaar",
        "Jama (UPI)",
        "Bill #7: 2 packet milk",
        "Cancelled: Bill #7: 2 packet milk",
    ]
    assert [line.balance for line in lines] == [50_000, 30_000, 36_000, 30_000]
