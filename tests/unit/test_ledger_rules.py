"""The aggregates' rules, without any store: each broken rule has its own error type."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.errors import (
    AccountClosed,
    AmountTooLarge,
    InsufficientStock,
    InvalidAmount,
    InvalidName,
    InvalidPhone,
    InvalidQuantity,
    InvoiceNotFound,
    NothingToUndo,
    OutstandingBalance,
    ReminderNotFound,
)
from domain.ledger import CustomerAccount
from domain.money import format_rupees, to_paise
from domain.stock import Product, to_milli

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


def account() -> CustomerAccount:
    return CustomerAccount.register("s1", "  Rahul   Sharma ", None, "t0", uuid4())


def test_name_is_tidied_and_balance_is_derived() -> None:
    rahul = account()
    assert rahul.name == "Rahul Sharma"
    rahul.give_credit(500_00, "t1", NOW)
    rahul.receive_payment(200_00, "upi", "t2", NOW)
    assert rahul.balance == 300_00
    assert "balance" not in vars(rahul)


@pytest.mark.parametrize(
    ("amount", "error"),
    [(0, InvalidAmount), (-100, InvalidAmount), (10**12, AmountTooLarge), (True, InvalidAmount)],
)
def test_bad_amounts(amount: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        account().give_credit(amount, "t1", NOW)


def test_unknown_payment_mode() -> None:
    with pytest.raises(InvalidAmount):
        account().receive_payment(100, "cheque-bounce", "t1", NOW)


def test_closed_account_refuses_everything() -> None:
    rahul = account()
    rahul.close("t1")
    with pytest.raises(AccountClosed):
        rahul.give_credit(100, "t2", NOW)
    with pytest.raises(AccountClosed):
        rahul.change_phone("9876543210", "t3")


def test_close_with_balance_is_refused() -> None:
    rahul = account()
    rahul.give_credit(100, "t1", NOW)
    with pytest.raises(OutstandingBalance):
        rahul.close("t2")


def test_undo_and_invoice_errors() -> None:
    rahul = account()
    with pytest.raises(NothingToUndo):
        rahul.reverse_last_entry("t1", NOW)
    with pytest.raises(InvoiceNotFound):
        rahul.last_invoice()
    with pytest.raises(ReminderNotFound):
        rahul.active_reminder()


def test_phone_rules() -> None:
    with pytest.raises(InvalidPhone):
        account().change_phone("12345", "t1")
    assert CustomerAccount.register("s1", "A", "+91-9568926253", "t", uuid4()).phone == (
        "9568926253"
    )
    with pytest.raises(InvalidName):
        CustomerAccount.register("s1", "   ", None, "t", uuid4())


def test_stock_rules() -> None:
    milk = Product.new("s1", "Milk", "packet", 3000, uuid4())
    milk.receive(to_milli(2), "t1")
    with pytest.raises(InsufficientStock):
        milk.sell(to_milli(3), "t2")
    with pytest.raises(InvalidQuantity):
        to_milli(-1)
    milk.sell(to_milli(1.5), "t3")
    assert milk.stock == 0.5


def test_money_format_and_conversion() -> None:
    assert format_rupees(1_50_000_00) == "₹1,50,000"
    assert format_rupees(1050) == "₹10.50"
    assert format_rupees(-500_00) == "-₹500"
    assert to_paise("1.5") == 150
    with pytest.raises(InvalidAmount):
        to_paise("nan")
