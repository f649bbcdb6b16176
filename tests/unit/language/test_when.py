"""Reminder times resolved in IST against a fixed `now` (Wednesday 2025-01-15 10:00)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.language.normalize import tokenize
from domain.language.when import IST, default_when, find_when
from tests.unit.language.conftest import NOW, one


def at(text: str, now: datetime = NOW) -> str | None:
    found = find_when([t.key for t in tokenize(text)], now)
    return None if found is None else found.at.isoformat()


@pytest.mark.parametrize(
    ("spoken", "iso"),
    [
        ("kal shaam 7 baje", "2025-01-16T19:00"), ("10 baje subah", "2025-01-16T10:00"),
        ("kal subah 10 baje", "2025-01-16T10:00"), ("parso 11 baje", "2025-01-17T11:00"),
        ("aaj raat 9 baje", "2025-01-15T21:00"), ("raat 2 baje", "2025-01-16T02:00"),
        ("kal dopahar 2 baje", "2025-01-16T14:00"), ("kal 4:30", "2025-01-16T16:30"),
        ("kal saade 7 baje shaam", "2025-01-16T19:30"), ("kal sawa 9 baje", "2025-01-16T09:15"),
        ("kal paune 6 baje shaam", "2025-01-16T17:45"), ("2 ghante baad", "2025-01-15T12:00"),
        ("30 minute baad", "2025-01-15T10:30"), ("aadhe ghante baad", "2025-01-15T10:30"),
        ("dedh ghante baad", "2025-01-15T11:30"), ("3 din baad", "2025-01-18T10:00"),
        ("agle somvar", "2025-01-20T10:00"), ("friday ko 5 pm", "2025-01-17T17:00"),
        ("budhvar ko", "2025-01-22T10:00"), ("20 tarikh ko", "2025-01-20T10:00"),
        ("5 tarikh ko", "2025-02-05T10:00"), ("कल शाम सात बजे", "2025-01-16T19:00"),
        ("tomorrow at 5:30 pm", "2025-01-16T17:30"), ("9 baje", "2025-01-15T21:00"),
        ("subah 9 baje", "2025-01-16T09:00"), ("shaam ko", "2025-01-15T18:00"),
        ("16th april ko", "2025-04-16T10:00"), ("agle hafte", "2025-01-22T10:00"),
    ],
)  # fmt: skip
def test_times(spoken: str, iso: str) -> None:
    assert at(spoken) == iso + ":00+05:30"


def test_ten_baje_subah_is_morning_not_night() -> None:
    assert at("10 baje subah") == at("subah 10 baje") == "2025-01-16T10:00:00+05:30"


def test_no_time_means_tomorrow_ten_o_clock() -> None:
    assert at("Rahul ko 500 ka reminder") is None
    _, entities = one("Rahul ko reminder bhejo")
    assert entities["when"] == default_when(NOW).isoformat() == "2025-01-16T10:00:00+05:30"


def test_now_in_another_timezone_is_read_in_ist() -> None:
    utc_evening = datetime(2025, 1, 15, 19, 0, tzinfo=UTC)  # 00:30 on the 16th in IST
    assert at("kal subah 8 baje", utc_evening) == "2025-01-17T08:00:00+05:30"
    assert default_when(utc_evening) == datetime(2025, 1, 17, 10, 0, tzinfo=IST)


def test_thirty_first_in_a_short_month_moves_to_the_next_long_month() -> None:
    feb = datetime(2025, 2, 10, 9, 0, tzinfo=IST)
    assert at("31 tarikh", feb) == "2025-03-31T10:00:00+05:30"


@pytest.mark.parametrize(
    ("spoken", "iso"),
    [
        ("10 baje subah 3 din baad", "2025-01-18T10:00:00+05:30"),
        ("subah 3 din baad", "2025-01-18T09:00:00+05:30"),
        ("subah 9 baje", "2025-01-16T09:00:00+05:30"),
    ],
)
def test_a_number_with_a_duration_and_baad_is_never_an_hour(spoken: str, iso: str) -> None:
    assert at(spoken) == iso
