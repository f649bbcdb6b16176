"""Mobile numbers typed or spoken digit by digit ("nau paanch chhe aath ...", "double two")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.language.normalize import key
from domain.language.numbers import SMALL

_DIGIT_WORDS = {k: str(int(v)) for k, v in SMALL.items() if v < 10}
_DIGIT_WORDS.update({key(w): "0" for w in ("shunya", "sunya", "shoony", "zero", "sifar", "oh")})
_REPEATS = {key("double"): 2, key("triple"): 3, key("dabal"): 2, key("tripal"): 3}
_FILLER = frozenset({"plus", "+", "-"})


@dataclass(frozen=True)
class Phone:
    """Digits of an Indian mobile number (10 digits, country code dropped) and its tokens."""

    digits: str
    used: frozenset[int]


def is_digit_word(k: str) -> bool:
    """A digit said as a word ("nau", "शून्य") or typed; the pieces a spoken number is made of."""
    return k in _DIGIT_WORDS or (k.isdigit() and len(k) <= 5)


def _digits_at(keys: Sequence[str], i: int) -> tuple[str, int] | None:
    k = keys[i]
    if k.isdigit():
        return k, i + 1
    if k in _DIGIT_WORDS:
        return _DIGIT_WORDS[k], i + 1
    if k in _REPEATS and i + 1 < len(keys):
        inner = _digits_at(keys, i + 1)
        if inner is not None and len(inner[0]) == 1:
            return inner[0] * _REPEATS[k], inner[1]
    return None


def find_phone(keys: Sequence[str]) -> Phone | None:
    """The first run of digits that makes a mobile number, or None."""
    if _most_digits(keys) < 10:
        return None  # most clauses: too few digits for any number
    n = len(keys)
    i = 0
    while i < n:
        start = i
        run = ""
        while i < n:
            if keys[i] in _FILLER and run:
                i += 1
                continue
            got = _digits_at(keys, i)
            if got is None:
                break
            run += got[0]
            i = got[1]
        digits = _national(run)
        if digits is not None:
            return Phone(digits, frozenset(range(start, i)))
        i = start + 1  # "badal do nau aath ...": the number may start one word later
    return None


def _most_digits(keys: Sequence[str]) -> int:
    """An upper bound of the digits the words could spell ("triple" makes at most 3 of one)."""
    return sum(
        len(k) if k.isdigit() else 1 if k in _DIGIT_WORDS else 3 if k in _REPEATS else 0
        for k in keys
    )


def _national(run: str) -> str | None:
    if len(run) == 12 and run.startswith("91"):
        run = run[2:]
    elif len(run) == 11 and run.startswith("0"):
        run = run[1:]
    # Indian mobile numbers are ten digits starting 6-9; landlines are rare in a khata.
    if len(run) == 10 and run[0] in "6789":
        return run
    return None
