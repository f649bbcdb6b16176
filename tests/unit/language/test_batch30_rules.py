"""Rules batch 30 led to: friends, neighbours and people beside are nobody's name; a relation
after "ki" and "ek wale" of two ask; "this gentleman" is the one in focus; a title takes only
the capitalised words after it; "unka" after two people asks."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    "text",
    [
        "Kalu aaya tha apne dost ke saath, Kalu ke naam 120 likho",
        "Kalu aaya tha apne padosi ke saath, Kalu ke naam 120 likho",
    ],
)
def test_a_friend_said_in_passing_is_no_second_customer(text: str) -> None:
    assert all(name == "Kalu" for _, name, _ in acted(text))


@pytest.mark.parametrize(
    "text",
    [
        "Suman ki bhabhi aayi thi, unka 300 likh do",
        "put 150 on his brother's account",
        "do Amit hain na, ek wale Amit ka 200 jama karo",
        "दो सुनील हैं, एक वाले सुनील के 500 जमा करो",
        "one of the Rahuls paid 200, I forget which",
        "yeh wali aunty ka 90 likh do, nahi wo peeche wali",
        "Sharma ji aur Verma ji dono aaye the unka 500 jama karo",
    ],
)
def test_someone_not_told_by_name_is_asked_about(text: str) -> None:
    assert acted(text) == []


def test_a_relation_whose_khata_is_named_still_writes_to_that_khata() -> None:
    assert acted("Pinky ki mummy ne Pinky ke khate mein 300 diye") == [
        ("RECORD_PAYMENT", "Pinky", 300)
    ]


@pytest.mark.parametrize(
    "text", ["this gentleman took 180 worth, add it to his tab", "ye bhaiya ka 180 likho"]
)
def test_the_one_pointed_at_is_the_customer_in_focus(text: str) -> None:
    (command,) = parse(text, NOW)
    assert command.entities.get("customer_ref") == "active"


def test_a_title_takes_only_the_capitalised_words_after_it() -> None:
    (command,) = parse("Mr. Iyer dropped by, add 450 to his tab", NOW)
    assert command.entities["customer"] == "Iyer"


def test_both_with_no_names_is_still_the_two_last_in_focus() -> None:
    (command,) = parse("cancel both their reminders", NOW)
    assert (command.entities, command.decision) == ({"customer_ref": "recent:2"}, Decision.ACT)
