"""Projections on SQLite and PostgreSQL: live counts, exactly-once, restart, rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from typer.testing import CliRunner

from application.projections import (
    CONVERSATIONS,
    CUSTOMERS,
    DAILY,
    TASKS,
    Projections,
)
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.conftest import FixedClock
from tests.integration.sessions import hand_built_session


@pytest.fixture
def open_services(database_url: str) -> Iterator[Any]:
    """Opens Services on the test database (again after a 'restart'); closes them all."""
    opened: list[Services] = []

    def open_() -> Services:
        services = bootstrap(Settings(database_url=database_url), clock=FixedClock())
        opened.append(services)
        return services

    yield open_
    for services in opened:
        services.close()


def quiet(services: Services) -> Projections:
    """The projections without their background worker: the test drives catch-up itself."""
    services.projections.stop()
    return services.projections


def tables(projections: Projections) -> dict[str, list[dict[str, Any]]]:
    """Every read-model row, in key order."""
    found = {}
    for projection in projections.projections.values():
        for table in projection.tables:
            rows = projection.view.select(table, order_by=table.key)
            found[table.name] = rows
    return found


def daily_total(projections: Projections) -> int:
    return sum(r["tasks"] for r in projections["task_metrics"].view.select(DAILY))


def test_live_read_models_count_a_session_and_a_ledger(open_services: Any) -> None:
    services = open_services()
    projections = quiet(services)
    services.khata.open_shop("demo", "Demo")
    rahul = services.khata.register_customer("demo", "Rahul Sharma", "t-new")["customer_id"]
    services.khata.give_credit("demo", rahul, 50_000, "t-credit")
    services.khata.receive_payment("demo", rahul, 20_000, "t-pay", "upi")
    services.khata.give_credit("demo", rahul, 7_000, "t-oops")
    services.khata.undo_last_entry("demo", rahul, "t-undo")
    cid = hand_built_session(services.store)

    projections.catch_up()

    [conversation] = projections["conversation_index"].view.select(
        CONVERSATIONS, {"conversation_id": str(cid)}
    )
    assert conversation["shop"] == "demo"
    assert (conversation["events"], conversation["last_seq"]) == (19, 19)
    assert (conversation["transcripts"], conversation["commands"]) == (2, 3)
    assert (conversation["tasks"], conversation["completed"]) == (3, 1)
    assert (conversation["failed"], conversation["cancelled"]) == (1, 1)
    assert conversation["duration_ms"] == 6000
    tasks = {
        t["intent"] + "/" + t["outcome"]: t
        for t in projections["task_metrics"].view.select(TASKS, {"conversation_id": str(cid)})
    }
    assert set(tasks) == {"CHECK_BALANCE/completed", "ADD_CREDIT/failed", "CHECK_BALANCE/cancelled"}
    done = tasks["CHECK_BALANCE/completed"]
    assert (done["wait_ms"], done["run_ms"], done["shop"]) == (250, 500, "demo")
    assert done["utterance_id"].endswith("-u1")
    assert tasks["ADD_CREDIT/failed"]["error_code"] == "closed"
    cancelled = tasks["CHECK_BALANCE/cancelled"]
    assert (cancelled["wait_ms"], cancelled["run_ms"]) == (None, None)
    assert daily_total(projections) == 3
    [customer] = projections["customer_balances"].view.select(CUSTOMERS, {"shop": "demo"})
    assert (customer["name"], customer["balance"]) == ("Rahul Sharma", 30_000)
    assert customer["balance"] == services.reports.balance("demo", rahul)["balance"]


def test_a_crash_between_applying_and_tracking_counts_nothing_twice(
    open_services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = open_services()
    projections = quiet(services)
    hand_built_session(services.store)
    view = projections["task_metrics"].view
    real = view._insert_tracking  # type: ignore[attr-defined]

    def killed(*args: Any) -> None:
        raise RuntimeError("killed after the rows were written, before the tracking record")

    # The task rows and daily counts are written, then the process "dies".
    monkeypatch.setattr(view, "_insert_tracking", killed)
    with pytest.raises(RuntimeError, match="killed"):
        projections.catch_up()
    monkeypatch.setattr(view, "_insert_tracking", real)
    assert projections.position("task_metrics") == 0
    assert view.select(TASKS) == [] and daily_total(projections) == 0
    services.close()

    reopened = open_services()
    restarted = quiet(reopened)
    restarted.catch_up()
    restarted.catch_up()  # nothing new: changes nothing
    assert daily_total(restarted) == 3
    assert len(restarted["task_metrics"].view.select(TASKS)) == 3
    assert restarted.position("task_metrics") == reopened.store.recorder.max_notification_id()


def test_catch_up_resumes_from_the_tracked_position_after_a_restart(open_services: Any) -> None:
    first = open_services()
    projections = quiet(first)
    projections.page_size = 5  # several transactions per session
    hand_built_session(first.store)
    projections.catch_up()
    assert daily_total(projections) == 3
    first.close()

    second = open_services()
    again = quiet(second)
    position = again.position("task_metrics")
    assert position == second.store.recorder.max_notification_id()
    hand_built_session(second.store, start=100)
    hand_built_session(second.store, start=200)
    again.page_size = 7
    read = again.catch_up()
    assert read == 2 * 19  # only the new events were read
    assert daily_total(again) == 9
    assert len(again["conversation_index"].view.select(CONVERSATIONS)) == 3


def test_the_background_worker_catches_up_when_poked(open_services: Any) -> None:
    services = open_services()
    hand_built_session(services.store)  # the save pokes the projections
    target = services.store.recorder.max_notification_id()
    for name in services.projections.projections:
        view = services.projections[name].view
        view.wait(services.store.name, target, timeout=10)
    assert daily_total(services.projections) == 3


def test_a_rebuild_from_zero_equals_the_live_read_models(
    open_services: Any, database_url: str
) -> None:
    services = open_services()
    projections = quiet(services)
    services.khata.open_shop("demo", "Demo")
    rahul = services.khata.register_customer("demo", "Rahul Sharma", "t-new")["customer_id"]
    services.khata.give_credit("demo", rahul, 12_300, "t-credit")
    hand_built_session(services.store)
    projections.catch_up()
    hand_built_session(services.store, start=60)
    projections.catch_up()
    live = tables(projections)
    assert sum(len(rows) for rows in live.values()) > 10

    projections.rebuild()
    assert tables(projections) == live
    services.close()

    from interfaces.cli import app

    result = CliRunner().invoke(app, ["projections", "rebuild", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    after = quiet(open_services())
    assert tables(after) == live


def test_two_runners_at_once_still_count_each_event_once(open_services: Any) -> None:
    """A server and a CLI command (or two servers) catching up together: one wins each page,
    the other's transaction rolls back whole and it moves on from the new position."""
    import threading

    first, second = open_services(), open_services()
    runners = [quiet(first), quiet(second)]
    for runner in runners:
        runner.page_size = 10
    for n in range(6):
        hand_built_session(first.store, start=n * 10)
    errors: list[BaseException] = []

    def run(runner: Projections) -> None:
        try:
            runner.catch_up()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(r,)) for r in runners * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert daily_total(runners[0]) == 18
    rows = runners[1]["conversation_index"].view.select(CONVERSATIONS)
    assert len(rows) == 6 and {r["events"] for r in rows} == {19}


