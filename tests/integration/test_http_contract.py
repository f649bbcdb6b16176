"""The HTTP API keeps to its published document on SQLite and PostgreSQL: numbers past what the
stores hold are refused with 422 (never a 500), dates at the ends of the calendar answer, a 422
always has FastAPI's list-shaped `detail`, and every route lists the 401/403/404 it gives."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap
from interfaces.http import create_app
from tests.conftest import FixedClock
from tests.integration.sessions import hand_built_session

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's notice about httpx2
    from fastapi.testclient import TestClient

HUGE = 2**63


@pytest.fixture
def api(database_url: str) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    services = bootstrap(Settings(database_url=database_url), clock=FixedClock())
    try:
        tokens = {role: services.access.issue("demo", role) for role in ("auditor", "analyst")}
        session = str(hand_built_session(services.store, "demo"))
        with TestClient(create_app(services=services)) as client:
            yield client, tokens, session
    finally:
        services.close()


def get(api: tuple[TestClient, dict[str, str], str], role: str, path: str, **params: Any) -> Any:
    client, tokens, session = api
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    return client.get(path.format(session=session), headers=headers, params=params)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/conversations", {"offset": HUGE}),
        ("/api/conversations/{session}/events", {"after": HUGE}),
        ("/api/conversations/{session}/state", {"at": HUGE}),
        ("/api/conversations/{session}/events", {"limit": HUGE}),
    ],
)
def test_numbers_past_the_bound_are_422(api: Any, path: str, params: dict[str, int]) -> None:
    answer = get(api, "auditor", path, **params)
    assert answer.status_code == 422, answer.text
    assert isinstance(answer.json()["detail"], list)
    at_bound = {name: 2**53 - 1 for name in params if name != "limit"}
    if at_bound:
        assert get(api, "auditor", path, **at_bound).status_code in (200, 404)


@pytest.mark.parametrize(
    "window",
    [
        {"to": "9999-12-31"},
        {"from": "0001-01-01", "to": "9999-12-31"},
        {"from": "0001-01-01T00:00:00+05:30"},
        {"to": "9999-12-31T23:59:59-23:59"},
        {"from": "2026-11-25T10:00:02.5Z", "to": "2026-11-25"},
        {"from": "2016-12-31t23:59:60z"},
    ],
)
def test_analytics_answers_any_calendar_date(api: Any, window: dict[str, str]) -> None:
    answer = get(api, "analyst", "/api/analytics/tasks", **window)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    "window",
    [
        {"from": "null"},
        {"to": "2026-11-25T10:00"},
        {"from": "1700000000"},
        {"to": "2026-13-01"},
        {"to": "2026-11-25T10:60:00Z"},
    ],
)
def test_analytics_422_has_the_documented_shape(api: Any, window: dict[str, str]) -> None:
    answer = get(api, "analyst", "/api/analytics/tasks", **window)
    assert answer.status_code == 422
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["query", next(iter(window))] and problem["msg"]


def test_every_route_documents_its_refusals(api: Any) -> None:
    client, _, _ = api
    document = client.get("/openapi.json").json()
    problem = {"$ref": "#/components/schemas/Problem"}
    expected = {
        "/api/customers": {"401", "403", "422"},
        "/api/customers/{customer_id}/ledger": {"401", "403", "404", "422"},
        "/api/conversations": {"401", "403", "422"},
        "/api/conversations/{conversation_id}/events": {"401", "403", "404", "422"},
        "/api/conversations/{conversation_id}/state": {"401", "403", "404", "422"},
        "/api/analytics/tasks": {"401", "403", "422"},
        "/api/analytics/daily": {"401", "403"},
        "/api/queue/stats": {"401", "403"},
    }
    for path, codes in expected.items():
        responses = document["paths"][path]["get"]["responses"]
        assert codes <= set(responses), (path, sorted(responses))
        for code in codes - {"422"}:
            assert responses[code]["content"]["application/json"]["schema"] == problem
    dates = document["paths"]["/api/analytics/tasks"]["get"]["parameters"]
    formats = {
        p["name"]: [s.get("format") for s in p["schema"]["anyOf"]]
        for p in dates
        if p["name"] in ("from", "to")
    }
    assert all("date" in found and "date-time" in found for found in formats.values()), formats
