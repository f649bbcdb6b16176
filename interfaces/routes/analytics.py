"""Task analytics for analysts: counts, outcome rates and latency percentiles of their shop."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from application.access import Principal
from application.analytics import Analytics, parse_bound
from interfaces.deps import ServicesDep, require

router = APIRouter(prefix="/api/analytics", tags=["analytics"])
Analyst = Annotated[Principal, require("analyst")]


class TaskGroup(BaseModel):
    key: str
    label: str
    tasks: int
    completed: int
    failed: int
    cancelled: int
    open: int
    completion_rate: float | None  # shares of the finished tasks
    failure_rate: float | None
    cancel_rate: float | None
    wait_ms_p50: int | None
    wait_ms_p95: int | None
    wait_ms_p99: int | None
    run_ms_p50: int | None
    run_ms_p95: int | None
    run_ms_p99: int | None


class TaskAnalytics(BaseModel):
    shop: str
    group_by: str
    start: str | None
    end: str | None
    groups: list[TaskGroup]


@router.get("/tasks", response_model=TaskAnalytics)
def task_analytics(
    services: ServicesDep,
    principal: Analyst,
    start: Annotated[
        str | None, Query(alias="from", description="ISO date or time (tasks queued from).")
    ] = None,
    end: Annotated[
        str | None, Query(alias="to", description="ISO date (inclusive) or time (exclusive).")
    ] = None,
    group_by: Literal["intent", "session", "day", "customer"] = "intent",
) -> dict[str, Any]:
    """Tasks of your shop by intent, session, day or customer: rates and wait/run p50/p95/p99."""
    zone = ZoneInfo(services.settings.timezone)
    try:
        since, until = parse_bound(start, zone), parse_bound(end, zone, end=True)
    except ValueError as error:
        raise HTTPException(422, f"from/to must be ISO dates or times: {error}") from None
    report = Analytics(services.projections, services.settings.timezone)
    return {
        "shop": principal.shop,
        "group_by": group_by,
        "start": since.isoformat() if since else None,
        "end": until.isoformat() if until else None,
        "groups": report.tasks(principal.shop, group_by, since, until),
    }


class DailyTasks(BaseModel):
    day: str
    intent: str
    outcome: str
    tasks: int
    wait_ms_total: int
    run_ms_total: int


@router.get("/daily", response_model=list[DailyTasks])
def daily_tasks(services: ServicesDep, principal: Analyst) -> list[dict[str, Any]]:
    """Your shop's finished tasks per day (shop time zone), intent and outcome."""
    report = Analytics(services.projections, services.settings.timezone)
    return report.daily(principal.shop)
