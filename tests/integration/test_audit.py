"""Audit and analytics over HTTP and the CLI, on SQLite and PostgreSQL: state at a seq against a
hand-built session, paged events, the verify check, and every role and shop boundary."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from application.projections import TASKS
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from interfaces.cli import app as cli
from interfaces.http import create_app
from tests.conftest import FixedClock
from tests.integration.sessions import hand_built_session

with warnings.catch_warnings():
    # Starlette asks for httpx2 but still works with the httpx the project depends on.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EVENT_NAMES = [
    "Started",
    "ListeningStarted",
    "TranscriptReceived",
    "CommandRecognized",
    "CustomerFocused",
    "TaskQueued",
    "TaskStarted",
    "TranscriptReceived",
    "CommandRecognized",
    "CommandRecognized",
    "TaskQueued",
    "TaskQueued",
    "TaskCompleted",
    "TaskStarted",
    "TaskFailed",
    "TaskCancelled",
    "FocusCleared",
    "ListeningStopped",
    "Ended",
]


@dataclass
class World:
    services: Services
    client: TestClient
    database_url: str
    demo: UUID  # a session of shop demo
    other: UUID  # a session of shop other
    tokens: dict[str, str]  # "demo/auditor" -> token

    def get(self, path: str, who: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return self.client.get(path, headers=headers, params=params)


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    services = bootstrap(Settings(database_url=database_url), clock=FixedClock())
    try:
        tokens = {
            f"{shop}/{role}": services.access.issue(shop, role)
            for shop in ("demo", "other")
            for role in ("operator", "auditor", "analyst")
        }
        demo = hand_built_session(services.store, "demo")
        other = hand_built_session(services.store, "other", start=30)
        hand_built_session(services.store, "other", start=90)
        with TestClient(create_app(services=services)) as client:
            yield World(services, client, database_url, demo, other, tokens)
    finally:
        services.close()


def test_state_at_each_step_of_a_hand_built_session(world: World) -> None:
    path = f"/api/conversations/{world.demo}/state"
    p = f"{world.demo.hex[:6]}-"

    def state(at: int | None) -> Any:
        answer = world.get(path, "demo/auditor", **({"at": at} if at else {}))
        assert answer.status_code == 200, answer.text
        return answer.json()

    def statuses(found: Any) -> dict[str, str]:
        return {t["task_id"].removeprefix(p): t["status"] for t in found["tasks"]}

    first = state(1)
    assert (first["seq"], first["shop"], first["tasks"], first["focus"]) == (1, "demo", [], None)
    queued = state(6)
    assert statuses(queued) == {"t1": "queued"}
    assert queued["focus"] == {"customer_id": "cust-rahul", "name": "Rahul Sharma"}
    assert [t["text"] for t in queued["transcripts"]] == ["Rahul ka balance check karo"]
    assert queued["listening"] == "client"
    assert statuses(state(7)) == {"t1": "running"}
    thirteen = state(13)
    assert statuses(thirteen) == {"t1": "completed", "t2": "queued", "t3": "queued"}
    assert thirteen["tasks"][0]["reply"] == "Rahul ka balance ₹500"
    assert thirteen["tasks"][2]["depends_on"] == p + "t2"
    sixteen = state(16)
    assert statuses(sixteen) == {"t1": "completed", "t2": "failed", "t3": "cancelled"}
    assert sixteen["tasks"][1]["error_code"] == "closed"
    assert sixteen["tasks"][2]["cancel_reason"] == "dependency failed"
    cleared = state(17)
    assert cleared["focus"] is None and cleared["previous_focus"]["name"] == "Rahul Sharma"
    now = state(None)
    assert now["seq"] == 19 and now["ended_at"] == "2026-11-25T10:00:06+05:30"
    assert now["listening"] is None and len(now["transcripts"]) == 2
    assert world.get(path, "demo/auditor", at=20).status_code == 404
    assert world.get(path, "demo/auditor", at=0).status_code == 422


def test_events_come_in_order_in_pages_with_seq_time_type_and_payload(world: World) -> None:
    path = f"/api/conversations/{world.demo}/events"
    events: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        page = world.get(path, "demo/auditor", after=after, limit=5)
        assert page.status_code == 200, page.text
        events += page.json()["events"]
        after = page.json()["next_after"]
    assert [e["seq"] for e in events] == list(range(1, 20))
    assert [e["type"] for e in events] == EVENT_NAMES
    queued = events[5]["payload"]
    assert queued["intent"] == "CHECK_BALANCE" and queued["at"] == "2026-11-25T10:00:02+05:30"
    assert queued["task_id"].endswith("-t1") and queued["customer_name"] == "Rahul Sharma"
    assert all(e["time"] for e in events)
    assert world.get(path, "demo/auditor", after=19).json()["events"] == []


def test_conversation_lists_hold_only_the_callers_shop(world: World) -> None:
    for who in ("demo/auditor", "demo/operator"):
        answer = world.get("/api/conversations", who)
        assert answer.status_code == 200, answer.text
        assert [c["conversation_id"] for c in answer.json()] == [str(world.demo)]
    others = world.get("/api/conversations", "other/auditor").json()
    assert len(others) == 2 and {c["shop"] for c in others} == {"other"}
    assert others[0]["tasks"] == 3 and others[0]["duration_ms"] == 6000


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("", "/api/conversations", 401),
        ("demo/analyst", "/api/conversations", 403),
        ("demo/analyst", "/api/conversations/{demo}/events", 403),
        ("demo/analyst", "/api/conversations/{demo}/state", 403),
        ("demo/auditor", "/api/conversations/{other}/events", 404),
        ("demo/auditor", "/api/conversations/{other}/state", 404),
        ("demo/operator", "/api/conversations/{other}/events", 404),
        ("demo/operator", "/api/conversations/{other}/state", 404),
        ("demo/auditor", "/api/conversations/not-a-uuid/events", 404),
        ("demo/auditor", "/api/conversations/{unknown}/events", 404),
        ("demo/auditor", "/api/analytics/tasks", 403),
        ("demo/operator", "/api/analytics/tasks", 403),
        ("", "/api/analytics/tasks", 401),
        ("demo/auditor", "/api/analytics/daily", 403),
        ("demo/operator", "/api/analytics/daily", 403),
    ],
)
def test_each_forbidden_path_is_refused(world: World, who: str, path: str, status: int) -> None:
    url = path.format(demo=world.demo, other=world.other, unknown=UUID(int=7))
    assert world.get(url, who).status_code == status


def test_the_allowed_paths_answer(world: World) -> None:
    for who in ("demo/auditor", "demo/operator"):
        for tail in ("events", "state"):
            answer = world.get(f"/api/conversations/{world.demo}/{tail}", who)
            assert answer.status_code == 200, (who, tail, answer.text)


def test_analytics_of_the_analysts_shop_only(world: World) -> None:
    answer = world.get("/api/analytics/tasks", "demo/analyst", group_by="intent")
    assert answer.status_code == 200, answer.text
    groups = {g["key"]: g for g in answer.json()["groups"]}
    assert set(groups) == {"ADD_CREDIT", "CHECK_BALANCE"}
    check = groups["CHECK_BALANCE"]
    assert (check["tasks"], check["completed"], check["cancelled"]) == (2, 1, 1)
    assert (check["completion_rate"], check["cancel_rate"]) == (0.5, 0.5)
    assert (check["wait_ms_p50"], check["run_ms_p99"]) == (250, 500)
    assert groups["ADD_CREDIT"]["failure_rate"] == 1.0
    other = world.get("/api/analytics/tasks", "other/analyst", group_by="session").json()
    assert len(other["groups"]) == 2 and all(g["tasks"] == 3 for g in other["groups"])
    day = world.get("/api/analytics/tasks", "demo/analyst", group_by="day").json()["groups"]
    assert [(g["key"], g["tasks"]) for g in day] == [("2026-11-25", 3)]
    customers = world.get("/api/analytics/tasks", "demo/analyst", group_by="customer").json()
    assert {g["label"] for g in customers["groups"]} == {"Rahul Sharma", "Priya Patel"}
    later = world.get("/api/analytics/tasks", "demo/analyst", **{"from": "2026-11-26"}).json()
    assert later["groups"] == []
    window = {"from": "2026-11-25T10:00:02.500+05:30", "to": "2026-11-25"}
    only_late = world.get("/api/analytics/tasks", "demo/analyst", **window).json()["groups"]
    assert sum(g["tasks"] for g in only_late) == 2
    bad = world.get("/api/analytics/tasks", "demo/analyst", group_by="shop")
    assert bad.status_code == 422
    daily = world.get("/api/analytics/daily", "demo/analyst").json()
    assert {(d["intent"], d["outcome"], d["tasks"]) for d in daily} == {
        ("CHECK_BALANCE", "completed", 1),
        ("CHECK_BALANCE", "cancelled", 1),
        ("ADD_CREDIT", "failed", 1),
    }
    assert {d["day"] for d in daily} == {"2026-11-25"}


def test_cli_audit_timeline_state_and_verify(world: World, tmp_path: Path) -> None:
    runner, url = CliRunner(), ["--database-url", world.database_url]
    timeline = runner.invoke(cli, ["audit", str(world.demo), *url])
    assert timeline.exit_code == 0, timeline.output
    lines = [line for line in timeline.output.splitlines() if line.strip()]
    assert [line.split()[2] for line in lines] == EVENT_NAMES
    assert [int(line.split()[0]) for line in lines] == list(range(1, 20))

    state = runner.invoke(cli, ["audit", str(world.demo), "--at", "13", *url])
    assert state.exit_code == 0, state.output
    assert "after seq 13" in state.output and "completed" in state.output

    verified = runner.invoke(cli, ["audit", str(world.demo), "--verify", *url])
    assert verified.exit_code == 0, verified.output

    # Corrupt one live row: verify must notice and exit 1.
    view = world.services.projections["task_metrics"].view
    row = view.select(TASKS, {"conversation_id": str(world.demo)}, order_by=("task_id",))[0]
    with view.transaction(None) as rows:
        rows.put(TASKS, row | {"outcome": "failed"})
    broken = runner.invoke(cli, ["audit", str(world.demo), "--verify", *url])
    assert broken.exit_code == 1, broken.output
    assert "DIFFERENT" in broken.output

    unknown = runner.invoke(cli, ["audit", str(UUID(int=7)), *url])
    assert unknown.exit_code == 2


def test_cli_analytics_table_and_plot(world: World, tmp_path: Path) -> None:
    plot = tmp_path / "latency.png"
    args = ["analytics", "--shop", "demo", "--plot", str(plot), "--database-url"]
    result = CliRunner().invoke(cli, [*args, world.database_url])
    assert result.exit_code == 0, result.output
    assert "CHECK_BALANCE" in result.output and "ADD_CREDIT" in result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
