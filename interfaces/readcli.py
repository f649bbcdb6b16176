"""The read side of the command line: `projections rebuild|status`, `audit`, `analytics`.

Kept apart from cli.py, which adds these to the `bolkhata` app.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich import box
from rich.console import Console
from rich.table import Table as RichTable

from application.analytics import GROUPS, Analytics, parse_bound
from application.audit import Audit, UnknownConversation
from application.projections.conversations import CONVERSATIONS
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap

projections_app = typer.Typer(help="Read models built from the events.", no_args_is_help=True)
console = Console()

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="sqlite:///path.db or postgresql://...", show_default=False
    ),
]


def open_services(database_url: str | None) -> Services:
    settings = Settings()
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    services = bootstrap(settings)
    services.projections.stop()  # commands catch up in the foreground
    return services


@projections_app.command("rebuild")
def rebuild(
    name: Annotated[
        list[str] | None, typer.Option("--only", help="Rebuild only this projection.")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Empty the read models and apply every stored event again."""
    services = open_services(database_url)
    try:
        unknown = set(name or ()) - set(services.projections.projections)
        if unknown:
            raise typer.BadParameter(
                f"no projection {', '.join(sorted(unknown))}", param_hint="--only"
            )
        read = services.projections.rebuild(name or ())
        console.print(f"rebuilt from {read} events: {services.projections.positions()}")
    finally:
        services.close()


@projections_app.command("status")
def status(database_url: DatabaseUrl = None) -> None:
    """Each projection's tracked position against the last stored event."""
    services = open_services(database_url)
    try:
        last = services.store.recorder.max_notification_id() or 0
        for projection, position in services.projections.positions().items():
            console.print(f"{projection}: {position} of {last}")
    finally:
        services.close()


def audit(
    conversation_id: Annotated[str, typer.Argument(help="The conversation (session) id.")],
    at: Annotated[
        int | None, typer.Option("--at", min=1, help="Print the state after event SEQ.")
    ] = None,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify", help="Rebuild the read models from the events; exit 1 on a difference."
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Print a session's events in order (seq, time, event name)."""
    services = open_services(database_url)
    zone = ZoneInfo(services.settings.timezone)
    try:
        trail = Audit(services.store, services.projections)
        conversation_id = _full_id(services, conversation_id)
        try:
            if at is not None:
                print_state(trail.state(conversation_id, at=at), zone)
            elif verify:
                differences = trail.verify(conversation_id)
                for difference in differences:
                    console.print(f"[red]DIFFERENT[/red] {difference}", soft_wrap=True)
                if differences:
                    raise typer.Exit(1)
                console.print("verified: the read models match a rebuild from the events")
            else:
                for record in trail.all_records(conversation_id):
                    console.print(
                        f"{record.seq:>5}  {_local(record.timestamp, zone)}  "
                        f"[bold]{record.name}[/bold]  {_brief(record.data)}",
                        soft_wrap=True,
                        highlight=False,
                    )
        except UnknownConversation as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(2) from None
    finally:
        services.close()


def _brief(data: Any) -> str:
    keep = ("task_id", "intent", "text", "name", "customer_id", "reason", "code", "stt", "shop")
    return " ".join(f"{k}={data[k]}" for k in keep if data.get(k) not in (None, ""))


def _local(moment: datetime | str | None, zone: ZoneInfo) -> str:
    """A time in the shop's time zone (as the plot shows it), to the millisecond."""
    if moment is None:
        return "-"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(zone).isoformat(timespec="milliseconds")


def _full_id(services: Services, given: str) -> str:
    """A whole conversation id from a unique prefix (analytics shows the first 8 characters)."""
    if len(given) >= 36:
        return given
    services.projections.catch_up()  # the index may be behind the events
    rows = services.projections["conversation_index"].view.select(CONVERSATIONS)
    matches = [r["conversation_id"] for r in rows if str(r["conversation_id"]).startswith(given)]
    return str(matches[0]) if len(matches) == 1 else given


def print_state(state: dict[str, Any], zone: ZoneInfo) -> None:
    console.print(
        f"conversation {state['conversation_id']} (shop {state['shop']}) after seq {state['seq']}"
    )
    console.print(f"times in {zone.key}")
    focus = state["focus"]
    console.print(f"focus: {focus['name'] + ' (' + focus['customer_id'] + ')' if focus else '-'}")
    ended = _local(state["ended_at"], zone)
    console.print(f"listening: {state['listening'] or '-'}   ended: {ended}")
    for transcript in state["transcripts"]:
        line = f"  [{transcript['utterance_id']}] {transcript['text']}"
        console.print(line, highlight=False, markup=False)  # "[ea59…]" is no style tag
    # Times of day in the shop's zone; the whole date and zone are on the lines above.
    table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for heading in ("task", "intent"):
        table.add_column(heading, no_wrap=True)
    table.add_column("customer")
    for heading in ("status", "queued", "ended"):
        table.add_column(heading, no_wrap=True)
    for task in state["tasks"]:
        table.add_row(
            task["task_id"],
            task["intent"],
            task["customer_name"] or "-",
            task["status"],
            _local(task["queued_at"], zone)[11:19],
            _local(task["ended_at"], zone)[11:19] or "-",
        )
    console.print(table)


def analytics(
    group_by: Annotated[
        str, typer.Option("--group-by", help="intent, session, day or customer.")
    ] = "intent",
    shop: Annotated[str | None, typer.Option(help="One shop (default: every shop).")] = None,
    start: Annotated[str | None, typer.Option("--from", help="ISO date or time.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="ISO date (inclusive) or time.")] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Draw latency over time and per intent (PNG).")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Task counts, outcome rates and wait/run latency percentiles, as a table."""
    if group_by not in GROUPS:
        raise typer.BadParameter(f"one of {', '.join(GROUPS)}", param_hint="--group-by")
    services = open_services(database_url)
    try:
        zone = ZoneInfo(services.settings.timezone)
        report = Analytics(services.projections, services.settings.timezone)
        since, until = parse_bound(start, zone), parse_bound(end, zone, end=True)
        groups = report.tasks(shop, group_by, since, until)
        console.print(analytics_table(groups, group_by))
        if group_by == "session":
            console.print("sessions by their first 8 characters: `bolkhata audit` takes them")
        if plot is not None:
            from interfaces.plots import latency_plot

            latency_plot(report.task_rows(shop, since, until), plot, services.settings.timezone)
            console.print(f"plot written to {plot}")
    finally:
        services.close()


def analytics_table(groups: list[dict[str, Any]], group_by: str) -> RichTable:
    """Fits 80 columns: no side borders, short headings, session ids cut to 8 characters,
    latencies in ms (in s from 10 s on)."""
    table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(group_by, no_wrap=group_by != "customer", max_width=22)
    for heading in ("tasks", "done", "fail", "canc"):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("wait ms\np50/95/99", justify="right", no_wrap=True)
    table.add_column("run ms\np50/95/99", justify="right", no_wrap=True)
    for g in groups:
        label = str(g["label"])
        table.add_row(
            label[:8] if group_by == "session" else label,
            str(g["tasks"]),
            _rate(g["completion_rate"]),
            _rate(g["failure_rate"]),
            _rate(g["cancel_rate"]),
            "/".join(_ms(g[f"wait_ms_p{p}"]) for p in (50, 95, 99)),
            "/".join(_ms(g[f"run_ms_p{p}"]) for p in (50, 95, 99)),
        )
    return table


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ms(value: int | None) -> str:
    if value is None:
        return "-"
    return str(value) if value < 10_000 else f"{round(value / 1000)}s"
