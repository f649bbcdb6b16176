"""The scheduling policy: example tests per rule, then hypothesis simulations of whole runs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domain.intents import Priority
from domain.scheduling import (
    DEPENDENCY_CANCELLED,
    DEPENDENCY_FAILED,
    DEPENDENCY_INVALID,
    Decision,
    FairShare,
    Grant,
    Load,
    Outcome,
    RateLimiter,
    TaskSlot,
    fair_shares,
    select_startable,
)

HIGH, NORMAL, LOW = Priority.HIGH, Priority.NORMAL, Priority.LOW


def slot(
    order: int,
    priority: Priority = NORMAL,
    customer: str | None = None,
    after: int | None = None,
    at: float = 0.0,
) -> TaskSlot:
    return TaskSlot(
        task_id=f"t{order}",
        order=order,
        priority=priority,
        customer_key=customer,
        depends_on=None if after is None else f"t{after}",
        queued_at=at,
    )


def decide(
    queued: Sequence[TaskSlot],
    running: Sequence[TaskSlot] = (),
    finished: dict[str, Outcome] | None = None,
    *,
    limit: int = 3,
    now: float = 0.0,
    aging: float = math.inf,
) -> Decision:
    return select_startable(
        queued, running, finished or {}, limit=limit, now=now, aging_seconds=aging
    )


# --- select_startable, one rule at a time -------------------------------------------------


def test_starts_up_to_the_limit_and_counts_the_rest() -> None:
    decision = decide([slot(i) for i in range(5)], limit=3)
    assert decision.start == ["t0", "t1", "t2"]
    assert decision.waiting_for_slot == 2
    assert decision.ready == 5


def test_running_tasks_take_slots_and_a_shrunk_limit_starts_nothing() -> None:
    assert decide([slot(2), slot(3)], running=[slot(0), slot(1)], limit=3).start == ["t2"]
    assert decide([slot(3)], running=[slot(0), slot(1), slot(2)], limit=2).start == []


def test_higher_priority_first_then_arrival_order() -> None:
    queued = [slot(0, LOW), slot(1, NORMAL), slot(2, HIGH), slot(3, HIGH), slot(4, NORMAL)]
    assert decide(queued, limit=4).start == ["t2", "t3", "t1", "t4"]


def test_aging_lifts_a_waiting_task_one_level_per_period() -> None:
    old_low, new_high = slot(0, LOW, at=0.0), slot(1, HIGH, at=19.0)
    assert decide([old_low, new_high], limit=1, now=19.0, aging=10.0).start == ["t1"]
    # After two periods LOW has reached HIGH, and it was spoken first.
    assert decide([old_low, new_high], limit=1, now=20.0, aging=10.0).start == ["t0"]


def test_same_customer_runs_one_at_a_time_in_spoken_order() -> None:
    queued = [slot(1, HIGH, "asha"), slot(2, LOW, "babu")]
    assert decide(queued, running=[slot(0, LOW, "asha")]).start == ["t2"]
    later_high = [slot(0, LOW, "asha"), slot(1, HIGH, "asha"), slot(2, LOW, "babu")]
    assert decide(later_high).start == ["t0", "t2"]


def test_blocking_task_inherits_the_priority_of_what_waits_behind_it() -> None:
    queued = [slot(0, LOW, "asha"), slot(1, HIGH, "asha"), slot(2, NORMAL, "babu")]
    assert decide(queued, limit=1).start == ["t0"]


def test_tasks_without_a_customer_are_independent() -> None:
    assert decide([slot(0), slot(1)], running=[slot(9)]).start == ["t0", "t1"]


def test_dependant_waits_until_its_predecessor_completed() -> None:
    dependant = slot(1, HIGH, after=0)
    assert decide([dependant], running=[slot(0)]).start == []
    assert decide([dependant], finished={"t0": "completed"}).start == ["t1"]


def test_failed_predecessor_dooms_the_whole_chain_at_once() -> None:
    queued = [slot(1, after=0), slot(2, after=1), slot(3)]
    decision = decide(queued, finished={"t0": "failed"})
    assert decision.doomed == [("t1", DEPENDENCY_FAILED), ("t2", DEPENDENCY_FAILED)]
    assert decision.start == ["t3"]


def test_cancelled_predecessor_gives_its_own_reason() -> None:
    decision = decide([slot(1, after=0)], finished={"t0": "cancelled"})
    assert decision.doomed == [("t1", DEPENDENCY_CANCELLED)]


def test_a_doomed_task_does_not_hold_up_its_customer() -> None:
    queued = [slot(1, customer="asha", after=0), slot(2, customer="asha")]
    decision = decide(queued, finished={"t0": "failed"})
    assert decision.start == ["t2"]


def test_dependency_on_an_unknown_or_later_task_is_invalid() -> None:
    queued = [slot(1, after=7), slot(2, after=3), slot(3)]
    decision = decide(queued, limit=1)
    assert decision.doomed == [("t1", DEPENDENCY_INVALID), ("t2", DEPENDENCY_INVALID)]
    assert decision.start == ["t3"]


def test_aging_period_must_be_positive() -> None:
    with pytest.raises(ValueError):
        decide([slot(0)], aging=0.0)


# --- RateLimiter --------------------------------------------------------------------------


def test_rate_limiter_admits_ten_a_minute_per_customer() -> None:
    limiter = RateLimiter()
    assert all(limiter.admit("asha", float(second)) for second in range(10))
    assert not limiter.admit("asha", 30.0)
    assert limiter.admit("babu", 30.0)
    assert limiter.admit("asha", 60.0)  # the call at second 0 has left the window
    assert not limiter.admit("asha", 60.5)


@given(
    calls=st.lists(st.tuples(st.sampled_from("xy"), st.floats(0, 20)), max_size=60),
    limit=st.integers(1, 5),
    window=st.floats(1, 30),
)
def test_rate_limiter_matches_a_brute_force_count(
    calls: list[tuple[str, float]], limit: int, window: float
) -> None:
    limiter = RateLimiter(limit, window)
    admitted: dict[str, list[float]] = {"x": [], "y": []}
    now = 0.0
    for key, step in calls:
        now += step
        room = sum(1 for t in admitted[key] if t > now - window) < limit
        assert limiter.admit(key, now) is room
        if room:
            admitted[key].append(now)


# --- FairShare ----------------------------------------------------------------------------


def test_a_lone_session_gets_its_full_limit() -> None:
    fair = FairShare(global_limit=6, session_limit=3)
    assert fair.update("a", running=0, ready=5).start == 3


def test_parallelism_shrinks_under_load_and_recovers_after() -> None:
    fair = FairShare(global_limit=4, session_limit=3)
    assert fair.update("a", running=0, ready=5).start == 3
    assert fair.update("b", running=0, ready=5).start == 1
    assert fair.update("c", running=0, ready=5).start == 0  # nobody is preempted
    # One of a's tasks finishes: the slot goes to c, who holds none, and c is woken.
    assert fair.update("a", running=2, ready=2) == Grant(start=0, wake=("c",))
    assert fair.update("c", running=0, ready=5).start == 1
    assert [fair.allowance(s) for s in "abc"] == [2, 1, 1]
    # b and c go idle: a grows back to its full limit.
    assert fair.update("b", running=0, ready=0).wake == ("c",)
    assert fair.update("c", running=0, ready=0).wake == ("a",)
    assert fair.update("a", running=2, ready=2).start == 1


def test_equal_sessions_take_turns_for_a_freed_slot() -> None:
    fair = FairShare(global_limit=3, session_limit=3)
    fair.update("a", running=0, ready=1)
    fair.update("b", running=0, ready=1)
    assert fair.update("a", running=1, ready=3).start == 1
    assert fair.update("b", running=1, ready=3).start == 0
    # One of a's finishes; both now hold one, and b has waited longer.
    assert fair.update("a", running=1, ready=2) == Grant(start=0, wake=("b",))
    assert fair.update("b", running=1, ready=3).start == 1
    assert fair.update("b", running=1, ready=2).wake == ("a",)


# --- Whole runs, simulated ----------------------------------------------------------------


@dataclass
class Session:
    """One conversation driven the way the engine drives it, checking every rule as it goes."""

    limit: int
    aging: float = 10.0
    now: float = 0.0
    queued: list[TaskSlot] = field(default_factory=list)
    running: list[TaskSlot] = field(default_factory=list)
    finished: dict[str, Outcome] = field(default_factory=dict)
    started: list[TaskSlot] = field(default_factory=list)

    def speak(self, task: TaskSlot) -> None:
        self.queued.append(replace(task, queued_at=self.now))

    def finish(self, task: TaskSlot, outcome: Outcome) -> None:
        self.running.remove(task)
        self.finished[task.task_id] = outcome

    def cancel(self, task: TaskSlot) -> None:
        self.queued.remove(task)
        self.finished[task.task_id] = "cancelled"

    def decide(self) -> Decision:
        return select_startable(
            self.queued,
            self.running,
            self.finished,
            limit=self.limit,
            now=self.now,
            aging_seconds=self.aging,
        )

    def apply(self, decision: Decision, starts: int | None = None) -> None:
        for task_id, reason in decision.doomed:
            task = self._queued(task_id)
            assert task.depends_on is not None
            expected = "cancelled" if reason == DEPENDENCY_CANCELLED else "failed"
            assert reason != DEPENDENCY_INVALID and self.finished[task.depends_on] == expected
            self.queued.remove(task)
            self.finished[task_id] = "failed"
        for task_id in decision.start[:starts]:
            task = self._queued(task_id)
            assert task in self.ready(), f"{task_id} started before its turn"
            self.queued.remove(task)
            self.running.append(task)
            self.started.append(task)
        assert len(self.running) <= self.limit
        assert not any(
            self.finished.get(t.depends_on or "") in ("failed", "cancelled") for t in self.queued
        ), "a doomed task was left queued"

    def step(self) -> None:
        self.apply(self.decide())
        # Work-conserving: a free slot means nothing was ready.
        assert len(self.running) == self.limit or not self.ready()
        assert self.running or not self.queued, "deadlock"

    def ready(self) -> list[TaskSlot]:
        """Brute-force readiness, written independently of the policy."""

        def free(task: TaskSlot) -> bool:
            key = task.customer_key
            return key is None or not any(
                o.customer_key == key and (o in self.running or o.order < task.order)
                for o in (*self.queued, *self.running)
            )

        return [
            t
            for t in self.queued
            if free(t) and (t.depends_on is None or self.finished.get(t.depends_on) == "completed")
        ]

    def _queued(self, task_id: str) -> TaskSlot:
        return next(t for t in self.queued if t.task_id == task_id)


@st.composite
def spoken_tasks(draw: st.DrawFn, max_size: int = 10) -> list[TaskSlot]:
    """Tasks in spoken order; a dependency always names an earlier task, as "aur phir" does."""
    tasks = []
    for i in range(draw(st.integers(1, max_size))):
        after = draw(st.none() | st.integers(0, i - 1)) if i else None
        customer = draw(st.sampled_from([None, "asha", "babu", "chand"]))
        tasks.append(slot(i, draw(st.sampled_from(Priority)), customer, after))
    return tasks


OUTCOMES: list[Outcome] = ["completed", "completed", "completed", "failed", "cancelled"]


@settings(deadline=None)
@given(
    tasks=spoken_tasks(),
    limit=st.integers(1, 4),
    aging=st.sampled_from([1.0, 10.0, math.inf]),
    data=st.data(),
)
def test_any_run_keeps_every_rule_and_finishes_everything(
    tasks: list[TaskSlot], limit: int, aging: float, data: st.DataObject
) -> None:
    session, script = Session(limit, aging), list(tasks)
    while script or session.queued or session.running:
        possible = {"speak": script, "finish": session.running, "cancel": session.queued}
        events = [event for event, can in possible.items() if can]
        event = data.draw(st.sampled_from(events))
        session.now += data.draw(st.floats(0, 30))
        if event == "speak":
            session.speak(script.pop(0))
        elif event == "finish":
            task = data.draw(st.sampled_from(session.running))
            session.finish(task, data.draw(st.sampled_from(OUTCOMES)))
        else:
            session.cancel(data.draw(st.sampled_from(session.queued)))
        session.step()

    assert set(session.finished) == {t.task_id for t in tasks}
    for key in ("asha", "babu", "chand"):
        orders = [t.order for t in session.started if t.customer_key == key]
        assert orders == sorted(orders)


def run_against_endless_high_priority(
    tasks: list[TaskSlot], *, limit: int, aging: float, steps: int
) -> set[str]:
    """Each second the oldest running task completes and a new HIGH task is spoken."""
    session = Session(limit, aging)
    for task in tasks:
        session.speak(task)
    session.step()
    for second in range(steps):
        session.now += 1.0
        if session.running:
            session.finish(session.running[0], "completed")
        session.speak(slot(1000 + second, HIGH))
        session.step()
    return {t.task_id for t in session.started}


@settings(deadline=None)
@given(tasks=spoken_tasks(), limit=st.integers(1, 3), aging=st.floats(0.5, 20))
def test_aging_starts_every_task_despite_endless_high_priority_work(
    tasks: list[TaskSlot], limit: int, aging: float
) -> None:
    # Once aged to HIGH, an older task outranks every newcomer; its blockers are older tasks,
    # each done within `limit` seconds of starting.
    bound = math.ceil(2 * aging) + (limit + 1) * (len(tasks) + 1)
    started = run_against_endless_high_priority(tasks, limit=limit, aging=aging, steps=bound)
    assert {t.task_id for t in tasks} <= started


def test_without_aging_a_low_task_starves() -> None:
    # The control for the property above: the endless stream really would starve it.
    tasks = [slot(0, HIGH), slot(1, LOW)]
    started = run_against_endless_high_priority(tasks, limit=1, aging=math.inf, steps=50)
    assert "t1" not in started
    assert "t1" in run_against_endless_high_priority(tasks, limit=1, aging=5.0, steps=50)


loads_by_session = st.dictionaries(
    st.sampled_from(["s1", "s2", "s3", "s4", "s5", "s6"]),
    st.builds(Load, running=st.integers(0, 3), ready=st.integers(0, 6)),
    min_size=1,
)


@given(loads=loads_by_session, global_limit=st.integers(1, 12), session_limit=st.integers(3, 4))
def test_fair_shares_stay_within_both_limits_and_leave_no_slot_idle(
    loads: dict[str, Load], global_limit: int, session_limit: int
) -> None:
    assume(sum(load.running for load in loads.values()) <= global_limit)
    shares = fair_shares(loads, global_limit=global_limit, session_limit=session_limit)
    cap = {s: min(session_limit, load.running + load.ready) for s, load in loads.items()}
    assert sum(shares.values()) <= global_limit
    assert all(loads[s].running <= shares[s] <= max(loads[s].running, cap[s]) for s in loads)
    assert sum(shares.values()) == global_limit or all(shares[s] >= cap[s] for s in loads)
    fair_part = global_limit // len(loads)
    if fair_part and all(load.running <= fair_part for load in loads.values()):
        assert all(shares[s] >= 1 for s in loads if cap[s] >= 1)


@given(
    ready=st.lists(st.integers(0, 6), min_size=1, max_size=6),
    global_limit=st.integers(1, 12),
    session_limit=st.integers(1, 4),
)
def test_fair_shares_from_idle_are_max_min_fair(
    ready: list[int], global_limit: int, session_limit: int
) -> None:
    loads = {f"s{i}": Load(running=0, ready=n) for i, n in enumerate(ready)}
    shares = fair_shares(loads, global_limit=global_limit, session_limit=session_limit)
    for s, load in loads.items():
        if shares[s] < min(session_limit, load.ready):  # s wants more: nobody may hold 2 more
            assert max(shares.values()) <= shares[s] + 1


@settings(deadline=None)
@given(
    scripts=st.lists(spoken_tasks(max_size=6), min_size=1, max_size=4),
    global_limit=st.integers(1, 8),
    session_limit=st.integers(1, 3),
    data=st.data(),
)
def test_sessions_share_the_process_limit_fairly(
    scripts: list[list[TaskSlot]], global_limit: int, session_limit: int, data: st.DataObject
) -> None:
    fair = FairShare(global_limit=global_limit, session_limit=session_limit)
    sessions = {f"s{i}": Session(session_limit) for i in range(len(scripts))}

    def settle(first: str) -> None:
        """Run the session, then every session it wakes, as the engine's wake-ups would."""
        pending = [first]
        for _ in range(100):
            if not pending:
                break
            sid = pending.pop(0)
            session = sessions[sid]
            decision = session.decide()
            grant = fair.update(sid, running=len(session.running), ready=decision.ready)
            session.apply(decision, starts=grant.start)
            pending += [s for s in grant.wake if s not in pending]
        assert not pending, "wake-ups never settled"

    for (sid, session), script in zip(sessions.items(), scripts, strict=True):
        for task in script:
            session.speak(task)
        settle(sid)
    while busy := [sid for sid, s in sessions.items() if s.running]:
        sid = data.draw(st.sampled_from(busy))
        session = sessions[sid]
        session.finish(
            data.draw(st.sampled_from(session.running)), data.draw(st.sampled_from(OUTCOMES))
        )
        settle(sid)

        running = {s: len(x.running) for s, x in sessions.items()}
        assert sum(running.values()) <= global_limit
        hungry = [s for s, x in sessions.items() if len(x.running) < session_limit and x.ready()]
        assert not hungry or sum(running.values()) == global_limit  # no slot left idle
        fair_part = global_limit // len(sessions)
        for s in hungry:
            # A session with work runs nothing only while another holds more than its part.
            assert running[s] or any(n > fair_part for n in running.values()) or not fair_part

    assert not any(s.queued for s in sessions.values()), "work left behind"
