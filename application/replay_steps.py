"""Replay steps: per event topic, one function compiled from the first stored row of that topic
that parses a row and calls the topic's @event method, reviving only the datetimes among its
parameters; a method with an empty body is not even parsed."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson
from eventsourcing.domain import (
    CanInitAggregate,
    CanMutateAggregate,
    DecoratedFuncCaller,
    decorated_funcs,
)
from eventsourcing.utils import resolve_topic

# Applies one stored row's state to the aggregate (everything but version and modified_on,
# which the caller sets). False, having called nothing, for a row shaped unlike the one the step
# was compiled from (a custom type inside a value, a None where a datetime was, a missing
# parameter, a class_version): the caller then decodes it the general way.
Step = Callable[[Any, bytes], bool]
DATETIME = "datetime_iso"  # DatetimeAsISO's name: {"_type_": "datetime_iso", "_data_": "…"}
TYPE_KEY = b'"_type_"'  # inside a JSON string it is escaped (\"_type_\"), so never counted

_methods: dict[str, Callable[..., None] | None] = {}
STEPS: dict[str | bytes, Step | None] = {}  # by topic, and by its UTF-8 bytes


def method_for(topic: str) -> Callable[..., None] | None:
    """The @event method an event of this topic calls, when applying it is exactly the library's
    CanMutateAggregate.mutate + DecoratedFuncCaller.apply; None for anything else (creation
    events, snapshots, custom apply or mutate, versioned classes)."""
    try:
        return _methods[topic]
    except KeyError:
        pass
    cls = resolve_topic(topic)
    method: Callable[..., None] | None = None
    applies = [c for c in cls.__mro__ if "apply" in vars(c)]
    if (
        isinstance(cls, type)
        and issubclass(cls, DecoratedFuncCaller)
        and not issubclass(cls, CanInitAggregate)
        and cls.mutate is CanMutateAggregate.mutate
        and applies == [DecoratedFuncCaller, CanMutateAggregate]
        and getattr(cls, "class_version", 1) == 1
        and inspect.isfunction(decorated_funcs.get(cls))
    ):
        method = decorated_funcs[cls]
    _methods[topic] = method
    return method


def parameters(method: Callable[..., None]) -> list[str] | None:
    """The names the method takes after self, or None when one is not a plain parameter."""
    found = list(inspect.signature(method).parameters.values())[1:]
    if any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in found):
        return None
    return [p.name for p in found]


def _empty(self: Any) -> None:
    pass


def _documented(self: Any) -> None:
    """Only a docstring: its None is the code's second constant, so other bytecode."""


# What an @event method whose body does nothing compiles to, in this interpreter.
EMPTY_BODIES = {_empty.__code__.co_code, _documented.__code__.co_code}


def _skip(aggregate: Any, data: bytes) -> bool:
    return True


def _is_datetime(value: Any) -> bool:
    return (
        type(value) is dict
        and len(value) == 2
        and value.get("_type_") == DATETIME
        and type(value.get("_data_")) is str
    )


def step_for(topic: str | bytes, sample: bytes) -> Step | None:
    """The step for this topic, compiled from `sample` (a stored state of it) the first time."""
    try:
        return STEPS[topic]
    except KeyError:
        pass
    step = _compile(topic.decode() if isinstance(topic, bytes) else topic, sample)
    STEPS[topic] = step
    return step


def _compile(topic: str, sample: bytes) -> Step | None:
    method = method_for(topic)
    names = parameters(method) if method is not None else None
    if method is None or names is None:
        return None
    if method.__code__.co_code in EMPTY_BODIES:
        return _skip  # e.g. CommandRecognized: the event only counts (version, modified_on)
    try:
        state = orjson.loads(sample)
    except orjson.JSONDecodeError:
        return None
    if type(state) is not dict or not _is_datetime(state.get("timestamp")):
        return None
    dates = {key for key, value in state.items() if _is_datetime(value)}
    lines = [
        "def step(aggregate, data):",
        f"    if type(data) is not bytes or data.count(TYPE_KEY) != {len(dates)}:",
        "        return False",
        "    try:",
        "        state = loads(data)",
        "        if 'class_version' in state:",
        "            return False",
    ]
    # Every marker counted must be one of the expected datetimes (the timestamp, and any other
    # the method does not take): a marker missing from one of them could be inside a value.
    for key in sorted(dates.difference(names)):
        lines.append(f"        if state[{key!r}]['_type_'] != {DATETIME!r}:")
        lines.append("            return False")
    for index, name in enumerate(names):
        lines.append(f"        v{index} = state[{name!r}]")
        if name in dates:
            lines.append(f"        if len(v{index}) != 2 or v{index}['_type_'] != {DATETIME!r}:")
            lines.append("            return False")
            lines.append(f"        v{index} = fromisoformat(v{index}['_data_'])")
    # The method runs outside the try: an error of its own is the domain's, never a fallback
    # (which would apply the event a second time).
    arguments = "".join(f", v{index}" for index in range(len(names)))
    lines += [
        "    except (KeyError, TypeError, ValueError):",  # orjson's JSONDecodeError included
        "        return False",
        f"    func(aggregate{arguments})",
        "    return True",
    ]
    namespace: dict[str, Any] = {
        "func": method,
        "loads": orjson.loads,
        "fromisoformat": datetime.fromisoformat,
        "TYPE_KEY": TYPE_KEY,
    }
    exec("\n".join(lines), namespace)  # built from parameter names and counts only
    step: Step = namespace["step"]
    return step
