"""Routines (voice macros): a shop's named sequences of spoken commands, and their rules.

A routine is kept on the Shop aggregate under its key: the name as spoken, lower-cased, with
"wala"/"the"/"routine" dropped, so "subah wala routine" and "Subah routine" are one routine.
Steps are stored as the words were spoken; a run parses them again with the same parser, so
a routine always means what its words mean today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import DomainError

MAX_ROUTINES = 50
MAX_STEPS = 10
MAX_NAME_CHARS = 40
MAX_STEP_CHARS = 200

# Words around a name that never tell two routines apart.
_FILLERS = frozenset(
    ("wala", "wali", "wale", "waala", "vala", "the", "a", "my", "routine", "routines")
    + ("रूटीन", "रुटीन", "वाला", "वाली", "वाले")
)
_SPACE = re.compile(r"[\s\-_:,.;!?।\"']+")
_STEP_SPLIT = re.compile(r"[,;\n।]+")


class RoutineNotFound(DomainError):
    code = "routine_not_found"


class DuplicateRoutine(DomainError):
    code = "duplicate_routine"


class InvalidRoutine(DomainError):
    code = "invalid_routine"


@dataclass(frozen=True)
class Routine:
    key: str
    name: str
    steps: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "name": self.name, "steps": list(self.steps)}


def routine_key(name: str) -> str:
    """The name as matched: "Subah wala" and "subah" are the same routine."""
    words = [w for w in _SPACE.split(name.casefold()) if w and w not in _FILLERS]
    return " ".join(words)


def split_steps(spoken: str) -> list[str]:
    """Steps from one spoken list: commas, semicolons, the danda or new lines part them."""
    return [step.strip() for step in _STEP_SPLIT.split(spoken) if step.strip()]


def checked(name: str, steps: list[str] | tuple[str, ...]) -> Routine:
    """A routine within the shop's bounds, or InvalidRoutine saying which bound it broke."""
    shown = " ".join(name.split())
    key = routine_key(shown)
    if not key or len(shown) > MAX_NAME_CHARS:
        raise InvalidRoutine(f"a routine needs a name of 1 to {MAX_NAME_CHARS} characters")
    cleaned = tuple(" ".join(step.split()) for step in steps if step.strip())
    if not 1 <= len(cleaned) <= MAX_STEPS:
        raise InvalidRoutine(f"a routine has 1 to {MAX_STEPS} steps, not {len(cleaned)}")
    if any(len(step) > MAX_STEP_CHARS for step in cleaned):
        raise InvalidRoutine(f"a step is at most {MAX_STEP_CHARS} characters")
    return Routine(key, shown, cleaned)
