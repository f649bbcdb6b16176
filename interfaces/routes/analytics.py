"""Task analytics for analysts: counts, outcome rates and latency percentiles of their shop."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel, BeforeValidator, WithJsonSchema

from application.access import Principal
from application.analytics import Analytics, bound_of
from interfaces.deps import ServicesDep, require
from interfaces.routes.errors import AUTHENTICATED

router = APIRouter(prefix="/api/analytics", tags=["analytics"], responses=AUTHENTICATED)
Analyst = Annotated[Principal, require("analyst")]

DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def _moment(value: object) -> object:
    """An RFC 3339 date or date-time (with its offset), nothing laxer: pydantic alone would
    also take unix seconds or a time without a zone, which the published schema does not."""
    if not isinstance(value, str):
        return value  # already parsed (a default, or a caller in Python)
    try:
        if DAY.fullmatch(value):
            return date.fromisoformat(value)
        if MOMENT.fullmatch(value):
            if value[17:19] == "60":  # RFC 3339's leap second, which datetime cannot hold
                value = value[:17] + "59" + value[19:]
            return datetime.fromisoformat(value.upper())
    except ValueError:
        pass
    raise ValueError("must be a date (YYYY-MM-DD) or a date-time with its offset (RFC 3339)")


Moment = Annotated[
    date | datetime,
    BeforeValidator(_moment),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]


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
        Moment | None,
        Query(alias="from", description="Tasks queued from this date (whole day) or time."),
    ] = None,
    end: Annotated[
        Moment | None,
        Query(alias="to", description="Up to this date (inclusive) or time (exclusive)."),
    ] = None,
    group_by: Literal["intent", "session", "day", "customer"] = "intent",
) -> dict[str, Any]:
    """Tasks of your shop by intent, session, day or customer: rates and wait/run p50/p95/p99."""
    zone = ZoneInfo(services.settings.timezone)
    since, until = bound_of(start, zone), bound_of(end, zone, end=True)
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
