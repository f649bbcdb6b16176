"""Pure scheduling policy: which queued tasks start now, per-customer rate, fair share."""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from domain.intents import Priority

Outcome = Literal["completed", "failed", "cancelled"]

# Reason codes for doomed tasks; the engine fails the task with one of these.
DEPENDENCY_FAILED = "dependency_failed"
DEPENDENCY_CANCELLED = "dependency_cancelled"
DEPENDENCY_INVALID = "dependency_invalid"


@dataclass(frozen=True)
class TaskSlot:
    """What the policy needs of one task. `order` is its arrival sequence in the conversation;
    `queued_at` is in seconds on the caller's monotonic clock, the same clock as `now`."""

    task_id: str
    order: int
    priority: Priority
    customer_key: str | None = None
    depends_on: str | None = None
    queued_at: float = 0.0


@dataclass(frozen=True)
class Decision:
    """`start`: start these now, in this order. `doomed`: fail these with the reason code.
    `waiting_for_slot`: ready tasks left queued only because every slot is taken."""

    start: list[str]
    doomed: list[tuple[str, str]]
    waiting_for_slot: int

    @property
    def ready(self) -> int:
        """Tasks that could run now with unlimited slots: the demand to report to FairShare."""
        return len(self.start) + self.waiting_for_slot


def effective_priority(task: TaskSlot, now: float, aging_seconds: float) -> int:
    """One level better per `aging_seconds` waited, so a LOW task cannot wait forever."""
    waited = max(0.0, now - task.queued_at)
    return max(int(Priority.HIGH), int(task.priority) - math.floor(waited / aging_seconds))


def select_startable(
    queued: Sequence[TaskSlot],
    running: Sequence[TaskSlot],
    finished: Mapping[str, Outcome],
    *,
    limit: int,
    now: float,
    aging_seconds: float,
) -> Decision:
    """Decide which queued tasks start now; call it after every queued/finished/cancelled event.

    Rules: at most `limit` running; one task per customer at a time, in spoken order; a task
    waits for its `depends_on` to complete; best effective priority first, then arrival.
    `finished` must keep every finished task that a queued task still depends on.
    """
    if aging_seconds <= 0:
        raise ValueError("aging_seconds must be positive (math.inf disables aging)")
    in_order = sorted(queued, key=lambda t: t.order)
    live_order = {t.task_id: t.order for t in (*queued, *running)}
    doomed: dict[str, str] = {}
    for task in in_order:  # in spoken order, so a doomed task dooms its dependants at once
        reason = _dependency_problem(task, finished, live_order, doomed)
        if reason is not None:
            doomed[task.task_id] = reason

    busy = {t.customer_key for t in running if t.customer_key is not None}
    head_of: dict[str, TaskSlot] = {}
    rank: dict[str, int] = {}
    candidates: list[TaskSlot] = []
    for task in in_order:
        if task.task_id in doomed:
            continue
        level = effective_priority(task, now, aging_seconds)
        key = task.customer_key
        if key is not None and key in head_of:
            # The head must run before this task anyway, so it inherits the better priority:
            # a credit spoken after a reminder on the same customer is not held back by it.
            head = head_of[key].task_id
            rank[head] = min(rank[head], level)
            continue
        rank[task.task_id] = level
        if key is not None:
            head_of[key] = task
            if key in busy:
                continue
        if task.depends_on is None or finished.get(task.depends_on) == "completed":
            candidates.append(task)

    candidates.sort(key=lambda t: (rank[t.task_id], t.order))
    free = max(0, limit - len(running))  # below zero when the limit shrank: start nothing
    start = [t.task_id for t in candidates[:free]]
    return Decision(
        start=start,
        doomed=list(doomed.items()),
        waiting_for_slot=len(candidates) - len(start),
    )


