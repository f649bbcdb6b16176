"""Shared fixtures for the language tests: a fixed reference time (a Wednesday, IST)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from domain.language.when import IST

NOW = datetime(2025, 1, 15, 10, 0, tzinfo=IST)


def one(text: str, now: datetime = NOW) -> tuple[str, dict[str, Any]]:
    """The single command of `text` as (intent name, entities)."""
    commands = parse(text, now)
    assert len(commands) == 1, [c.to_json() for c in commands]
    return commands[0].intent.value, commands[0].entities


def heard(text: str) -> tuple[Intent, Decision, dict[str, Any]]:
    """The single command of `text` as (intent, the gate's decision, entities)."""
    commands = parse(text, NOW)
    assert len(commands) == 1, [c.to_json() for c in commands]
    return commands[0].intent, commands[0].decision, commands[0].entities


def acted(text: str) -> list[tuple[str, object, object]]:
    """The writes `text` carries out, as (intent name, customer, amount)."""
    return [
        (c.intent.value, c.entities.get("customer"), c.entities.get("amount"))
        for c in parse(text, NOW)
        if c.writes and c.decision is Decision.ACT
    ]


def said(text: str) -> list[tuple[str, dict[str, Any]]]:
    """Every command of `text` as (intent name, entities)."""
    return [(c.intent.value, c.entities) for c in parse(text, NOW)]


@pytest.fixture
def now() -> datetime:
    return NOW
