"""Rules batch 58 led to: regional honorifics after a name (chechi, bhau, भाऊ; "anna" written
small) are no part of it; "hold on, that amount is wrong" with no comma holds the write."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bindu chechi ne 500 cash diye", "Bindu"),
        ("तुकाराम भाऊ ने 500 दिए QR स्कैन करके", "तुकाराम"),
        ("Sunil bhau ka 800 jama karo", "Sunil"),
    ],
)
def test_a_regional_honorific_is_no_part_of_the_name(text: str, name: str) -> None:
    [(_, customer, _)] = acted(text)
    assert customer == name


def test_anna_written_small_after_a_name_is_the_title() -> None:
    [command] = parse("murugan anna ka 1200 gpay se aaya hai", NOW)
    assert command.entities["customer"] == "Murugan"


def test_anna_alone_is_a_name() -> None:
    assert acted("Anna ne 500 diye") == [("RECORD_PAYMENT", "Anna", 500)]


def test_hold_on_the_amount_is_wrong_asks() -> None:
    [command] = parse("Add 300 to Rekha's account hold on that amount is wrong", NOW)
    assert (command.decision, command.reason) == (Decision.ASK, "correction")
