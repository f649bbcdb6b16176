"""Rules batch 44 led to: a tag question ("300 diye the na", "आया था ना") asks nothing is
written; "… हो तो …" is a condition; a take-back said with no comma ("लिखो छोड़ो रहने दो") holds
the write; "लगाना" is no part of a name."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Pinky ne 300 diye the na", "question"),
        ("राठौड़ का 2000 यूपीआई से आया था ना", "question"),
        ("बिंदु को सामान चाहिए हो तो 300 तक उधार लिख देना", "condition"),
        ("अर्जुन को 400 उधार लिखो छोड़ो रहने दो", "negation"),
    ],
)
def test_the_write_is_held(text: str, reason: str) -> None:
    [command] = parse(text, NOW)
    assert (command.decision, command.reason) == (Decision.SKIP, reason)


@pytest.mark.parametrize("text", ["Rahul ko 500 likh do na", "Rahul ko 500 likh do bas"])
def test_a_softener_or_a_stop_still_writes(text: str) -> None:
    [command] = parse(text, NOW)
    assert command.decision is Decision.ACT


def test_lagana_is_no_part_of_the_name() -> None:
    [command] = parse("रिमाइंडर 4 बजे नहीं 5 बजे का लगाना बेनी प्रसाद को", NOW)
    assert command.entities == {"customer": "बेनी प्रसाद", "when": "2025-01-15T17:00:00+05:30"}


@pytest.mark.parametrize(
    "text", ["Rahul ka 500 jama karo baaki rehne do", "Rahul ka 500 jama karo, baaki rehne do"]
)
def test_the_rest_left_owing_is_no_take_back(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.entities["amount"], command.decision) == (500, Decision.ACT)
