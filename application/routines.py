"""Routines as use cases: kept on the Shop aggregate, and a run put back into commands.

A run is expanded where a final transcript's commands become tasks (the session calls
`expand` before its intake): the routine's stored steps are parsed again with the same
parser and its customer filled in, so every step meets the same safety gate, confirmation
threshold, scheduler and per-customer order as if it had been spoken then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from application.store import EventStore
from domain.ids import shop_id_of
from domain.intents import CUSTOMER_INTENTS, Command, Intent
from domain.language import parse
from domain.routines import (
    InvalidRoutine,
    Routine,
    RoutineNotFound,
    checked,
    routine_key,
)
from domain.shop import Shop

if TYPE_CHECKING:  # handlers.py registers the task handlers below: no import cycle at run time
    from application.handlers import TaskContext
    from application.khata import Khata
    from application.reports import Reports

Parser = Callable[[str, datetime], list[Command]]
Result = dict[str, Any]
ROUTINE_INTENTS = frozenset(
    {
        Intent.CREATE_ROUTINE,
        Intent.CHANGE_ROUTINE,
        Intent.DELETE_ROUTINE,
        Intent.LIST_ROUTINES,
        Intent.RUN_ROUTINE,
    }
)


class Routines:
    """A shop's routines: listed, created, changed, deleted, and a run expanded."""

    def __init__(self, store: EventStore, parse: Parser) -> None:
        self.store = store
        self.parse = parse

    def _shop(self, slug: str) -> Shop:
        shop = self.store.get(shop_id_of(slug), Shop)
        if shop is None:
            raise RoutineNotFound(f"no shop {slug!r}")
        return shop

    def all(self, shop: str) -> list[Result]:
        return [routine.to_json() for routine in self._shop(shop).routine_list()]

    def get(self, shop: str, name: str) -> Result:
        found = self._shop(shop).routine(routine_key(name))
        if found is None:
            raise RoutineNotFound(f"no routine {name!r}")
        return found.to_json()

    def create(self, shop: str, name: str, steps: Sequence[str], now: datetime) -> Result:
        """A new routine; the same one again (a retried task) is no error."""
        routine = self.understood(checked(name, list(steps)), now)

        def attempt() -> Result:
            directory = self._shop(shop)
            same = directory.routine(routine.key)
            if same is None or same.steps != routine.steps:
                directory.create_routine(routine)  # raises DuplicateRoutine for another one
                self.store.save(directory)
            return _described(routine, created=True)

        return self.store.retrying(attempt)

    def change(self, shop: str, name: str, steps: Sequence[str], now: datetime) -> Result:
        def attempt() -> Result:
            directory = self._shop(shop)
            old = directory.routine(routine_key(name))
            if old is None:
                raise RoutineNotFound(f"no routine {name!r}")
            routine = self.understood(checked(old.name, list(steps)), now)
            if routine.steps != old.steps:
                directory.change_routine(routine.key, list(routine.steps))
                self.store.save(directory)
            return _described(routine, changed=True)

        return self.store.retrying(attempt)

    def delete(self, shop: str, name: str) -> Result:
        def attempt() -> Result:
            directory = self._shop(shop)
            old = directory.routine(routine_key(name))
            if old is None:
                raise RoutineNotFound(f"no routine {name!r}")
            directory.delete_routine(old.key)
            self.store.save(directory)
            return _described(old, deleted=True)

        return self.store.retrying(attempt)

    def understood(self, routine: Routine, now: datetime) -> Routine:
        """Every step must be a command the parser knows, and none a routine of its own."""
        for number, step in enumerate(routine.steps, 1):
            intents = {command.intent for command in self.parse(step, now)}
            if Intent.UNKNOWN in intents or intents & ROUTINE_INTENTS or not intents:
                raise InvalidRoutine(f"step {number} is not a command I know: {step!r}")
        return routine

    # A run

    def expand(
        self,
        shop: str,
        commands: list[Command],
        focus: dict[str, Any] | None,
        now: datetime,
    ) -> list[Command]:
        """Each RUN_ROUTINE replaced by its routine's commands; an unknown routine is kept
        as it is (its task fails and says no routine has that name)."""
        if not any(command.intent is Intent.RUN_ROUTINE for command in commands):
            return commands
        try:
            directory = self._shop(shop)
        except RoutineNotFound:
            return commands
        names = [listing.name for listing in directory.active_customers()]
        out: list[Command] = []
        for command in commands:
            if command.intent is not Intent.RUN_ROUTINE:
                out.append(command)
                continue
            out += self._run(directory, command, names, focus, now) or [command]
        return out

    def _run(
        self,
        directory: Shop,
        command: Command,
        names: list[str],
        focus: dict[str, Any] | None,
        now: datetime,
    ) -> list[Command]:
        spoken = command.entities.get("routine")
        in_focus = command.entities.get("customer_ref") == "active"
        if spoken is None and in_focus and focus:
            spoken = _named_after(directory, str(focus.get("name") or ""))
        routine = directory.routine(routine_key(str(spoken or "")))
        if routine is None:
            return []
        fill: dict[str, Any] = {}
        if in_focus:
            fill = {"customer_ref": "active"}
        elif any(_same_person(routine.key, name) for name in names):
            fill = {"customer": routine.name}  # "Rahul routine": as if "Rahul" were said
        steps: list[Command] = []
        for step in routine.steps:
            for parsed in self.parse(step, now):
                if parsed.intent in ROUTINE_INTENTS or parsed.intent is Intent.UNKNOWN:
                    continue  # never a routine inside a routine
                entities = dict(parsed.entities)
                named = "customer" in entities or "customer_ref" in entities
                if parsed.intent in CUSTOMER_INTENTS and not named:
                    entities |= fill
                entities["routine"] = routine.name
                steps.append(replace(parsed, entities=entities))
        return steps