def _dependency_problem(
    task: TaskSlot,
    finished: Mapping[str, Outcome],
    live_order: Mapping[str, int],
    doomed: Mapping[str, str],
) -> str | None:
    dep = task.depends_on
    if dep is None:
        return None
    if dep in doomed or finished.get(dep) == "failed":
        return DEPENDENCY_FAILED
    if finished.get(dep) == "cancelled":
        return DEPENDENCY_CANCELLED
    if dep in finished:
        return None
    # A predecessor must be spoken earlier; anything else could wait forever on a cycle.
    if dep not in live_order or live_order[dep] >= task.order:
        return DEPENDENCY_INVALID
    return None


class RateLimiter:
    """Sliding window: at most `limit` admissions per key in any `window` seconds."""

    def __init__(self, limit: int = 10, window: float = 60.0) -> None:
        self._limit = limit
        self._window = window
        self._stamps: dict[str, deque[float]] = {}

    def admit(self, key: str, now: float) -> bool:
        """Count one task for `key` at `now` if the window has room; refused ones don't count."""
        stamps = self._stamps.setdefault(key, deque())
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()
        if len(stamps) >= self._limit:
            return False
        stamps.append(now)
        return True

    def room(self, now: float) -> dict[str, int]:
        """How many more each key may have at `now`, for every key counted in the window: a
        copy, so a caller may decide on it elsewhere and `admit` what it decided later."""
        for key in list(self._stamps):
            stamps = self._stamps[key]
            while stamps and stamps[0] <= now - self._window:
                stamps.popleft()
            if not stamps:
                del self._stamps[key]
        return {key: self._limit - len(stamps) for key, stamps in self._stamps.items()}


@dataclass(frozen=True)
class Load:
    running: int
    ready: int


@dataclass(frozen=True)
class Grant:
    """`start`: how many of its ready tasks the session may start now (a prefix of
    `select_startable`'s `start`). `wake`: other sessions that now have a slot waiting."""

    start: int
    wake: tuple[str, ...]


def fair_shares(
    loads: Mapping[str, Load], *, global_limit: int, session_limit: int
) -> dict[str, int]:
    """Max-min fair split of `global_limit` running tasks; ties go to the session listed first.

    Running tasks are never taken away, so a session above its share keeps it until its tasks
    finish; free slots go one at a time to the session holding the fewest.
    """
    share = {sid: load.running for sid, load in loads.items()}
    free = global_limit - sum(share.values())
    cap = {sid: min(session_limit, load.running + load.ready) for sid, load in loads.items()}
    heap = [(share[sid], pos, sid) for pos, sid in enumerate(loads) if share[sid] < cap[sid]]
    heapq.heapify(heap)
    while free > 0 and heap:
        held, pos, sid = heapq.heappop(heap)
        share[sid] = held + 1
        free -= 1
        if held + 1 < cap[sid]:
            heapq.heappush(heap, (held + 1, pos, sid))
    return share


class FairShare:
    """Process-wide budget of running tasks shared between sessions; owned by the caller.

    Each session calls `update` on every event with its running count and `Decision.ready`,
    starts `grant.start` tasks, and pokes the sessions in `grant.wake`. A session's share
    shrinks while others are busy and grows back when they go idle.
    """

    def __init__(self, *, global_limit: int, session_limit: int) -> None:
        self._global_limit = global_limit
        self._session_limit = session_limit
        # Insertion order is the round-robin queue: a session that got a slot goes to the back.
        self._loads: dict[str, Load] = {}
        self._shares: dict[str, int] = {}

    def update(self, session_id: str, *, running: int, ready: int) -> Grant:
        if running or ready:
            self._loads[session_id] = Load(running, ready)  # keeps its place in the queue
        else:
            self._loads.pop(session_id, None)  # idle sessions cost nothing
        self._shares = fair_shares(
            self._loads, global_limit=self._global_limit, session_limit=self._session_limit
        )
        start = max(0, self._shares.get(session_id, 0) - running)
        if start:
            # The caller starts them right away, so count them now; later updates see them.
            del self._loads[session_id]
            self._loads[session_id] = Load(running + start, ready - start)
        wake = tuple(sid for sid, load in self._loads.items() if self._shares[sid] > load.running)
        return Grant(start=start, wake=wake)

    def allowance(self, session_id: str) -> int:
        """How many tasks the session may have running after the last update."""
        return self._shares.get(session_id, 0)
