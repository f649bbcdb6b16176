"""Rules batch 59 led to: initials are part of a name ("r k sharma", "P. Venkat", "ए के
सिंह"); a name stuttered is said once; a first name that is a day, month or word before a
family name, and "new" / "maa" before a shop's name, start the name; a day or month written
small as the only name asks; "कौन सी गीता" in the same breath asks; "X रामपुर वाले" asks."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("r k sharma ji ke khate mein 450 udhaar likh do", "R K Sharma"),
        ("Mr R K Sharma paid 5000 cash", "R K Sharma"),
        ("add 800 to P. Venkat's account", "P. Venkat"),
        ("ए के सिंह साहब ने फोन पे से 1200 दिए", "ए के सिंह"),
        ("vinod vinod ke khate mein 80 udhaar chadha do", "Vinod"),
        ("Lily Lily Thomas paid 380 on phonepe", "Lily Thomas"),
        ("June Rodrigues paid 900 by card", "June Rodrigues"),
        ("मंगल सिंह ने सात सौ जमा किए", "मंगल सिंह"),
        ("new sai kirana ko 1200 ka maal udhaar diya hai likh lo", "New Sai Kirana"),
        ("मां दुर्गा होटल का बिल बनाओ 10 किलो आलू", "मां दुर्गा होटल"),
    ],
)
def test_the_whole_name(text: str, name: str) -> None:
    assert parse(text, NOW)[0].entities["customer"] == name


@pytest.mark.parametrize(
    "text",
    [
        "monday ko 500 udhaar likh do",
        "mangal ko 300 udhaar",
        "बुध को 150 उधार लिखो",
        "april ko reminder bhej do",
        "गीता को 200 लिखो पर कौन सी गीता पहले पता करो",
        "हरिनारायण रामपुर वाले को 350 उधार लिख दो",
    ],
)
def test_who_is_not_sure(text: str) -> None:
    assert {(c.decision, c.reason) for c in parse(text, NOW)} == {(Decision.ASK, "customer")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("May ko 200 udhaar likho", "May"),
        ("मंगल ने 300 दिए", "मंगल"),
    ],
)
def test_a_name_written_as_one_still_writes(text: str, name: str) -> None:
    [(_, customer, _)] = acted(text)
    assert customer == name


def test_a_thousand_is_no_initial() -> None:
    assert acted("5k Geeta bhabhi ke khate mein daal do") == [("ADD_CREDIT", "Geeta", 5000)]
