"""Routines on SQLite and PostgreSQL: events on the Shop (replayed), a run put back into
commands, and `/api/routines` (own shop, roles, 404/409/400/422)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from application.routines import Routines
from domain.ids import shop_id_of
from domain.intents import Intent
from domain.language import parse
from domain.routines import DuplicateRoutine, InvalidRoutine, RoutineNotFound
from domain.shop import Shop
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from interfaces.http import create_app
from tests.conftest import FixedClock

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's notice about httpx2
    from fastapi.testclient import TestClient

STEPS = ["balance batao", "100 udhaar likho", "kal shaam reminder"]


@pytest.fixture
def services(database_url: str, clock: FixedClock) -> Iterator[Services]:
    services = bootstrap(Settings(database_url=database_url), clock=clock)
    services.khata.open_shop("s1", "Shop One")
    services.khata.open_shop("s2", "Shop Two")
    services.khata.register_customer("s1", "Rahul Sharma", "c1")
    yield services
    services.close()


def test_routines_are_shop_events_that_replay(
    services: Services, clock: FixedClock, database_url: str
) -> None:
    book = Routines(services.store, parse)
    now = clock.now()
    book.create("s1", "Rahul", STEPS, now)
    book.create("s1", "Rahul", STEPS, now)  # a retried task: the same routine, no error
    book.create("s1", "subah wala", ["kul kitna baaki hai"], now)
    book.change("s1", "subah", ["aaj ka hisaab", "kul kitna baaki hai"], now)
    book.create("s1", "gone", ["aaj ka hisaab"], now)
    book.delete("s1", "gone")
    with pytest.raises(DuplicateRoutine):
        book.create("s1", "rahul", ["balance batao"], now)
    with pytest.raises(InvalidRoutine):
        book.create("s1", "bad", ["kuch bhi nahi samjha xyz"], now)
    with pytest.raises(InvalidRoutine):  # never a routine inside a routine
        book.create("s1", "loop", ["Rahul routine"], now)
    with pytest.raises(RoutineNotFound):
        book.delete("s1", "gone")
    assert book.all("s2") == []
    topics = [
        n.topic
        for n in services.store.recorder.select_notifications(0, 1000)
        if n.originator_id == shop_id_of("s1")
    ]
    assert [t for t in topics if "Routine" in t] == [
        "bolkhata:Shop.RoutineCreated",
        "bolkhata:Shop.RoutineCreated",
        "bolkhata:Shop.RoutineChanged",
        "bolkhata:Shop.RoutineCreated",
        "bolkhata:Shop.RoutineDeleted",
    ]
    # Replayed from the events alone by another process's store:
    fresh = bootstrap(Settings(database_url=database_url), clock=clock)
    try:
        shop = fresh.store.get(shop_id_of("s1"), Shop)
    finally:
        fresh.close()
    assert shop is not None
    assert [(r.name, r.steps) for r in shop.routine_list()] == [
        ("Rahul", tuple(STEPS)),
        ("subah wala", ("aaj ka hisaab", "kul kitna baaki hai")),
    ]


def test_a_run_becomes_the_routines_commands(services: Services, clock: FixedClock) -> None:
    book = Routines(services.store, parse)
    now = clock.now()
    book.create("s1", "Rahul", [*STEPS, "Priya ka balance"], now)
    book.create("s1", "subah", ["kul kitna baaki hai", "balance batao"], now)
    run = parse("Rahul routine", now)
    commands = book.expand("s1", run, None, now)
    assert [(c.intent, c.entities.get("customer")) for c in commands] == [
        (Intent.CHECK_BALANCE, "Rahul"),
        (Intent.ADD_CREDIT, "Rahul"),
        (Intent.CREATE_REMINDER, "Rahul"),
        (Intent.CHECK_BALANCE, "Priya"),  # a step naming its customer keeps it
    ]
    assert commands[1].entities["amount"] == 100
    assert {c.entities["routine"] for c in commands} == {"Rahul"}
    # Not named after a customer: the customer in focus, when "iska" is said.
    focused = book.expand("s1", parse("iska subah wala routine chalao", now), None, now)
    assert [c.entities.get("customer_ref") for c in focused] == [None, "active"]
    # "iska routine": the routine named after the customer in focus.
    focus = {"customer_id": "x", "name": "Rahul Sharma"}
    mine = book.expand("s1", parse("iska routine chalao", now), focus, now)
    assert [c.intent for c in mine][:2] == [Intent.CHECK_BALANCE, Intent.ADD_CREDIT]
    unknown = parse("Mohan routine", now)
    assert book.expand("s1", unknown, None, now) == unknown  # its task says there is none


@pytest.fixture
def api(services: Services) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    tokens = {
        role: {"Authorization": f"Bearer {services.access.issue('s1', role)}"}
        for role in ("operator", "analyst")
    }
    tokens["other"] = {"Authorization": f"Bearer {services.access.issue('s2', 'operator')}"}
    with TestClient(create_app(services=services)) as client:
        yield client, tokens


def test_routes(api: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    client, tokens = api
    me = tokens["operator"]
    made = client.post("/api/routines", json={"name": "Rahul", "steps": STEPS}, headers=me)
    assert made.status_code == 201
    assert made.json() == {"key": "rahul", "name": "Rahul", "steps": STEPS}
    again = client.post("/api/routines", json={"name": "rahul", "steps": ["aaj ka hisaab"]})
    assert again.status_code == 401
    assert client.post("/api/routines", json={"name": "rahul", "steps": ["aaj ka hisaab"]}, headers=me).status_code == 409  # fmt: skip
    bad = client.post("/api/routines", json={"name": "x", "steps": ["xyz qqq"]}, headers=me)
    assert bad.status_code == 400 and "step 1" in bad.json()["detail"]
    assert client.post("/api/routines", json={"name": "x", "steps": []}, headers=me).status_code == 422  # fmt: skip
    assert client.get("/api/routines", headers=tokens["analyst"]).status_code == 403
    assert client.get("/api/routines", headers=tokens["other"]).json() == []
    assert client.delete("/api/routines/Rahul", headers=tokens["other"]).status_code == 404
    changed = client.put("/api/routines/rahul", json={"steps": ["balance batao"]}, headers=me)
    assert changed.json()["steps"] == ["balance batao"]
    assert client.put("/api/routines/nobody", json={"steps": ["balance batao"]}, headers=me).status_code == 404  # fmt: skip
    assert [r["name"] for r in client.get("/api/routines", headers=me).json()] == ["Rahul"]
    assert client.delete("/api/routines/Rahul", headers=me).status_code == 204
    assert client.get("/api/routines", headers=me).json() == []
