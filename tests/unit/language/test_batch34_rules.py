"""Rules batch 34 led to: a doubt said on a part of an entry holds it all; an order to write
in the paper register is asked back; firm words ("confirm hai", "pakka", "done", "no
doubt") leave a write as sure as it was; "sochta hoon" is no part of a name."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW


def decisions(text: str) -> list[tuple[str, object, object, Decision]]:
    return [
        (c.intent.value, c.entities.get("customer"), c.entities.get("amount"), c.decision)
        for c in parse(text, NOW)
    ]


@pytest.mark.parametrize("text", ["Shankar ne, shayad, 300 diye", "अशोक ने, शायद, 500 दिए"])
def test_a_doubt_on_a_part_holds_the_entry(text: str) -> None:
    assert [d[-1] for d in decisions(text)] == [Decision.ASK]


@pytest.mark.parametrize(
    "text",
    [
        "Chhotu, Sharma ji ka 200 udhaar likh lena register mein",
        "Chhotu, write 200 credit for Bhatia ji in the register",
        "छोटू, शर्मा जी का 200 उधार रजिस्टर में लिख देना",
    ],
)
def test_an_order_for_the_paper_register_is_asked(text: str) -> None:
    [(intent, _, amount, decision)] = decisions(text)
    assert (intent, amount, decision) == ("ADD_CREDIT", 200, Decision.ASK)


@pytest.mark.parametrize(
    ("text", "customer", "amount"),
    [
        ("Biswajit ne 1200 diye cash mein, confirm hai", "Biswajit", 1200),
        ("Zoya ka 2.5k jama, done", "Zoya", 2500),
        ("definitely write 80 rupees credit for Johnny", "Johnny", 80),
        ("no doubt about it, add 650 to Thomas's account", "Thomas", 650),
        ("देख लिया मैंने, मालती का 480 सही है, उधार लिख दो", "मालती", 480),
    ],
)
def test_firm_words_leave_the_write_sure(text: str, customer: str, amount: int) -> None:
    [(_, name, said, decision)] = decisions(text)
    assert (name, said, decision) == (customer, amount, Decision.ACT)


@pytest.mark.parametrize(
    "text", ["Priya ne 200 diye, pakka nahi pata", "Rahul ne 500 diye, mujhe shak hai"]
)
def test_a_doubt_beside_a_firm_word_still_asks(text: str) -> None:
    assert [d[-1] for d in decisions(text)] == [Decision.ASK]


def test_thinking_aloud_is_no_name_and_writes_nothing() -> None:
    [(_, name, amount, decision)] = decisions("sochta hoon Bablu ka 200 likh doon")
    assert (name, amount, decision) == ("Bablu", 200, Decision.SKIP)
