"""Rules batches 61 and 62 led to: paaji, tau / ताऊ, mashi / मासी after a name are
honorifics; "give him 70 back, it was 430 and he gave 500" is change counted, no entry."""

from __future__ import annotations

import pytest

from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ओमपाल ताऊ ने दूध के 640 नकद दिए", "ओमपाल"),
        ("tumpa mashi ne 1200 diye cash mein", "Tumpa"),
        ("टुम्पा मासी के खाते में ढाई सौ लिख दो", "टुम्पा"),
        ("Navjot paaji ko 650 likho", "Navjot"),
    ],
)
def test_an_elders_title_is_no_part_of_the_name(text: str, name: str) -> None:
    assert parse(text, NOW)[0].entities["customer"] == name


def test_change_counted_aloud_writes_nothing() -> None:
    assert acted("give him 70 back it was 430 and he gave 500") == []


def test_a_number_in_groups_is_no_change() -> None:
    [command] = parse("Change Debbarma's number to 8794 112 306", NOW)
    assert command.entities == {"customer": "Debbarma", "phone": "8794112306"}


@pytest.mark.parametrize(
    "text",
    [
        "लक्ष्मण महतो ने जी पे 750 जमा किए",
        "रोज़ी आंटी का 900 जी पे पे आ गया जमा कर दो",
        "पार्वती ने 1100 जमा किए जी पे",
    ],
)
def test_g_pay_as_hindi_speech_to_text_splits_it(text: str) -> None:
    [command] = parse(text, NOW)
    assert command.entities["mode"] == "upi"


@pytest.mark.parametrize(
    "text",
    [
        "yesterday Bindu took 300 worth of stuff on credit right please",
        "Ammini took 3000 worth last Onam, remember please",
    ],
)
def test_a_tag_then_please_still_asks(text: str) -> None:
    assert acted(text) == []
