"""The corpus scorer: what counts as a wrong write (tests/corpus.py)."""

from __future__ import annotations

from typing import Any

from tests import corpus


def reminder(when: str, **extra: Any) -> dict[str, Any]:
    return {"intent": "CREATE_REMINDER", "entities": {"customer": "Raja", "when": when, **extra}}


def payment(**entities: Any) -> dict[str, Any]:
    return {"intent": "RECORD_PAYMENT", "entities": {"customer": "Sona", "amount": 500, **entities}}


def test_a_reminder_at_another_time_is_a_wrong_write() -> None:
    want = [reminder("2025-01-17T09:00:00+05:30")]
    assert corpus.wrong_writes([reminder("2025-01-17T21:00:00+05:30")], want) == 1
    assert corpus.wrong_writes([reminder("2025-01-17T09:00:00+05:30")], want) == 0


def test_a_reminder_moved_to_another_time_is_a_wrong_write() -> None:
    def modify(when: str) -> dict[str, Any]:
        return {"intent": "MODIFY_REMINDER", "entities": {"customer": "Raja", "when": when}}

    want = [modify("2025-01-20T11:00:00+05:30")]
    assert corpus.wrong_writes([modify("2025-01-20T23:00:00+05:30")], want) == 1


def test_another_mode_phone_or_quantity_is_a_wrong_write() -> None:
    assert corpus.wrong_writes([payment(mode="upi")], [payment(mode="cash")]) == 1
    assert corpus.wrong_writes([payment(mode="upi")], [payment()]) == 1
    phone = {"intent": "UPDATE_CUSTOMER_PHONE", "entities": {"customer": "Lucky"}}
    said = {**phone, "entities": {**phone["entities"], "phone": "9876543210"}}
    heard = {**phone, "entities": {**phone["entities"], "phone": "9876543211"}}
    assert corpus.wrong_writes([heard], [said]) == 1
    item = {"product": "sugar", "quantity": 2, "unit": "kg"}
    bill = {"intent": "CREATE_INVOICE", "entities": {"customer": "Sona", "items": [item]}}
    more = {**bill, "entities": {"customer": "Sona", "items": [{**item, "quantity": 3}]}}
    assert corpus.wrong_writes([more], [bill]) == 1
    stock = {"intent": "UPDATE_STOCK", "entities": {"product": "oil", "quantity": 2, "unit": "l"}}
    other_unit = {**stock, "entities": {**stock["entities"], "unit": "bottle"}}
    assert corpus.wrong_writes([other_unit], [stock]) == 1


def test_a_write_carried_out_twice_is_wrong_once() -> None:
    assert corpus.wrong_writes([payment(), payment()], [payment()]) == 1
    assert corpus.wrong_writes([payment(), payment()], [payment(), payment()]) == 0


def test_a_held_or_asked_write_is_never_wrong() -> None:
    asked = {**payment(mode="upi"), "decision": "ask"}
    assert corpus.wrong_writes([asked], [payment(mode="cash")]) == 0
    acted = payment()
    assert corpus.wrong_writes([acted], [{**acted, "decision": "skip"}]) == 1
