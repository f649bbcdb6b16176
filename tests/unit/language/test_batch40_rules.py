"""Rules batch 40 led to: South and East Indian honorifics (akka, garu, dada) are dropped
from a name, "babu" is kept (Babu Rao); "8 in the morning" is an hour; goods said before the
name are on the same bill; "rakam galat bol di" after a stop asks; "do one thing" opens."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Selvi akka cleared her dues, fifteen hundred cash", "Selvi"),
        ("रेड्डी गारू से ढाई हज़ार आ गए फोन पे पर", "रेड्डी"),
        ("Banerjee dada ne pandrah sau diye, cash", "Banerjee"),
        ("Das babu ko 2.5k udhaar, likh lo", "Das Babu"),
        ("Raja Babu ka 450 jama kar do", "Raja Babu"),
    ],
)
def test_regional_honorifics(text: str, name: str) -> None:
    [command] = parse(text, NOW)
    assert (command.entities["customer"], command.decision) == (name, Decision.ACT)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Remind D'Cruz tomorrow 8 in the morning", "2025-01-16T08:00:00+05:30"),
        ("Do one thing, send a reminder to Manjunath tomorrow itself", "2025-01-16T10:00:00+05:30"),
    ],
)
def test_reminder_times_in_indian_english(text: str, when: str) -> None:
    [reminder] = parse(text, NOW)
    assert (reminder.entities.get("amount"), reminder.entities["when"]) == (None, when)


def test_goods_before_the_name_are_one_bill() -> None:
    [bill] = parse("make a bill for 2 kg rice and 1 litre oil for Mr. Chandrashekar", NOW)
    assert (bill.intent, bill.entities["customer"], len(bill.entities["items"])) == (
        Intent.CREATE_INVOICE,
        "Chandrashekar",
        2,
    )


def test_amount_said_wrong_after_a_stop_asks() -> None:
    [command] = parse("नेगी को 900 उधार लिखो, रुको, रकम गलत बोल दी", NOW)
    assert command.decision is Decision.ASK
