"""The entities of one clause (amount, mode, items, time, phone, customer) as DESIGN.md names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.intents import CUSTOMER_INTENTS, Intent
from domain.language import lexicon as lx
from domain.language.items import find_items, product_name
from domain.language.normalize import Token
from domain.language.numbers import as_json_number, read_number
from domain.language.phones import find_phone
from domain.language.refs import Who, find_who, task_ref
from domain.language.when import default_when, find_when

_AMOUNT_CONTEXT = frozenset({"rs"})
# 100 crore and up is a phone or account number read as digits, never a khata amount.
_TOO_MUCH = 1_000_000_000
_NAMED = CUSTOMER_INTENTS | {Intent.CREATE_CUSTOMER, Intent.LIST_REMINDERS}
# A number followed by one of these is a quantity, a duration or a distance, not money.
_QUANTITY_NEXT = (
    frozenset(lx.UNITS)
    | frozenset(lx.PRODUCTS)
    | lx.words("second seconds sec minute minutes min ghante ghanta hour hours din days day")
    | lx.words("miles km degree degrees percent baje bje tarikh saal year years")
)


@dataclass(frozen=True)
class Found:
    """Everything found in a clause, before its intent decides what to keep."""

    who: Who
    amount: float | None
    mode: str | None
    items: tuple[dict[str, Any], ...]
    when: datetime | None
    phone: str | None


def find(tokens: Sequence[Token], now: datetime) -> Found:
    keys = [t.key for t in tokens]
    when = find_when(keys, now)
    phone = find_phone(keys)
    skip = (when.used if when else frozenset()) | (phone.used if phone else frozenset())
    mode = next((lx.MODES[k] for k in keys if k in lx.MODES), None)
    return Found(
        who=find_who(tokens),
        amount=_amount(keys, skip),
        mode=mode,
        items=tuple(find_items(tokens, skip)),
        when=when.at if when else None,
        phone=phone.digits if phone else None,
    )


def _amount(keys: Sequence[str], skip: frozenset[int]) -> float | None:
    """The money in a clause: a number beside "rs"/"₹" first, else the first bare number."""
    bare: float | None = None
    n = len(keys)
    i = 0
    while i < n:
        num = None if i in skip else read_number(keys, i, _AMOUNT_CONTEXT)
        if num is None:
            i += 1
            continue
        value, j = num
        if value >= _TOO_MUCH:
            i = j
            continue
        if (j < n and keys[j] == "rs") or (i > 0 and keys[i - 1] == "rs"):
            return value
        quantity = j < n and keys[j] in _QUANTITY_NEXT
        if bare is None and not quantity and value > 0:
            bare = value
        i = j
    return bare


def entities_for(
    intent: Intent, found: Found, tokens: Sequence[Token], now: datetime
) -> dict[str, Any]:
    """The entities `intent` takes, in the order `bolkhata parse --json` prints them."""
    e: dict[str, Any] = {}
    if intent is Intent.CANCEL_TASK:
        return {"task_ref": task_ref(tokens)}
    if intent in _NAMED:
        if found.who.name:
            e["customer"] = found.who.name
        elif found.who.ref:
            e["customer_ref"] = found.who.ref
    money = {Intent.ADD_CREDIT, Intent.RECORD_PAYMENT, Intent.CREATE_REMINDER}
    if found.amount is not None and (
        intent in money or (intent is Intent.CREATE_INVOICE and not found.items)
    ):
        e["amount"] = as_json_number(found.amount)
    if intent is Intent.RECORD_PAYMENT and found.mode:
        e["mode"] = found.mode
    if intent is Intent.CREATE_INVOICE and found.items:
        e["items"] = list(found.items)
    if intent is Intent.CREATE_REMINDER:
        e["when"] = (found.when or default_when(now)).isoformat()
    if intent is Intent.MODIFY_REMINDER and found.when:
        e["when"] = found.when.isoformat()
    if intent in {Intent.UPDATE_CUSTOMER_PHONE, Intent.CREATE_CUSTOMER} and found.phone:
        e["phone"] = found.phone
    if intent is Intent.UPDATE_STOCK and found.items:
        item = found.items[0]
        e.update(product=item["product"], quantity=item["quantity"], unit=item["unit"])
    if intent is Intent.CHECK_STOCK and (product := _stock_product(tokens)):
        e["product"] = product
    return e


def _stock_product(tokens: Sequence[Token]) -> str | None:
    for t in tokens:
        if t.key in lx.PRODUCTS:
            return product_name(t)
    # "aate ka stock": the word before the case marker that precedes "stock".
    for i in range(1, len(tokens) - 1):
        if tokens[i].key in lx.CASE_MARKERS and tokens[i + 1].key in lx.STOCK:
            word = tokens[i - 1]
            if word.key.isalpha() and word.key not in lx.FILLER:
                return word.text.lower()
    return None
