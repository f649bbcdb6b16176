"""Quantities in the product's unit, amounts in paise, and the shop's bounds (issue 12)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from application.handlers import TaskContext
from domain.errors import (
    AmountTooLarge,
    InvalidAmount,
    InvalidQuantity,
    QuantityTooLarge,
    UnitMismatch,
)
from domain.ledger import CustomerAccount
from domain.limits import DEFAULT_LIMITS, Limits
from domain.money import to_paise
from domain.stock import Product, from_milli, to_milli
from domain.units import canonical_unit, factor

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


@pytest.mark.parametrize(
    ("quantity", "spoken", "product_unit", "milli"),
    [
        (2, "dozen", "piece", 24_000),  # 2 dozen eggs sold by the piece = 24
        (500, "g", "kg", 500),  # 500 g of a kg product = 0.5 kg
        (250, "ml", "l", 250),  # 250 ml of a litre product = 0.25 l
        (250, "ml", "litre", 250),  # the product's unit as the shop wrote it
        (1.5, "kg", "kg", 1_500),
        (1.5, None, "kg", 1_500),  # no unit spoken: the product's own
        (2, "kilo", "g", 2_000_000),
        (3, "piece", "packet", 3_000),  # a "piece" of a packet product is one packet
        (6, "piece", "dozen", 500),  # half a dozen
        (2, "dozen", "packet", 24_000),
        (1, "g", "kg", 1),
        (0.0015, "kg", "kg", 2),  # 1.5 thousandths round half up
    ],
)  # fmt: skip
def test_spoken_unit_becomes_the_products(
    quantity: float, spoken: str | None, product_unit: str, milli: int
) -> None:
    assert to_milli(quantity, spoken, product_unit) == milli


@pytest.mark.parametrize(
    ("quantity", "spoken", "product_unit"),
    [
        (0.0004, "kg", "kg"),  # rounds to 0 thousandths: an error, never 1
        (0.4, "g", "kg"),
        (0.1, "ml", "l"),
        (0, None, "kg"),
        (-2, None, "piece"),
        (float("nan"), None, "kg"),
        (float("inf"), None, "kg"),
        ("1e400", None, "kg"),
        ("abc", None, "kg"),
    ],
)
def test_quantities_that_are_nothing_are_refused(
    quantity: float | str, spoken: str | None, product_unit: str
) -> None:
    with pytest.raises(InvalidQuantity):
        to_milli(quantity, spoken, product_unit)


@pytest.mark.parametrize(
    ("spoken", "product_unit"),
    [("kg", "piece"), ("l", "kg"), ("packet", "kg"), ("ml", "packet"), ("packet", "piece")],
)
def test_units_that_cannot_convert_are_refused(spoken: str, product_unit: str) -> None:
    with pytest.raises(UnitMismatch) as caught:
        to_milli(1, spoken, product_unit)
    assert caught.value.code == "unit_mismatch"
    assert isinstance(caught.value, InvalidQuantity)


def test_unit_names() -> None:
    assert canonical_unit("Kilo") == "kg"
    assert canonical_unit("litre") == "l"
    assert canonical_unit(" ") is None
    assert canonical_unit("crate") == "crate"
    assert factor("crate", "crate") == 1
    assert factor("g", "kg") == Decimal("0.001")


def test_zero_rounded_quantity_is_invalid_quantity_code() -> None:
    with pytest.raises(InvalidQuantity) as caught:
        to_milli(0.0004, "kg", "kg")
    assert caught.value.code == "invalid_quantity"


def eggs(limits: Limits = DEFAULT_LIMITS) -> Product:
    product = Product.new("s1", "eggs", "piece", 700, uuid4(), limits)
    product.receive(to_milli(120), "t0")  # opening stock, under the default limits
    return product


def test_selling_two_dozen_eggs_takes_24_off_the_shelf() -> None:
    shelf = eggs()
    shelf.sell(to_milli(2, "dozen", shelf.unit), "t1")
    assert shelf.stock == 96


def test_quantity_above_the_shops_limit_is_refused() -> None:
    limits = Limits.of(max_amount_rupees=10_00_000, max_quantity=100)
    shelf = eggs(limits)
    with pytest.raises(QuantityTooLarge) as caught:
        shelf.receive(to_milli(101), "t1", limits)
    assert caught.value.code == "quantity_too_large"
    with pytest.raises(QuantityTooLarge):
        shelf.sell(to_milli(9, "dozen", "piece"), "t2", limits)  # 108 pieces
    assert shelf.stock == 120
    shelf.receive(to_milli(100), "t3", limits)
    assert from_milli(shelf.stock_milli) == 220


def test_amount_above_the_shops_limit_is_refused() -> None:
    limits = Limits.of(max_amount_rupees=1_000, max_quantity=10_000)
    rahul = CustomerAccount.register("s1", "Rahul", None, "t0", uuid4())
    rahul.give_credit(1_000_00, "t1", NOW, limits)
    with pytest.raises(AmountTooLarge) as caught:
        rahul.give_credit(1_000_01, "t2", NOW, limits)
    assert "₹1,000" in str(caught.value)
    with pytest.raises(AmountTooLarge):
        rahul.receive_payment(2_000_00, "cash", "t3", NOW, limits)
    with pytest.raises(AmountTooLarge):
        rahul.charge_invoice("i1", [{"total": 5_000_00}], "t4", NOW, limits)
    assert rahul.balance == 1_000_00


def test_default_limits_are_ten_lakh_rupees_and_ten_thousand_units() -> None:
    assert DEFAULT_LIMITS.max_amount_paise == 10_00_000 * 100
    assert DEFAULT_LIMITS.max_quantity_milli == 10_000 * 1000
    rahul = CustomerAccount.register("s1", "Rahul", None, "t0", uuid4())
    rahul.give_credit(10_00_000 * 100, "t1", NOW)
    with pytest.raises(AmountTooLarge):
        rahul.give_credit(10_00_000 * 100 + 1, "t2", NOW)


@pytest.mark.parametrize(
    ("spoken", "paise"), [(1500.5, 150_050), (9_999_999.99, 999_999_999), ("99.50", 9_950)]
)
def test_spoken_amounts_keep_their_paise(spoken: float | str, paise: int) -> None:
    assert to_paise(spoken, exact=True) == paise


@pytest.mark.parametrize(
    "spoken", [1.005, "1.001", "nan", "inf", "-inf", "1/0", True, "1e400", float("1e300")]
)
def test_amounts_with_a_fraction_of_a_paisa_or_no_value_are_refused(spoken: object) -> None:
    with pytest.raises(InvalidAmount):
        to_paise(spoken, exact=True)  # type: ignore[arg-type]


def task(entities: dict[str, object]) -> TaskContext:
    return TaskContext("s1", "t1", "c1", "Rahul", dict(entities), NOW)


@pytest.mark.parametrize("amount", [None, True, "abc", [500], float("nan"), 1.005])
def test_the_handler_never_guesses_an_amount(amount: object) -> None:
    entities = {} if amount is None else {"amount": amount}
    with pytest.raises(InvalidAmount):
        task(entities).amount()


def test_the_handler_reads_paise() -> None:
    assert task({"amount": 1500.5}).amount() == 150_050
