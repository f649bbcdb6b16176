"""Fast aggregate replay: the repository reads an aggregate's rows in one select and applies
each @event method straight from the decoded row, without building an event object."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from typing import Any, Protocol, cast, runtime_checkable
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    ProjectorFunction,
    Repository,
    project_aggregate,
)
from eventsourcing.domain import CanMutateAggregate, OriginatorVersionError
from eventsourcing.persistence import DatetimeAsISO, StoredEvent

from application.replay_steps import DATETIME, STEPS, Step, method_for, parameters, step_for
from application.transcoder import FastJSONTranscoder

# originator_version, topic (str, or its UTF-8 bytes: cheaper to fetch from SQLite), state
Row = tuple[int, str | bytes, bytes]
# Applies one event's decoded state to the aggregate: calls the @event method with the state's
# values for its parameters. False, having called nothing, when the state lacks one (an older
# event of a method that gained a parameter): the caller then takes the library's path.
Plan = Callable[[Any, dict[str, Any]], bool]


@runtime_checkable
class RowReader(Protocol):
    """A recorder that reads an aggregate's rows without building StoredEvent objects."""

    def select_rows(self, originator_id: UUID, gt: int | None, lte: int | None) -> Sequence[Row]:
        """(version, topic, state) of the aggregate's events after gt up to lte, in order."""


_plans: dict[str, Plan | None] = {}
GC_PAUSE_ROWS = 1000


def plan_for(topic: str) -> Plan | None:
    """The general path's call of this topic's @event method (from a decoded state); None for
    events the library's path applies (see replay_steps.method_for)."""
    try:
        return _plans[topic]
    except KeyError:
        pass
    method = method_for(topic)
    plan = _caller(method) if method is not None else None
    _plans[topic] = plan
    return plan


def _caller(func: Callable[..., None]) -> Plan | None:
    """`func(aggregate, state["a"], state["b"], …)`, compiled once per event class: no keyword
    dict built per event."""
    names = parameters(func)
    if names is None:
        return None
    values = "".join(f"state[{name!r}], " for name in names)
    source = (
        "def call(aggregate, state):\n"
        f"    try:\n        values = ({values})\n"
        "    except KeyError:\n        return False\n"
        "    func(aggregate, *values)\n"
        "    return True\n"
    )
    namespace: dict[str, Any] = {"func": func}
    exec(source, namespace)  # the source is built from parameter names only
    call: Plan = namespace["call"]
    return call


class FastRepository(Repository[UUID]):
    """The library's Repository, with a faster replay for the default projector; aggregates of
    the `uncached` classes are never kept in the aggregate cache (nor deep-copied out of it)."""

    uncached: tuple[type[Any], ...] = ()

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        if self.cache and version is None and self.uncached:
            try:
                self.cache.get(aggregate_id)
            except KeyError:
                aggregate = self._reconstruct_aggregate(aggregate_id, None, projector_func)
                if isinstance(aggregate, self.uncached):
                    return aggregate  # a fresh object: nobody else holds it
                self.cache.put(aggregate_id, aggregate)
                if deepcopy_from_cache and self.deepcopy_from_cache:
                    aggregate = deepcopy(aggregate)
                return aggregate
        return super().get(
            aggregate_id,
            version=version,
            projector_func=projector_func,
            fastforward_skipping=fastforward_skipping,
            deepcopy_from_cache=deepcopy_from_cache,
        )

    def _reconstruct_aggregate(
        self,
        aggregate_id: UUID,
        version: int | None,
        projector_func: ProjectorFunction[Any, Any],
    ) -> Any:
        mapper = self.event_store.mapper
        if projector_func is not project_aggregate or mapper.cipher or mapper.compressor:
            return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
        aggregate: Any = None
        gt: int | None = None
        if self.snapshot_store is not None:
            snapshots = list(self.snapshot_store.get(aggregate_id, desc=True, limit=1, lte=version))
            for snapshot in snapshots:
                aggregate = cast(CanMutateAggregate[UUID], snapshot).mutate(aggregate)
                gt = snapshot.originator_version
        rows = self._rows(aggregate_id, gt, version)
        # A long replay makes a few containers per event, none of them garbage: the cyclic
        # collector, left on, would walk the growing aggregate again and again (~20% of a
        # 100,000-event replay). Paused, it runs once afterwards. Only the thread that paused it
        # turns it back on.
        paused = len(rows) > GC_PAUSE_ROWS and gc.isenabled()
        if paused:
            gc.disable()
        try:
            aggregate = self._apply_rows(aggregate, aggregate_id, rows)
        finally:
            if paused:
                gc.enable()
        if aggregate is None:
            raise AggregateNotFoundError(
                f"Aggregate {aggregate_id!r} version {version!r} not found."
            )
        return aggregate

    def _rows(self, aggregate_id: UUID, gt: int | None, lte: int | None) -> Sequence[Row]:
        recorder = self.event_store.recorder
        if isinstance(recorder, RowReader):
            return recorder.select_rows(aggregate_id, gt, lte)
        stored = recorder.select_events(aggregate_id, gt=gt, lte=lte)
        return [(s.originator_version, s.topic, s.state) for s in stored]

    def _apply_rows(self, aggregate: Any, aggregate_id: UUID, rows: Iterable[Row]) -> Any:
        transcoder = self.event_store.mapper.transcoder
        # The compiled steps revive datetimes as DatetimeAsISO does: only under that transcoding.
        stepping = isinstance(transcoder, FastJSONTranscoder) and isinstance(
            transcoder.names.get(DATETIME), DatetimeAsISO
        )
        steps: dict[str | bytes, Step | None] = STEPS if stepping else {}
        # The state of the last row a step applied: a step leaves modified_on alone (only the
        # last event's timestamp survives a replay), so it is read from that row at the end.
        unstamped: bytes | None = None
        for version, topic, state in rows:
            step = steps[topic] if topic in steps else step_for(topic, state) if stepping else None
            if step is not None and aggregate is not None:
                # The rows were selected by this aggregate's id: the library's id check cannot
                # fail here; the version check can (a gap, a wrong snapshot).
                if version != aggregate.version + 1:
                    raise OriginatorVersionError(version, aggregate.version + 1)
                if step(aggregate, state):
                    aggregate.version = version
                    unstamped = state
                    continue
            name = topic.decode() if isinstance(topic, bytes) else topic
            aggregate = self._apply_row(aggregate, aggregate_id, version, name, state)
            unstamped = None
        if unstamped is not None:
            aggregate.modified_on = transcoder.decode(unstamped)["timestamp"]
        return aggregate

    def _apply_row(
        self, aggregate: Any, aggregate_id: UUID, version: int, topic: str, state: bytes
    ) -> Any:
        """One row the general way: decoded whole, then the topic's plan or the library's
        mutate."""
        mapper = self.event_store.mapper
        transcoder = mapper.transcoder
        plan = _plans[topic] if topic in _plans else plan_for(topic)
        if plan is not None and aggregate is not None:
            data = (
                transcoder.decode_event(topic, state)
                if isinstance(transcoder, FastJSONTranscoder)
                else transcoder.decode(state)
            )
            if "class_version" not in data:
                if version != aggregate.version + 1:
                    raise OriginatorVersionError(version, aggregate.version + 1)
                if plan(aggregate, data):
                    aggregate.version = version
                    aggregate.modified_on = data["timestamp"]
                    return aggregate
        stored = StoredEvent(aggregate_id, version, topic, bytes(state))
        event = cast(CanMutateAggregate[UUID], mapper.to_domain_event(stored))
        return event.mutate(aggregate)
