"""The labelled corpora (tests/data/*.tsv): reading them and scoring the parser against them.

Whole-command accuracy: the commands, in order, match their labels (intent, decision,
after_previous, entities; a label with a decision lists only the entities it is sure of).
A wrong write: the parser would carry out a write (decision ACT) that no label carries out
with the same intent and the same customer, amount, mode, goods (items, product, quantity,
unit), time and phone number; each label's write pairs with at most one carried-out write,
so a write carried out twice counts once as wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from domain.intents import WRITES, Command, Intent
from domain.language.name_odds import NameOdds, understand_names
from infrastructure import name_model

DATA = Path(__file__).resolve().parent / "data"
DEVELOPMENT = DATA / "labelled_utterances.tsv"
BLIND = DATA / "blind_utterances.tsv"
_WRITE_NAMES = frozenset(i.value for i in WRITES)
# What makes a write the right one (see the definition of a wrong write).
# A reminder at another time, or a phone number with other digits, is as wrong as another amount.
_WRITE_KEYS = (
    "customer",
    "customer_ref",
    "amount",
    "mode",
    "items",
    "product",
    "quantity",
    "unit",
    "when",
    "phone",
)


@dataclass(frozen=True)
class Row:
    text: str
    now: datetime
    expected: list[dict[str, Any]]
    language: str


def read(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        language = cells[3].strip() if len(cells) > 3 else "hinglish"
        expected = json.loads(cells[2])["commands"]
        rows.append(Row(cells[0], datetime.fromisoformat(cells[1]), expected, language))
    return rows


@cache
def _odds() -> NameOdds:
    return name_model.load()


def understand(text: str, now: datetime) -> list[Command]:
    """What the product understands: the parser and the learned check on names."""
    return understand_names(text, now, _odds())


def labels(text: str, now: datetime) -> list[dict[str, Any]]:
    out = []
    for command in understand(text, now):
        item = command.to_json()
        if command.after_previous:
            item["after_previous"] = True
        out.append(item)
    return out


def matches(got: dict[str, Any], want: dict[str, Any]) -> bool:
    if got["intent"] != want["intent"] or got.get("decision") != want.get("decision"):
        return False
    if bool(got.get("after_previous")) != bool(want.get("after_previous")):
        return False
    entities = got.get("entities", {})
    if want.get("decision"):
        return all(entities.get(k) == v for k, v in want.get("entities", {}).items())
    return bool(entities == want.get("entities", {}))


def whole(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    return len(got) == len(want) and all(matches(g, w) for g, w in zip(got, want, strict=True))


def _acted_writes(commands: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in commands if c["intent"] in _WRITE_NAMES and not c.get("decision")]


def _same_write(got: dict[str, Any], want: dict[str, Any]) -> bool:
    g, w = got.get("entities", {}), want.get("entities", {})
    return got["intent"] == want["intent"] and all(g.get(k) == w.get(k) for k in _WRITE_KEYS)


def wrong_writes(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> int:
    """Carried-out writes that no label carries out with the same entities."""
    unmatched = _acted_writes(want)
    wrong = 0
    for write in _acted_writes(got):
        match = next((w for w in unmatched if _same_write(write, w)), None)
        if match is None:
            wrong += 1
        else:
            unmatched.remove(match)
    return wrong


@dataclass
class Score:
    rows: int = 0
    whole: int = 0
    intents: int = 0
    wrong_write_rows: int = 0

    def add(self, got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
        self.rows += 1
        ok = whole(got, want)
        self.whole += ok
        self.intents += [c["intent"] for c in got] == [c["intent"] for c in want]
        self.wrong_write_rows += wrong_writes(got, want) > 0
        return ok

    @property
    def accuracy(self) -> float:
        return self.whole / self.rows if self.rows else 0.0

    @property
    def wrong_write_rate(self) -> float:
        return self.wrong_write_rows / self.rows if self.rows else 0.0


def score(rows: Iterable[Row]) -> dict[str, Score]:
    """Scores per language and for all rows together (key "all")."""
    scores: dict[str, Score] = {"all": Score()}
    for row in rows:
        got = labels(row.text, row.now)
        scores["all"].add(got, row.expected)
        scores.setdefault(row.language, Score()).add(got, row.expected)
    return scores


def is_write(intent: str) -> bool:
    return Intent(intent) in WRITES
