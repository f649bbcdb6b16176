"""Rules batch 41 led to: the shop's own money said beside an entry (traders, wholesale, the
speaker's relation first: "mama se …", "बेटे को …") is no entry; what is still owed from before
is no second payment; several sums for one customer, a price "44 ki kilo", a sum let go, a sum
explained away after "ruko", a pronoun beside a distributor, all ask."""

from __future__ import annotations

import pytest

from domain.intents import Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        (
            "Agarwal traders ko 8,000 ka payment kiya, aur haan Tenzing Bhutia ne 600 diye cash mein",
            ("RECORD_PAYMENT", "Tenzing Bhutia", 600),
        ),
        (
            "mama se 20,000 liye the, lauta diye, aur Barkat Ali ka saade teen sau udhaar likh do",
            ("ADD_CREDIT", "Barkat Ali", 350),
        ),
        ("बेटे को 4,000 भेजे फोन पे से, और मिंज का 650 फोन पे पर आया है", ("RECORD_PAYMENT", "मिंज", 650)),
        ("मांझी ने 800 दिए, मांझी का पिछला 1,300 अभी भी बाकी है", ("RECORD_PAYMENT", "मांझी", 800)),
        ("Amin paid 700; he still has an old balance of 1,100", ("RECORD_PAYMENT", "Amin", 700)),
    ],
)
def test_only_the_customers_entry_is_written(text: str, entry: tuple[str, str, int]) -> None:
    assert acted(text) == [entry]


@pytest.mark.parametrize(
    "text",
    [
        "kal Agrawal wholesale ko 30,000 ka cheque dena hai",
        "Borrowed 30,000 from my uncle to stock up for Pongal",
    ],
)
def test_the_shops_own_money_is_no_entry(text: str) -> None:
    assert [c.intent for c in parse(text, NOW)] == [Intent.UNKNOWN]


@pytest.mark.parametrize(
    "text",
    [
        "Pegu ke khate mein 200 aur 150 aur 90 daal do",
        "Add 150 and 90 and 60 to Periyasamy's account",
        "cheeni 44 ki kilo, Gaikwad ko 3 kilo udhaar di",
        "Saldanha paid 1,400 against a 1,500 balance, I let the 100 go",
        "Kolli ka 450 udhaar likho, ruko, 450 toh kilo ka bhaav tha, total poochh ke batata hoon",
        "distributor se 10 katte aata aaye, 8,400 diye usko",
        "Nambiar owed 1,800, he paid half today, so record 900",
    ],
)
def test_which_sum_or_whose_is_not_sure_so_nothing_is_written(text: str) -> None:
    assert acted(text) == []


def test_two_modes_are_still_two_payments() -> None:
    assert len(acted("Sunny Deol ne 1000 g pay kiye aur 500 cash diye")) == 2
