"""Who a clause is about: a spoken name, "uska" (the customer in focus) or "pehle wale"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.language import lexicon as lx
from domain.language.normalize import Token
from domain.language.numbers import ENGLISH_TENS, FRACTIONS, MULTIPLIERS, PREFIXES, SMALL
from domain.language.timewords import TIME_WORDS as _TIME_WORDS

# Every word the parser knows is not a name; names are what is left before a case marker.
KNOWN = (
    lx.CREDIT | lx.PAYMENT | lx.GAVE | lx.GIVE | lx.BILL | lx.MAKE | lx.REMINDER | lx.CANCEL
    | lx.CHANGE | lx.LIST | lx.BALANCE | lx.TOTAL | lx.WHO | lx.INFO | lx.PHONE | lx.KHATA
    | lx.NEW | lx.CUSTOMER | lx.UNDO | lx.ENTRY | lx.STOCK | lx.ARRIVED | lx.SALE | lx.TODAY
    | lx.HELP | lx.FOCUS | lx.STOP | lx.CASE_MARKERS | lx.HONORIFICS | lx.ACTIVE_REFS
    | lx.PREVIOUS_REFS | lx.FOREIGN | lx.AFTER | lx.JOINERS | lx.FILLER | _TIME_WORDS
    | lx.RULE_WORDS
    | frozenset(lx.MODES) | frozenset(lx.UNITS) | frozenset(lx.PRODUCTS) | frozenset(SMALL)
    | frozenset(MULTIPLIERS) | frozenset(FRACTIONS) | frozenset(PREFIXES) | frozenset(ENGLISH_TENS)
    | lx.words("saman samaan saamaan maal baat karte karenge chahiye wapas mil liye le")
)  # fmt: skip
_NAME_AFTER = lx.CUSTOMER | lx.words("to for from of naam")
_MAX_NAME_WORDS = 3


@dataclass(frozen=True)
class Who:
    """The customer a clause names (`name`), or how it refers to one (`ref`)."""

    name: str | None = None
    ref: str | None = None
    used: frozenset[int] = frozenset()


def is_name_like(token: Token) -> bool:
    k = token.key
    return len(k) >= 2 and k.isalpha() and k not in KNOWN


def spoken(tokens: Sequence[Token]) -> str:
    """The name as spoken: Latin words capitalised, Devanagari kept in its script."""
    return " ".join(t.surface if not t.surface.islower() else t.surface.title() for t in tokens)


def find_who(tokens: Sequence[Token]) -> Who:
    keys = [t.key for t in tokens]
    name = _name_before_marker(tokens) or _name_after_word(tokens)
    if name is not None:
        start, end = name
        return Who(name=spoken(tokens[start:end]), used=frozenset(range(start, end)))
    for i, k in enumerate(keys):
        if k in lx.ACTIVE_REFS:
            return Who(ref="active", used=frozenset({i}))
        if k in lx.PREVIOUS_REFS and i + 1 < len(keys) and keys[i + 1] in lx.CASE_MARKERS:
            return Who(ref="previous", used=frozenset({i, i + 1}))
    return Who()


def _name_before_marker(tokens: Sequence[Token]) -> tuple[int, int] | None:
    for i, token in enumerate(tokens):
        if token.key not in lx.CASE_MARKERS and token.key not in lx.HONORIFICS:
            continue
        end = i
        while end > 0 and tokens[end - 1].key in lx.HONORIFICS:
            end -= 1
        start = end
        while start > 0 and end - start < _MAX_NAME_WORDS and is_name_like(tokens[start - 1]):
            start -= 1
        if start < end:
            return start, end
    return None


def _name_after_word(tokens: Sequence[Token]) -> tuple[int, int] | None:
    for i, token in enumerate(tokens):
        if token.key not in _NAME_AFTER:
            continue
        end = i + 1
        while end < len(tokens) and end - i <= _MAX_NAME_WORDS and is_name_like(tokens[end]):
            end += 1
        if end > i + 1:
            return i + 1, end
    return None


def task_ref(tokens: Sequence[Token]) -> str | dict[str, str]:
    """Which task "ruko"/"cancel" means: "all", "last", or {"customer": name}."""
    keys = {t.key for t in tokens}
    if keys & lx.words("pichla pichhla pichle last aakhri akhri latest"):
        return "last"
    who = find_who(tokens)
    if who.name is not None:
        return {"customer": who.name}
    return "all"
