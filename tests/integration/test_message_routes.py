"""`GET /api/messages` and `GET /api/analytics/messages` on SQLite and PostgreSQL: own shop
only, newest first, bounded pages, the roles each needs."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap
from interfaces.http import create_app
from tests.conftest import FixedClock

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's notice about httpx2
    from fastapi.testclient import TestClient


@pytest.fixture
def api(database_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    services = bootstrap(
        Settings(database_url=database_url, whatsapp_token=None), clock=FixedClock()
    )
    khata = services.khata
    for shop in ("s1", "s2"):
        khata.open_shop(shop, shop.upper())
    rahul = str(khata.register_customer("s1", "Rahul", "c1", "9876543210")["customer_id"])
    amit = str(khata.register_customer("s1", "Amit", "c2")["customer_id"])
    other = str(khata.register_customer("s2", "Zoya", "c3", "9876500000")["customer_id"])
    khata.send_statement("s1", rahul, "t1")
    khata.send_statement("s1", amit, "t2")
    khata.send_statement("s2", other, "t3")
    tokens = {
        "operator": services.access.issue("s1", "operator"),
        "analyst": services.access.issue("s1", "analyst"),
    }
    try:
        with TestClient(create_app(services=services)) as client:
            yield client, tokens
    finally:
        services.close()


def test_messages_newest_first_own_shop_only(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    headers = {"Authorization": f"Bearer {tokens['operator']}"}
    rows = client.get("/api/messages", headers=headers).json()
    assert [(r["customer_name"], r["status"], r["error_code"]) for r in rows] == [
        ("Amit", "failed", "no_phone"),
        ("Rahul", "queued", None),  # no token: recorded, never sent
    ]
    assert rows[1]["kind"] == "statement" and rows[1]["attempts"] == 0
    page = client.get("/api/messages", headers=headers, params={"limit": 1, "offset": 1}).json()
    assert [r["customer_name"] for r in page] == ["Rahul"]
    assert client.get("/api/messages", headers=headers, params={"limit": 0}).status_code == 422
    assert client.get("/api/messages", headers=headers, params={"limit": 201}).status_code == 422
    analyst = {"Authorization": f"Bearer {tokens['analyst']}"}
    assert client.get("/api/messages", headers=analyst).status_code == 403
    assert client.get("/api/messages").status_code == 401


def test_analytics_count_messages_by_status(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    analyst = {"Authorization": f"Bearer {tokens['analyst']}"}
    counts = client.get("/api/analytics/messages", headers=analyst).json()
    assert counts == {"queued": 1, "sent": 0, "delivered": 0, "read": 0, "failed": 1}
    operator = {"Authorization": f"Bearer {tokens['operator']}"}
    assert client.get("/api/analytics/messages", headers=operator).status_code == 403
