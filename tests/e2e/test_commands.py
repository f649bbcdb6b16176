"""The commands a newcomer runs, as real processes: demo seed, token create, serve."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.e2e.server import bolkhata, create_token, running_server

pytestmark = pytest.mark.e2e


def test_demo_seed_twice_leaves_the_same_state(database_url: str) -> None:
    bolkhata("demo", "seed", "--database-url", database_url)
    token = (
        bolkhata(
            "token", "create", "--shop", "demo", "--role", "auditor", "--database-url", database_url
        )
        .strip()
        .splitlines()[-1]
    )
    with running_server(database_url) as base:
        headers = {"Authorization": f"Bearer {token}"}
        first = httpx.get(f"{base}/api/customers", headers=headers).json()
    bolkhata("demo", "seed", "--database-url", database_url)
    with running_server(database_url) as base:
        second = httpx.get(f"{base}/api/customers", headers=headers).json()
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert first == second
    owed = {row["name"]: row["balance_text"] for row in first}
    assert owed == {
        "Rahul Sharma": "₹500",
        "Priya Patel": "₹0",
        "Suresh Kumar": "₹1,500",
        "Amit Singh": "₹0",
        "Kavita Desai": "₹0",
    }


def test_http_needs_a_token_of_the_right_shop(database_url: str) -> None:
    bolkhata("demo", "seed", "--database-url", database_url)
    other = create_token(database_url, "other")
    demo = create_token(database_url)
    with running_server(database_url) as base:
        assert httpx.get(f"{base}/api/customers").status_code == 401
        bad = httpx.get(f"{base}/api/customers", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        mine = httpx.get(f"{base}/api/customers", params={"token": other})
        assert mine.status_code == 200 and mine.json() == []
        rows = httpx.get(f"{base}/api/customers", params={"token": demo}).json()
        demo_ids = [row["customer_id"] for row in rows]
        foreign = httpx.get(f"{base}/api/customers/{demo_ids[0]}/ledger", params={"token": other})
        assert foreign.status_code == 404
        assert httpx.get(f"{base}/metrics").status_code == 200


def test_queue_stats_and_protocol_schema(database_url: str) -> None:
    bolkhata("demo", "seed", "--database-url", database_url)
    token = create_token(database_url, "demo", "operator")
    with running_server(database_url) as base:
        stats = httpx.get(f"{base}/api/queue/stats", params={"token": token})
        assert stats.status_code == 200
        assert set(stats.json()["process"]) >= {"queued", "running", "wait_p95_ms", "sessions"}
        schema = httpx.get(f"{base}/api/protocol").json()
        assert set(schema) == {"client", "server"}
        assert httpx.get(f"{base}/api/queue/stats").status_code == 401


def test_parse_prints_one_json_line_per_utterance_in_order() -> None:
    now = "2026-11-25T10:00:00+05:30"
    one = json.loads(bolkhata("parse", "--json", "--now", now, "Rahul ko 500 udhaar likho"))
    assert one == {
        "commands": [{"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 500}}]
    }
    lines = bolkhata(
        "parse",
        "--json",
        "--now",
        now,
        stdin="aaj mausam kaisa hai\nPriya ka reminder kal shaam 7 baje bhejna\n",
    ).splitlines()
    first, second = (json.loads(line) for line in lines)
    assert [c["intent"] for c in first["commands"]] == ["UNKNOWN"]
    reminder = second["commands"][0]
    assert reminder["intent"] == "CREATE_REMINDER"
    assert reminder["entities"]["when"] == "2026-11-26T19:00:00+05:30"