def caught_up_and_a_second_process(open_services: Any) -> tuple[Services, Projections, Projections]:
    """A server whose runner has caught up on five sessions, and another process's runner;
    both read pages of 7 events."""
    server, command = open_services(), open_services()
    live, rebuilding = quiet(server), quiet(command)
    live.page_size = rebuilding.page_size = 7
    for n in range(5):
        hand_built_session(server.store, start=n * 10)
    live.catch_up()
    return server, live, rebuilding


def test_a_rebuild_while_a_runner_is_live_ends_equal_to_the_events(open_services: Any) -> None:
    """`projections rebuild` from another process while the server catches up."""
    import threading

    server, live, rebuilding = caught_up_and_a_second_process(open_services)
    expected = tables(live)
    for n in range(5, 8):
        hand_built_session(server.store, start=n * 10)
    errors: list[BaseException] = []

    def run(work: Any) -> None:
        try:
            work()
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(live.catch_up,)),
        threading.Thread(target=run, args=(rebuilding.rebuild,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    live.catch_up()
    assert errors == []
    assert daily_total(live) == 8 * 3
    after = tables(live)
    assert len(after["rm_conversations"]) == 8 and len(after["rm_tasks"]) == 24
    assert {row["events"] for row in after["rm_conversations"]} == {19}
    assert [r for r in after["rm_conversations"] if r in expected["rm_conversations"]] == expected[
        "rm_conversations"
    ]


def test_the_library_one_event_interface_applies_and_tracks(open_services: Any) -> None:
    from eventsourcing.persistence import Tracking

    from domain.conversation import Conversation
    from tests.integration.sessions import T0

    services = open_services()
    projections = quiet(services)
    conversation = Conversation.start("demo", T0, uuid4())
    [started] = conversation.collect_events()
    index = projections["conversation_index"]
    index.process_event(started, Tracking(services.store.name, 41))
    assert projections.position("conversation_index") == 41
    [row] = index.view.select(CONVERSATIONS)
    assert (row["shop"], row["events"]) == ("demo", 1)


def test_a_runner_whose_rows_a_partial_rebuild_changed_reads_them_again(
    open_services: Any,
) -> None:
    """The live runner remembers the rows of its last pages; another process resets the read
    models and applies one page. The live runner's next pages start from that page's position,
    so it must read the rows again, not use the ones it remembers from before the reset."""
    server, live, rebuilding = caught_up_and_a_second_process(open_services)
    for projection in rebuilding.projections.values():
        projection.view.reset(rebuilding.application_name)
    rebuilding._step()  # one page of the rebuild, then that process stops
    for n in range(5, 8):
        hand_built_session(server.store, start=n * 10)
    live.catch_up()
    assert daily_total(live) == 8 * 3
    caught_up = tables(live)
    rebuilding.rebuild()
    assert caught_up == tables(rebuilding)  # what a rebuild from zero makes of the same events
