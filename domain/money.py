"""Money as integer paise: conversions and the spoken ₹ format with Indian grouping."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.errors import AmountTooLarge, InvalidAmount

PAISE_PER_RUPEE = 100
_BEYOND_ANY_LIMIT = 10**18


def to_paise(rupees: int | float | str | Decimal, exact: bool = False) -> int:
    """Convert a rupee amount to paise, rounding to the nearest paisa.

    With `exact` (amounts the shopkeeper spoke) a fraction of a paisa is refused rather
    than rounded: "1.005" is not an amount anyone says. Bounds are the shop's (limits.py).
    """
    if isinstance(rupees, bool):
        raise InvalidAmount(f"not an amount: {rupees!r}")
    try:
        value = Decimal(str(rupees))
    except InvalidOperation as error:
        raise InvalidAmount(f"not an amount: {rupees!r}") from error
    if not value.is_finite():
        raise InvalidAmount(f"not an amount: {rupees!r}")
    paise = value * PAISE_PER_RUPEE
    if abs(paise) > _BEYOND_ANY_LIMIT:  # "1e400" is too large to round, and to owe
        raise AmountTooLarge(f"{rupees!r} is beyond any amount")
    if exact and paise != paise.to_integral_value():
        raise InvalidAmount(f"{rupees!r} has a fraction of a paisa")
    return int(paise.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def group_indian(number: int) -> str:
    """1500000 -> '15,00,000' (last three digits, then pairs)."""
    digits = str(abs(number))
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    if head:
        pairs.insert(0, head)
    grouped = ",".join([*pairs, tail]) if pairs else tail
    return ("-" if number < 0 else "") + grouped


def format_rupees(paise: int) -> str:
    """150000000 -> '₹15,00,000'; paise are shown only when there are any ('₹10.50')."""
    sign = "-" if paise < 0 else ""
    rupees, rest = divmod(abs(paise), PAISE_PER_RUPEE)
    text = f"{sign}₹{group_indian(rupees)}"
    return f"{text}.{rest:02d}" if rest else text
