"""Rules batch 36 led to: "जी पे" after "या" (or) or another mode is the app, so a mode in
doubt after a payment holds it; a nephew, a niece or a cousin is a relation, never a name."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


@pytest.mark.parametrize(
    "text",
    ["मिठू पाल ने 650 दिए हैं, कैश था या जी पे याद नहीं", "मिठू पाल ने 650 दिए हैं, कैश या जी पे याद नहीं"],
)
def test_two_modes_in_doubt_after_a_payment_hold_it(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.entities["customer"], command.decision) == ("मिठू पाल", Decision.ASK)


def test_ji_pe_after_a_name_is_still_the_honorific() -> None:
    assert all(c.entities.get("mode") != "upi" for c in parse("Sharma ji pe 500 baaki hai", NOW))


@pytest.mark.parametrize(
    "text",
    ["My nephew sent me 5,000 on GPay for the shop", "mere bhatije ne 2000 bheje dukaan ke liye"],
)
def test_family_money_for_the_shop_is_no_entry(text: str) -> None:
    assert [c.intent for c in parse(text, NOW)] == [Intent.UNKNOWN]
