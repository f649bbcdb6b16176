"""Property tests: the parser never raises, and amounts survive being re-spoken in words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from indic_numtowords import num2words

from domain.intents import Command
from domain.language import parse
from domain.language.parser import understand
from tests.unit.language.conftest import NOW

_offsets = st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-12), max_value=timedelta(hours=14))
)
_nows = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=_offsets
)
_words = st.sampled_from(
    [
        "Rahul",
        "ko",
        "ka",
        "ne",
        "se",
        "udhaar",
        "jama",
        "bill",
        "reminder",
        "kal",
        "10",
        "baje",
        "subah",
        "do",
        "sau",
        "dedh",
        "₹",
        "1,50,000",
        "aur",
        "phir",
        ",",
        "uska",
        "pehle",
        "wale",
        "9568926253",
        "nau",
        "kilo",
        "milk",
        "ruko",
        "tarikh",
        "ghante",
        "baad",
        "lakh",
        "saade",
        "राहुल",
        "उधार",
        "सौ",
        "बजे",
        "कल",
        "।",
    ]
)
_mixed = st.lists(st.one_of(_words, st.text(max_size=8)), max_size=14).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), _mixed), now=_nows)
def test_understand_never_raises(text: str, now: datetime) -> None:
    commands = understand(text, now)  # no safety net: a bug would raise here
    assert commands
    assert all(isinstance(c, Command) for c in commands)
    for c in commands:
        c.to_json()


def _respoken(value: int | float, lang: str) -> str:
    return num2words(value, lang=lang) if isinstance(value, int) else str(value)


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(min_value=1, max_value=99_99_99_999),
    lang=st.sampled_from(["hi", "en"]),
    template=st.sampled_from(["Rahul ko {} rupaye udhaar likho", "Priya ne {} rupaye jama kiye"]),
)
def test_amount_respoken_in_words_parses_back(value: int, lang: str, template: str) -> None:
    spoken = template.format(num2words(value, lang=lang))
    (command,) = parse(spoken, NOW)
    assert command.entities["amount"] == value


@settings(max_examples=300, deadline=None)
@given(text=_mixed)
def test_any_printed_amount_reparses_to_itself(text: str) -> None:
    for command in parse(text, NOW):
        amount = command.entities.get("amount")
        if amount is None:
            continue
        for lang in ("hi", "en"):
            again = parse(f"Rahul ko {_respoken(amount, lang)} rupaye udhaar likho", NOW)
            assert [c.entities.get("amount") for c in again] == [amount]
