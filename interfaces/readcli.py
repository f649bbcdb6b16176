"""The read side of the command line: `projections rebuild|status`, `audit`, `analytics`.

Kept apart from cli.py, which adds these to the `bolkhata` app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table as RichTable

from application.analytics import GROUPS, Analytics, parse_bound
from application.audit import Audit, UnknownConversation
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
    try:
        trail = Audit(services.store, services.projections)
        try:
            if at is not None:
                print_state(trail.state(conversation_id, at=at))
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
                        f"{record.seq:>5}  {record.timestamp.isoformat()}  "
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


def print_state(state: dict[str, Any]) -> None:
    console.print(
        f"conversation {state['conversation_id']} (shop {state['shop']}) after seq {state['seq']}"
    )
    focus = state["focus"]
    console.print(f"focus: {focus['name'] + ' (' + focus['customer_id'] + ')' if focus else '-'}")
    console.print(f"listening: {state['listening'] or '-'}   ended: {state['ended_at'] or '-'}")
    for transcript in state["transcripts"]:
        console.print(f"  [{transcript['utterance_id']}] {transcript['text']}", highlight=False)
    table = RichTable("task", "intent", "customer", "status", "queued", "ended")
    for task in state["tasks"]:
        table.add_row(
            task["task_id"],
            task["intent"],
            task["customer_name"] or "-",
            task["status"],
            task["queued_at"],
            task["ended_at"] or "-",
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
        table = RichTable()
        table.add_column(group_by, no_wrap=True)  # intents and ids stay whole
        for heading in ("tasks", "done", "failed", "cancelled"):
            table.add_column(heading, justify="right")
        table.add_column("wait ms p50/95/99", justify="right", overflow="fold")
        table.add_column("run ms p50/95/99", justify="right", overflow="fold")
        for g in groups:
            table.add_row(
                str(g["label"]),
                str(g["tasks"]),
                _rate(g["completion_rate"]),
                _rate(g["failure_rate"]),
                _rate(g["cancel_rate"]),
                "/".join(_ms(g[f"wait_ms_p{p}"]) for p in (50, 95, 99)),
                "/".join(_ms(g[f"run_ms_p{p}"]) for p in (50, 95, 99)),
            )
        console.print(table)
        if plot is not None:
            from interfaces.plots import latency_plot

            latency_plot(report.task_rows(shop, since, until), plot)
            console.print(f"plot written to {plot}")
    finally:
        services.close()


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ms(value: int | None) -> str:
    return "-" if value is None else str(value)
