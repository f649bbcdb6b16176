"""Customer name resolution across spellings, scripts, nicknames, surnames and landmarks."""

from __future__ import annotations

import pytest

from domain.language.names import SUGGEST, DirectoryEntry, resolve

SHOP = (
    DirectoryEntry("c1", "Rahul Sharma"),
    DirectoryEntry("c2", "Priya Patel", aliases=("Pinky",)),
    DirectoryEntry("c3", "Suresh Kumar"),
    DirectoryEntry("c4", "Amit Singh"),
    DirectoryEntry("c5", "Kavita Desai"),
    DirectoryEntry("c6", "Bharat Yadav", landmark="ATM"),
    DirectoryEntry("c7", "Vikas Verma"),
    DirectoryEntry("c8", "Shabnam Bhatia"),
)


@pytest.mark.parametrize(
    ("spoken", "customer_id"),
    [
        ("Rahul", "c1"), ("Raahul", "c1"), ("Rahool", "c1"), ("राहुल", "c1"), ("rahul ji", "c1"),
        ("Sharma ji", "c1"), ("Rahul Sharma", "c1"), ("प्रिया", "c2"), ("Pinky", "c2"),
        ("Suresh bhai", "c3"), ("Sures", "c3"), ("Bharat ATM wala", "c6"), ("ATM wala", "c6"),
        ("Wikas", "c7"), ("Vikaas", "c7"), ("Sabnam", "c8"), ("Bhatia sahab", "c8"),
        ("Batia", "c8"), ("Amith", "c4"), ("Kavitaa Desai", "c5"),
    ],
)  # fmt: skip
def test_match(spoken: str, customer_id: str) -> None:
    result = resolve(spoken, SHOP)
    assert (result.status, result.customer_id) == ("match", customer_id)
    assert result.score >= 0.85


def test_nickname_matches_one_customer_or_asks_between_two() -> None:
    with_rajesh = (*SHOP, DirectoryEntry("c9", "Rajesh Gupta"))
    only_rahul = resolve("Raju", SHOP)
    assert (only_rahul.status, only_rahul.customer_id) == ("match", "c1")
    both = resolve("Raju", with_rajesh)
    assert both.status == "ambiguous"
    assert {c.customer_id for c in both.options} == {"c1", "c9"}


def test_same_name_twice_always_asks() -> None:
    twins = (DirectoryEntry("a", "Rahul Sharma"), DirectoryEntry("b", "Rahul Sharma"))
    result = resolve("Rahul Sharma", twins)
    assert result.status == "ambiguous"
    assert result.customer_id is None
    assert [c.customer_id for c in result.options] == ["a", "b"]


def test_first_name_shared_by_two_asks_full_name_matches() -> None:
    two = (DirectoryEntry("a", "Rahul Sharma"), DirectoryEntry("b", "Rahul Verma"))
    assert resolve("Rahul", two).status == "ambiguous"
    assert resolve("Rahul Verma", two).customer_id == "b"


def test_not_found_suggests_at_most_three() -> None:
    result = resolve("Mohan", SHOP)
    assert result.status == "not_found"
    assert result.customer_id is None
    assert 1 <= len(result.options) <= 3
    assert list(result.options) == sorted(result.options, key=lambda c: -c.score)


def test_empty_directory() -> None:
    assert resolve("Rahul", ()).status == "not_found"


@pytest.mark.parametrize(
    ("spoken", "stored"),
    [("Suresh Sharma", "c3"), ("Priya Sharma", "c2"), ("Rahul Verma", "c1"), ("Amit Patel", "c4")],
)
def test_a_contradicting_surname_is_never_matched_only_suggested(spoken: str, stored: str) -> None:
    result = resolve(spoken, SHOP)
    assert result.status == "not_found"
    assert result.options[0].customer_id == stored
    assert SUGGEST <= result.options[0].score < 0.70


def test_the_same_surname_does_not_make_another_first_name() -> None:
    assert resolve("Suresh Sharma", SHOP).options[0].customer_id != "c1"
    assert resolve("Mohan Sharma", SHOP).status == "not_found"


@pytest.mark.parametrize("spoken", ["sab customers", "Customers", "sabko", "everyone", "सब"])
def test_customers_in_general_are_never_a_name(spoken: str) -> None:
    result = resolve(spoken, SHOP)
    assert (result.status, result.options) == ("not_found", ())
