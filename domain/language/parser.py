"""parse(): one utterance to its commands - clauses, intents, entities, shared context.

Clauses split on commas, "aur"/"and" and "phir"/"aur phir"/"uske baad"/"then"; the last
kind sets `after_previous`. A clause with no intent of its own borrows one: it joins the
next clause ("Rahul ko 2 milk | aur 1 bread ka bill bana do" is one invoice) or, when it
names another customer, repeats the neighbouring intent for that customer ("Rahul ko 100
aur Priya ko 50 udhaar likho" is two credits). A later command with no name, or with
"uska", inherits the last name spoken in the utterance as `customer`.

Entity values: `customer` as spoken (Latin words capitalised, Devanagari kept, honorifics
dropped); `customer_ref` "active" (uska/iska/usko/isko/unka) or "previous" (pehle wale);
`amount` in rupees, an int when whole; `items` [{"product", "quantity", "unit"}] with
`unit` None when none is spoken and common synonyms named as the catalogue does (doodh ->
milk); `when` ISO 8601 in +05:30 (CREATE_REMINDER with no time: tomorrow 10:00, see
when.py); `phone` ten digits; `task_ref` "all" (ruko, sab cancel), "last" (pichla wala) or
{"customer": name} ("Priya wala cancel").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.intents import CUSTOMER_INTENTS, Command, Intent
from domain.language import lexicon as lx
from domain.language.classify import Clue, classify
from domain.language.entities import Found, entities_for, find
from domain.language.normalize import SEPARATOR, Token, key, tokenize
from domain.language.numbers import ENGLISH_TENS, MULTIPLIERS, SMALL
from domain.language.refs import KNOWN

_AND = Token("aur", "aur", "aur")
_THEN_PAIRS = frozenset(
    (key(a), key(b))
    for a, b in (("aur", "phir"), ("and", "then"), ("uske", "baad"), ("iske", "baad"),
                 ("uske", "bad"), ("iske", "bad"), ("aur", "fir"), ("or", "phir"))
)  # fmt: skip
_THEN = frozenset(key(w) for w in ("phir", "fir", "then"))
_NAMED_LISTS = frozenset({Intent.LIST_REMINDERS})


@dataclass(frozen=True)
class _Clause:
    tokens: tuple[Token, ...]
    after: bool
    found: Found
    intent: Intent | None


def parse(text: str, now: datetime) -> list[Command]:
    """The commands spoken in `text`; never raises (anything odd becomes UNKNOWN)."""
    try:
        return understand(text, now)
    except Exception:  # a safety net for the live session; the property tests call understand
        return [Command(Intent.UNKNOWN)]


def understand(text: str, now: datetime) -> list[Command]:
    clauses = [_analyse(tokens, after, now) for tokens, after in _split(tokenize(text))]
    merged = _merge([c for c in clauses if c.tokens], now)
    commands = [_command(c, now) for c in merged if c.intent is not None]
    known = [c for c in commands if c.intent is not Intent.UNKNOWN]
    if not known:
        return [Command(Intent.UNKNOWN)]
    # The same command said twice in a row ("galti ho gayi, undo karo") is said once.
    unique = [c for i, c in enumerate(known) if i == 0 or c != known[i - 1]]
    return _carry_names(unique)


def _split(tokens: Sequence[Token]) -> list[tuple[tuple[Token, ...], bool]]:
    parts: list[tuple[tuple[Token, ...], bool]] = []
    current: list[Token] = []
    after = False
    i = 0
    n = len(tokens)
    while i < n:
        k = tokens[i].key
        nxt = tokens[i + 1].key if i + 1 < n else ""
        width, then = 0, False
        if (k, nxt) in _THEN_PAIRS:
            width, then = 2, True
        elif k in _THEN and nxt != "se":  # "phir se" is "again", not "then"
            width, then = 1, True
        elif k == SEPARATOR or (k in lx.JOINERS and not _inside_number(tokens, i)):
            width = 1
        if width:
            if current:
                parts.append((tuple(current), after))
                current, after = [], False
            after = after or then
            i += width
            continue
        current.append(tokens[i])
        i += 1
    if current:
        parts.append((tuple(current), after))
    return parts


def _inside_number(tokens: Sequence[Token], i: int) -> bool:
    # "two hundred and fifty": the "and" belongs to the number.
    if tokens[i].key != "and" or i == 0 or i + 1 >= len(tokens):
        return False
    return tokens[i - 1].key in MULTIPLIERS and (
        tokens[i + 1].key in SMALL or tokens[i + 1].key in ENGLISH_TENS
    )


def _analyse(tokens: tuple[Token, ...], after: bool, now: datetime) -> _Clause:
    found = find(tokens, now)
    keys = [t.key for t in tokens]
    unknown = sum(
        1
        for i, k in enumerate(keys)
        if k.isalpha() and k not in KNOWN and i not in found.who.used and len(k) > 1
    )
    clue = Clue(
        keys=keys,
        keyset=frozenset(keys),
        unknown=unknown,
        text=" " + " ".join(keys) + " ",
        who=found.who,
        has_amount=found.amount is not None,
        has_items=bool(found.items),
        has_when=found.when is not None,
        has_phone=found.phone is not None,
        only_task_words=all(k in lx.TASK_WORDS or i in found.who.used for i, k in enumerate(keys)),
    )
    return _Clause(tokens, after, found, classify(clue))


def _merge(clauses: list[_Clause], now: datetime) -> list[_Clause]:
    out: list[_Clause] = []
    pending: _Clause | None = None
    for c in clauses:
        if pending is not None:
            if c.intent is None:
                pending = _analyse(pending.tokens + (_AND,) + c.tokens, pending.after, now)
                continue
            if pending.found.who.name and c.found.who.name:
                out.append(replace(pending, intent=c.intent))
                out.append(c)
            else:
                joined = _analyse(pending.tokens + (_AND,) + c.tokens, pending.after, now)
                out.append(joined if joined.intent is not None else c)
            pending = None
            continue
        if out and _adds_phone(out[-1], c):
            out[-1] = _analyse(out[-1].tokens + c.tokens, out[-1].after, now)
            continue
        if c.intent is None and out and (attached := _attach(out[-1], c, now)) is not None:
            out[-1:] = attached
            continue
        if c.intent is None:
            pending = c
            continue
        out.append(c)
    if pending is not None and not out:
        fallback = Intent.UNDO_LAST_ENTRY if pending.tokens and _undo_words(pending) else None
        out.append(replace(pending, intent=fallback or Intent.UNKNOWN))
    return out


def _attach(prev: _Clause, c: _Clause, now: datetime) -> list[_Clause] | None:
    """A trailing clause with no intent: the same intent for another customer, or more items."""
    if prev.intent is None:
        return None
    if c.found.who.name and prev.intent in CUSTOMER_INTENTS:
        return [prev, replace(c, intent=prev.intent)]
    if c.found.items and prev.intent in {Intent.CREATE_INVOICE, Intent.UPDATE_STOCK}:
        joined = _analyse(prev.tokens + (_AND,) + c.tokens, prev.after, now)
        return [replace(joined, intent=prev.intent)]
    return None


def _adds_phone(prev: _Clause, c: _Clause) -> bool:
    """ "naya customer Pooja jodo, number 98..." - the number belongs to the new customer."""
    return (
        prev.intent is Intent.CREATE_CUSTOMER
        and prev.found.phone is None
        and c.intent is Intent.UPDATE_CUSTOMER_PHONE
        and c.found.who.name is None
        and c.found.who.ref is None
    )


def _undo_words(c: _Clause) -> bool:
    return any(t.key in lx.UNDO for t in c.tokens)


def _command(c: _Clause, now: datetime) -> Command:
    assert c.intent is not None
    entities: dict[str, Any] = entities_for(c.intent, c.found, c.tokens, now)
    return Command(c.intent, entities, after_previous=c.after)


def _carry_names(commands: list[Command]) -> list[Command]:
    out: list[Command] = []
    last_name: str | None = None
    for index, cmd in enumerate(commands):
        ents = cmd.entities
        takes_name = cmd.intent in CUSTOMER_INTENTS or cmd.intent in _NAMED_LISTS
        if "customer" in ents:
            last_name = ents["customer"]
        elif takes_name and last_name and ents.get("customer_ref", "active") == "active":
            ents = {"customer": last_name} | {k: v for k, v in ents.items() if k != "customer_ref"}
        out.append(replace(cmd, entities=ents, after_previous=cmd.after_previous and index > 0))
    return out
