"""Rules batches 10 and 11 led to: what is said to the person at the counter before a
command (greetings, a name called out) is nobody's entry; group words beyond three; a count
of things is no money; "she" in a correction is the one just named."""

from __future__ import annotations

import pytest

from domain.intents import WRITES, Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, heard


def acted(text: str) -> list[tuple[str, object, object]]:
    """(intent, customer, amount) of every write carried out."""
    return [
        (c.intent.value, c.entities.get("customer"), c.entities.get("amount"))
        for c in parse(text, NOW)
        if c.decision is Decision.ACT and c.intent in WRITES
    ]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("haan ji bhaiya aaiye baithiye, achha Lalit Joshi ko 450 udhaar likh do", "Lalit Joshi"),
        ("नमस्ते भाभी जी, गिरीश का 1200 उधार चढ़ा दो", "गिरीश"),
        ("haan didi abhi likhta hu, Pushpa didi ka 750 udhaar likho", "Pushpa"),
        ("Sunita bhabhi, Girish ka 1200 udhaar chadha do", "Girish"),
        ("Rahul, Priya ko 100 likho", "Priya"),
    ],
)
def test_words_said_to_the_person_at_the_counter_are_nobodys_entry(text: str, written: str) -> None:
    assert [customer for _, customer, _ in acted(text)] == [written]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul aur Priya ko 100 likho",
        "Rahul ko aur Priya ko 100 likho",
        "Rahul, Priya aur Amit ko 100 likho",
    ],
)
def test_a_list_with_aur_is_still_one_entry_each(text: str) -> None:
    assert len(acted(text)) == text.count(",") + 2


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("kya pata bhai, Priya ko 100 likho", Decision.SKIP),
        ("Rahul bolta hai, Priya ko 100 likho", Decision.SKIP),
        ("shayad Rahul, Priya ko 100 likho", Decision.ASK),
    ],
)
def test_a_clause_before_the_command_keeps_its_hold(text: str, decision: Decision) -> None:
    assert heard(text)[1] is decision


def test_a_greeting_is_no_honoured_name() -> None:
    assert acted("haan ji bhaiya, Lalit ko 450 udhaar likh do") == [("ADD_CREDIT", "Lalit", 450)]


def test_talk_to_the_customer_about_paying_later_writes_nothing() -> None:
    assert acted("आप कल 500 दे जाना भैया") == []


def test_four_named_as_two_is_asked() -> None:
    assert acted("रानी और राजू, चारों को 50 50 उधार लिख दो") == []


def test_a_count_of_things_is_no_money() -> None:
    assert acted("Asha paid 250 or 200, one of those") == []


def test_she_in_a_correction_is_the_one_just_named() -> None:
    intent, decision, entities = heard("Rosy paid 900 in cash, no wait, she paid by card")
    assert (intent, decision) == (Intent.RECORD_PAYMENT, Decision.ACT)
    assert entities == {"customer": "Rosy", "amount": 900, "mode": "card"}


def test_words_of_comfort_hold_nothing() -> None:
    assert acted("Rahul ka 500 likho, koi baat nahi") == [("ADD_CREDIT", "Rahul", 500)]


@pytest.mark.parametrize(
    "text",
    ["कोई बात नहीं हरी भैया, 900 अगले महीने दे देना", "Dinesh bhai aap parso de dena 650"],
)
def test_money_asked_of_the_customer_for_later_writes_nothing(text: str) -> None:
    assert acted(text) == []


def test_a_title_comes_before_its_name() -> None:
    assert [
        c.entities.get("customer")
        for c in parse("no hurry Mr Pillai, you can pay the 650 on Monday", NOW)
    ] != ["Hurry"]


@pytest.mark.parametrize(
    "text",
    [
        "Santosh ka bill cancel karna hai kya? pooch ke batata hu",
        "Sweety ka udhaar mat jodna 300, wo saman chhod ke chali gayi",
    ],
)
def test_a_verb_before_ke_is_no_name(text: str) -> None:
    assert len(parse(text, NOW)) == 1


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Rahul ne 500 cash nahi upi se diye", "upi"),
        ("फ़ातिमा ने 400 दिए कार्ड से, नहीं कार्ड नहीं, हाथ में दिए", "cash"),
    ],
)
def test_a_mode_taken_back_gives_way_to_the_next(text: str, mode: str) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision, entities["mode"]) == (Intent.RECORD_PAYMENT, Decision.ACT, mode)


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("namaste uncle aao baitho Iqbal ka balance kitna hai dikhao zara", "Iqbal"),
        ("नमस्ते चाचा जी अरे विनोद का बकाया कितना है बताओ", "विनोद"),
        ("hello sir how are you what's Venkatesh's balance", "Venkatesh"),
        ("Rahul bhai, Priya ka balance batao", "Priya"),
        ("Sharma ji 500 likho", "Sharma"),
    ],
)
def test_the_one_greeted_is_not_the_one_asked_about(text: str, customer: str) -> None:
    assert [c.entities.get("customer") for c in parse(text, NOW)] == [customer]


@pytest.mark.parametrize(
    ("text", "product", "quantity"),
    [
        ("doodh aa gaya 20 litre stock mein daal do", "milk", 20),
        ("चीनी आ गई 50 किलो स्टॉक में चढ़ा दो", "sugar", 50),
    ],
)
def test_goods_that_came_then_their_quantity(text: str, product: str, quantity: int) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision) == (Intent.UPDATE_STOCK, Decision.ACT)
    assert (entities["product"], entities["quantity"]) == (product, quantity)
