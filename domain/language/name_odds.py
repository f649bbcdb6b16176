"""A learned second opinion on names: a write whose customer has a word unlike any name asks.

The rules read a name from where it stands ("X ko", "X ne"), so a word standing there that is
no name ("dekho Kavita", "Kavita chechi") can be read into one and written to the wrong
account. A per-word logistic regression over the word, its shape and its neighbours, trained
at install time on the labelled corpus (`infrastructure/name_model.py`), scores each word of
a write's customer; one it finds unlikely to be a name makes that write ask whose it is. It
only ever holds a write back, never adds one. This module scores with the learned weights;
it does no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.intents import Command, Decision
from domain.language.normalize import Token, tokenize
from domain.language.parser import parse
from domain.language.refs import KNOWN

_NEIGHBOURS = (-2, -1, 1, 2)


def _shape(surface: str) -> str:
    if not surface.isascii():
        return "devanagari"
    if surface[:1].isdigit():
        return "digit"
    return "capital" if surface[:1].isupper() else "lower"


def word_of(token: Token) -> str:
    """The word as a customer's name would hold it: lower case, no punctuation or "'s"."""
    return (token.surface or token.text).lower().strip(".,?!").removesuffix("'s")


def features(tokens: Sequence[Token], i: int) -> list[str]:
    """What the model sees of the word at `i`: itself, its shape, whether the rules know it
    as a word, and the same of two words on each side."""
    token = tokens[i]
    out = [f"key={token.key}", f"shape={_shape(token.surface or token.text)}"]
    if token.key in KNOWN:
        out.append("known")
    for step in _NEIGHBOURS:
        j = i + step
        near = tokens[j] if 0 <= j < len(tokens) else None
        out.append(f"key{step}={near.key if near else '<edge>'}")
        out.append(f"shape{step}={_shape(near.surface or near.text) if near else '<edge>'}")
    return out


@dataclass(frozen=True)
class NameOdds:
    """The learned weights of each feature and the bias; a word is a name with probability
    sigmoid(bias + the weights of its features)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.1  # below it a customer's word is unlike a name

    def of(self, tokens: Sequence[Token], i: int) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features(tokens, i))
        return 1.0 / (1.0 + math.exp(-score))


def name_words(commands: Iterable[Mapping[str, Any]]) -> set[str]:
    """The words, lower case, of every customer the labelled commands name."""
    names = (c.get("entities", {}).get("customer") for c in commands)
    return {word.lower() for name in names if isinstance(name, str) for word in name.split()}


def _words(name: object) -> set[str]:
    return name_words([{"entities": {"customer": name}}])


def held_unlikely_names(text: str, commands: list[Command], odds: NameOdds) -> list[Command]:
    """Each write about to be carried out whose customer has a word the model finds unlike a
    name (below `odds.threshold` wherever it was said) asks whose entry it is."""
    named = {
        i: words
        for i, c in enumerate(commands)
        if c.writes and c.decision is Decision.ACT and (words := _words(c.entities.get("customer")))
    }
    if not named:
        return commands
    tokens = tokenize(text)
    said = set().union(*named.values())
    unlikely = {
        word
        for i, t in enumerate(tokens)
        if (word := word_of(t)) in said and odds.of(tokens, i) < odds.threshold
    }
    return [
        replace(c, decision=Decision.ASK, reason="customer")
        if i in named and not named[i].isdisjoint(unlikely)
        else c
        for i, c in enumerate(commands)
    ]


def understand_names(text: str, now: datetime, odds: NameOdds) -> list[Command]:
    """The parser's commands with the learned check on names applied."""
    return held_unlikely_names(text, parse(text, now), odds)
