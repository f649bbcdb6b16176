"""Reminder times ("kal shaam 7 baje", "2 ghante baad", "agle somvar") resolved in IST.

Rules, as the README states them:
- Times resolve in Asia/Kolkata. India has no daylight saving, so a fixed +05:30 offset is
  exact and keeps this module free of tz-database reads.
- "N baje" with a period word (subah/dopahar/shaam/raat, am/pm), before or after the hour:
  "10 baje subah" is 10:00, "shaam 7 baje" is 19:00, "raat 2 baje" is 02:00.
- "N baje" with no period: 1-6 mean the afternoon/evening (13:00-18:00), 7-12 the
  morning; and if that moment is already past today, the same hour twelve hours later
  when that is still today, else the next day.
- A day with no hour: 10:00 that day. A period with no hour: subah 09:00, dopahar 14:00,
  shaam 18:00, raat 21:00.
- Weekdays ("somvar", "agle friday"): the next such day after today; "agle" does not
  skip a week.
- "N tarikh": day N of this month, or of the next month when N is already past.
- Nothing at all: `default_when` = tomorrow 10:00 ("kal subah 10 baje").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from domain.language import timewords as tw
from domain.language.normalize import key
from domain.language.numbers import (
    ENGLISH_TENS,
    FRACTIONS,
    MULTIPLIERS,
    PREFIXES,
    SMALL,
    read_number,
)

IST = timezone(timedelta(hours=5, minutes=30), "IST")
# Words a number can start with (besides digits): read_number is tried only there, since it
# runs on every word of every clause.
_NUMBER_STARTS = (
    frozenset(SMALL) | frozenset(ENGLISH_TENS) | frozenset(FRACTIONS) | frozenset(PREFIXES)
    | frozenset(MULTIPLIERS)
)  # fmt: skip
# Every word a time can start with (digits and "10:30" start with a digit): _scan skips others.
_TRIGGERS = (
    _NUMBER_STARTS | frozenset(tw.DAYS) | frozenset(tw.WEEKDAYS) | frozenset(tw.PERIODS)
    | frozenset(tw.MONTHS) | tw.NEXT | tw.HALF | tw.IN | tw.DAY_UNITS
    | frozenset({"weekend", "midnight"})
)  # fmt: skip
DEFAULT_HOUR = 10


@dataclass(frozen=True)
class When:
    """A resolved reminder time; `used` are the token indices that spoke it."""

    at: datetime
    used: frozenset[int]
    # Whether a day (or an offset from now) was spoken, not only an hour or a period.
    dated: bool = True


@dataclass
class _Found:
    days: int | None = None
    weekday: int | None = None
    day_of_month: int | None = None
    month: int | None = None
    offset: timedelta | None = None
    hour: float | None = None
    minute: int = 0
    period: str | None = None


def default_when(now: datetime) -> datetime:
    """Tomorrow at 10:00 IST: what a reminder with no time means."""
    today = now.astimezone(IST).date()
    return datetime.combine(today + timedelta(days=1), time(DEFAULT_HOUR), IST)


# "kal ki jagah Friday": the new time follows these; "Friday instead of tomorrow": it comes
# first (or follows, when nothing before "instead" is a time).
_INSTEAD_AFTER = frozenset(
    key(w) for w in ("jagah", "jageh", "bajaye", "bajay", "जगह", "बजाय", "बजाए")
)
_INSTEAD = key("instead")
# "Sahdev ka reminder kal ka tha, usko Friday kar do", "भोला का रिमाइंडर कल वाला शुक्रवार कर
# दो": the time before "was" / "the one of" is the old one when another follows.
_THE_OLD_ONE = frozenset(
    key(w) for w in ("tha", "thi", "wala", "wali", "vala", "था", "थी", "वाला", "वाली")
)
_CLAUSE_ENDS = frozenset({",", key("aur"), key("and")})


def find_when(keys: Sequence[str], now: datetime) -> When | None:
    """The time spoken in `keys`, or None when the clause names none."""
    start, end = _new_time_span(keys)
    found, used = _scan(keys[start:end])
    if not used:
        return None
    dated = any(
        x is not None
        for x in (found.days, found.weekday, found.day_of_month, found.month, found.offset)
    )
    return When(_resolve(found, now.astimezone(IST)), frozenset(i + start for i in used), dated)


def _new_time_span(keys: Sequence[str]) -> tuple[int, int]:
    """The words that hold the new time when one time replaces another, else all of them."""
    n = len(keys)
    for i, k in enumerate(keys):
        if k in _INSTEAD_AFTER and i + 1 < n:
            return i + 1, n
        if k in _THE_OLD_ONE and _scan(keys[:i])[1] and _scan(keys[i + 1 :])[1]:
            return i + 1, n
        if k == _INSTEAD:
            if _scan(keys[:i])[1]:
                return 0, i
            # "instead of tomorrow, remind him on Friday": the new time is the next clause's.
            rest = next((j + 1 for j in range(i + 1, n) if keys[j] in _CLAUSE_ENDS), n)
            return rest, n  # none: only the old time was said
    return 0, n


def _scan(keys: Sequence[str]) -> tuple[_Found, set[int]]:
    f = _Found()
    used: set[int] = set()
    n = len(keys)
    i = 0
    while i < n:
        k = keys[i]
        if k not in _TRIGGERS and not k[:1].isdigit():
            i += 1  # most words say nothing about time
            continue
        nxt = keys[i + 1] if i + 1 < n else ""
        if k in tw.DAYS:
            f.days = tw.DAYS[k]
            used.add(i)
        if k in tw.WEEKDAYS:
            f.weekday = tw.WEEKDAYS[k]
            used.add(i)
        if k in tw.PERIODS:
            f.period = tw.PERIODS[k]
            used.add(i)
        if (
            k in tw.MONTHS
            and k != "mai"
            or (k == "mai" and i + 1 < n and keys[i + 1][:1].isdigit())
        ):
            f.month = tw.MONTHS[k]
            used.add(i)
            if i + 1 < n and keys[i + 1].isdigit() and 1 <= int(keys[i + 1]) <= 31:
                f.day_of_month = int(keys[i + 1])  # "August 5th", "January 1"
                used.update(
                    (i + 1, i + 2) if i + 2 < n and keys[i + 2] in tw.ORDINALS else (i + 1,)
                )
                i += 2
                continue
        if k in tw.NEXT and nxt in tw.WEEK_UNITS | tw.keys("mahine mahina month"):
            f.days = 7 if nxt in tw.WEEK_UNITS else 30
            used.update((i, i + 1))
        if k == "weekend":
            f.weekday = 5
            used.add(i)
        if k == "midnight":
            f.hour, f.period = 12.0, "night"
            used.add(i)
        if k in tw.HALF and nxt in tw.HOURS and i + 2 < n and keys[i + 2] in tw.LATER:
            f.offset = timedelta(minutes=30)
            used.update((i, i + 1, i + 2))
            i += 3
            continue
        if k in tw.IN and i + 2 < n and nxt in tw.AN and keys[i + 2] in tw.HOURS | tw.MINUTES:
            # "in an hour", "in a minute"; "in half an hour" is 30 minutes.
            minutes = 60 if keys[i + 2] in tw.HOURS else 1
            f.offset = timedelta(minutes=minutes)
            used.update((i, i + 1, i + 2))
            i += 3
            continue
        half_hour = i + 3 < n and nxt in tw.HALF and keys[i + 2] in tw.AN
        if k in tw.IN and half_hour and keys[i + 3] in tw.HOURS:
            f.offset = timedelta(minutes=30)
            used.update(range(i, i + 4))
            i += 4
            continue
        if k in tw.DAY_UNITS and nxt in tw.AFTER and i + 2 < n and keys[i + 2] in tw.DAYS:
            f.days = tw.DAYS[keys[i + 2]] + 1  # "the day after tomorrow"
            used.update((i, i + 1, i + 2))
            i += 3
            continue
        if ":" in k:
            hh, mm = k.split(":")
            f.hour, f.minute = float(hh), min(int(mm), 59)
            used.add(i)
        elif (k[:1].isdigit() or k in _NUMBER_STARTS) and (
            num := read_number(keys, i, tw.NUMBER_CONTEXT)
        ) is not None:
            value, j = num
            unit = keys[j] if j < n else ""
            after = keys[j + 1] if j + 1 < n else ""
            later = after in tw.LATER or (i > 0 and keys[i - 1] in {"in", "after"})
            span = set(range(i, j + 1))
            # "subah 3 din baad": a number with a duration unit and "baad" is never an hour.
            duration = later and unit in tw.HOURS | tw.MINUTES | tw.DAY_UNITS | tw.WEEK_UNITS
            if not duration and (
                unit in tw.BAJE
                or (unit in tw.PERIODS and value <= 12)
                or (_in_the_period(keys, j) and value <= 12)  # "tomorrow 8 in the morning"
                or (i > 0 and keys[i - 1] in tw.HOUR_LEADS and value <= 12)
                # "move Rahul's reminder to 4": "to" an hour, only as the clause's last word
                or (i > 0 and keys[i - 1] in tw.TO and value <= 12 and _ends(keys, j))
            ):
                f.hour = value
                used.update(span if unit in tw.HOUR_MARKS else range(i, j))
                m = read_number(keys, j + 1) if unit in tw.BAJE and after else None
                if m is not None and m[1] < n and keys[m[1]] in tw.MINUTES:
                    f.minute = min(int(m[0]), 59)
                    used.update(range(j + 1, m[1] + 1))
            elif (
                unit in tw.TARIKH or unit in tw.ORDINALS or unit in tw.MONTHS
            ) and 1 <= value <= 31:
                f.day_of_month = int(value)
                used.update(span)
                if unit in tw.ORDINALS and after in tw.MONTHS:
                    f.month = tw.MONTHS[after]  # "16th april"
                    used.add(j + 1)
                elif unit in tw.MONTHS:
                    f.month = tw.MONTHS[unit]  # "15 march"
            elif duration:
                used.update(span | {j + 1} if after in tw.LATER else span)
                if unit in tw.HOURS:
                    f.offset = timedelta(hours=value)
                elif unit in tw.MINUTES:
                    f.offset = timedelta(minutes=value)
                else:
                    f.days = int(value * (7 if unit in tw.WEEK_UNITS else 1))
            i = max(j, i + 1)
            continue
        i += 1
    return f, used


# Words that may close a clause after its last real word: "… to 4 please".
_CLOSING = frozenset(key(w) for w in ["please", "plz", "na", "abhi", "jaldi", "yaar", "ji", "bhai"])


_THE = key("the")


def _in_the_period(keys: Sequence[str], j: int) -> bool:
    return (
        list(keys[j : j + 2]) == [key("in"), _THE]
        and j + 2 < len(keys)
        and keys[j + 2] in tw.PERIODS
    )


def _ends(keys: Sequence[str], j: int) -> bool:
    return all(k in _CLOSING for k in keys[j:])


def _resolve(f: _Found, now: datetime) -> datetime:
    if f.offset is not None:
        return (now + f.offset).replace(second=0, microsecond=0)
    today = now.date()
    day: date | None = None
    if f.days is not None:
        day = today + timedelta(days=f.days)
    elif f.weekday is not None:
        day = today + timedelta(days=(f.weekday - today.weekday() - 1) % 7 + 1)
    elif f.day_of_month is not None:
        day = _next_date(today, f.day_of_month, f.month)
    elif f.month is not None:
        day = _next_date(today, 1, f.month)
    if f.hour is None:
        at = datetime.combine(day or today, time(tw.PERIOD_DEFAULT.get(f.period or "", 10)), IST)
        return at + timedelta(days=1) if day is None and at <= now else at
    whole = int(f.hour) % 24
    # "saade 7" reads as 7.5 and "paune 8" as 7.75: the fraction is the minutes.
    minute = f.minute or round((f.hour - int(f.hour)) * 60)
    hour = _to_24h(whole, f.period)
    at = datetime.combine(day or today, time(hour, minute), IST)
    if f.period == "night" and hour < 5 and day is not None:
        at += timedelta(days=1)  # "aaj raat 12 baje" is the midnight after today
    if f.period is None and at <= now and hour < 12 and at + timedelta(hours=12) > now:
        at += timedelta(hours=12)
    elif day is None and at <= now:
        at += timedelta(days=1)
    return at


def _to_24h(hour: int, period: str | None) -> int:
    if period == "am":
        return hour % 12
    if period in {"pm", "eve"} or (period == "noon" and hour < 12 and hour <= 6):
        return hour % 12 + 12
    if period == "night":
        return hour % 12 + 12 if 5 <= hour < 12 else hour % 12
    if period is None and 1 <= hour <= 6:
        return hour + 12
    return hour


def _next_date(today: date, day_of_month: int, month: int | None) -> date:
    """The first date on or after today with that day (and month, when given)."""
    year, m = today.year, today.month
    for _ in range(60):
        if (month is None or m == month) and (year, m, day_of_month) >= (
            today.year,
            today.month,
            today.day,
        ):
            try:
                return date(year, m, day_of_month)
            except ValueError:
                pass  # 31 tarikh in a 30-day month: try the month after
        m, year = (1, year + 1) if m == 12 else (m + 1, year)
    return today