def _same_person(key: str, name: str) -> bool:
    """ "rahul" is Rahul Sharma's routine: the whole name or the first name."""
    spoken = routine_key(name)
    return bool(spoken) and key in (spoken, spoken.split()[0])


def _named_after(directory: Shop, customer: str) -> str | None:
    """The routine named after the customer in focus ("iska routine chalao")."""
    for routine in directory.routine_list():
        if _same_person(routine.key, customer):
            return routine.name
    return None


def _described(routine: Routine, **done: bool) -> Result:
    return {
        "routine": routine.name,
        "key": routine.key,
        "steps": list(routine.steps),
        "count": len(routine.steps),
        **done,
    }


# Task handlers (registered in application/handlers.py): what a spoken routine command does.


def create_routine(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    name, steps = str(task.entities.get("routine") or ""), task.entities.get("steps") or []
    return Routines(khata.store, parse).create(task.shop, name, list(steps), task.now)


def change_routine(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    name, steps = str(task.entities.get("routine") or ""), task.entities.get("steps") or []
    return Routines(khata.store, parse).change(task.shop, name, list(steps), task.now)


def delete_routine(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return Routines(khata.store, parse).delete(task.shop, str(task.entities.get("routine") or ""))


def list_routines(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    routines = Routines(khata.store, parse).all(task.shop)
    names = ", ".join(str(r["name"]) for r in routines)
    return {"routines": routines, "count": len(routines), "names": names or "—"}


def run_routine(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    """Reached only when the session found no routine of that name to expand."""
    spoken = task.entities.get("routine")
    if spoken is None:
        raise RoutineNotFound("no routine is named after the customer in focus")
    raise RoutineNotFound(f"no routine {spoken!r}")


HANDLERS = {
    Intent.CREATE_ROUTINE: create_routine,
    Intent.CHANGE_ROUTINE: change_routine,
    Intent.DELETE_ROUTINE: delete_routine,
    Intent.LIST_ROUTINES: list_routines,
    Intent.RUN_ROUTINE: run_routine,
}
