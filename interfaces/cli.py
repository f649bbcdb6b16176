"""The `bolkhata` command line: serve, parse, say, audit, token, demo."""

from __future__ import annotations

import gc
import json
import sys
from datetime import datetime
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from domain.intents import Command
from infrastructure.eventstore import is_postgres
from infrastructure.schema import SchemaNotMigrated, check_migrated
from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap, check_projections_mode
from interfaces.cluster import cluster, migrate_command, projections_run
from interfaces.readcli import analytics, audit, projections_app

app = typer.Typer(help="Bolkhata: a voice khata for Indian shops.", no_args_is_help=True)
token_app = typer.Typer(help="Access tokens.", no_args_is_help=True)
demo_app = typer.Typer(help="The demo shop.", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(demo_app, name="demo")
app.add_typer(projections_app, name="projections")
app.command()(audit)
app.command()(analytics)
app.command("migrate")(migrate_command)
app.command()(cluster)
projections_app.command("run")(projections_run)
console = Console()

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="sqlite:///path.db or postgresql://...", show_default=False
    ),
]


def settings_with(database_url: str | None, **changes: Any) -> Settings:
    settings = Settings()
    if database_url:
        changes["database_url"] = database_url
    return settings.model_copy(update=changes) if changes else settings


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    database_url: DatabaseUrl = None,
    print_token: Annotated[
        bool, typer.Option("--print-token", help="Issue a demo operator token and print the URL.")
    ] = False,
) -> None:
    """Start the HTTP and WebSocket server."""
    import uvicorn

    from interfaces.http import create_app

    settings = settings_with(database_url)
    # PostgreSQL: the tables come from `bolkhata migrate`; SQLite creates them on start.
    create_tables = not is_postgres(settings.database_url)
    try:
        check_projections_mode(settings)
        if not create_tables:
            check_migrated(settings)
    except (ValueError, SchemaNotMigrated) as error:
        Console(stderr=True).print(f"[red]error:[/] {error}", soft_wrap=True)
        raise typer.Exit(2) from None
    if print_token:
        services = bootstrap(settings, create_tables=create_tables)
        try:
            token = services.access.issue("demo", "operator")
        finally:
            services.close()
        console.print(f"Bolkhata is starting on http://{host}:{port}/")
        console.print(f"Open http://{host}:{port}/?token={token}", soft_wrap=True)
        console.print(f"Token (operator, shop demo): {token}", soft_wrap=True)
    from interfaces.logs import log_config
    from interfaces.socket_protocol import SlimWebSocketProtocol
    from interfaces.ws import message_ceiling

    application = create_app(settings, create_tables=create_tables, own_shops=not create_tables)
    # What start-up made (the modules, the parser's tables) lives as long as the process: out
    # of the collector's sight, a full collection walks only what sessions make. Its pauses
    # were 60-180 ms before, in the middle of paced commands (README, "Hot path: figures").
    gc.collect()
    gc.freeze()
    # Tokens in a request's path are redacted from every log line (interfaces/logs.py).
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="info",
        log_config=log_config(),
        ws_max_size=message_ceiling(settings.max_frame_bytes),
        ws_per_message_deflate=settings.ws_per_message_deflate,
        ws=SlimWebSocketProtocol,  # uvicorn's, with less kept per open socket
    )


@app.command()
def parse(
    text: Annotated[
        list[str] | None, typer.Argument(help="The utterance; stdin if absent.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per utterance.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add each command's confidence and the words used.")
    ] = False,
    now: Annotated[
        str | None, typer.Option(help="Reference time, ISO 8601 (default: now in Asia/Kolkata).")
    ] = None,
) -> None:
    """Print the commands understood in an utterance, without a server."""
    from domain.language.name_odds import understand_names
    from infrastructure import name_model

    understand = partial(understand_names, odds=name_model.load())

    zone = ZoneInfo("Asia/Kolkata")
    try:
        reference = datetime.fromisoformat(now) if now else datetime.now(zone)
    except ValueError:
        raise typer.BadParameter(f"not an ISO 8601 time: {now!r}", param_hint="--now") from None
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=zone)
    utterances = [" ".join(text)] if text else [line.rstrip("\n") for line in sys.stdin]
    for utterance in utterances:
        commands = [_described(command, explain) for command in understand(utterance, reference)]
        if as_json:
            print(json.dumps({"commands": commands}, ensure_ascii=False), flush=True)
        else:
            for command in commands:
                held = (
                    f" [red]{command['decision']}: {command['reason']}[/red]"
                    if "decision" in command
                    else ""
                )
                console.print(f"[bold]{command['intent']}[/bold] {command['entities']}{held}")


def _described(command: Command, explain: bool) -> dict[str, Any]:
    """The contract's intent and entities (and the gate's verdict when it holds the command);
    with `explain`, the dependency, group, confidence and the words used too."""
    out = command.to_json()
    if not explain:
        return out
    if command.after_previous:
        out["after_previous"] = True
    if command.group is not None:
        out["group"] = command.group
    return out | {"confidence": command.confidence, "used": list(command.used)}


@app.command()
def say(
    text: Annotated[list[str], typer.Argument(help="Each TEXT is sent as one final transcript.")],
    url: Annotated[
        str, typer.Option(help="The server's WebSocket.")
    ] = "ws://127.0.0.1:8000/ws/voice",
    token: Annotated[
        str | None, typer.Option(envvar="BOLKHATA_TOKEN", help="An operator token.")
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="Reply language (en, hi); Hinglish if unset.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Give up after this many seconds.")] = 300.0,
) -> None:
    """Open a session, say each TEXT, show the tasks live; exit when they have all ended."""
    from interfaces import say as client

    if not token:
        console.print("[red]error:[/] an operator token is needed: --token or BOLKHATA_TOKEN")
        raise typer.Exit(client.NO_CONNECTION)
    if (long := client.too_long(text)) is not None:
        raise typer.BadParameter(
            f"longer than {client.MAX_TRANSCRIPT_CHARS} characters: {long[:40]}…"
        )
    raise typer.Exit(client.run(url, token, text, timeout=timeout, language=language))


@token_app.command("create")
def token_create(
    shop: Annotated[str, typer.Option(help="The shop the token belongs to.")],
    role: Annotated[str, typer.Option(help="operator, auditor or analyst.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create a token; it is printed once, as the last line, and stored only as a hash."""
    if role not in ("operator", "auditor", "analyst"):
        raise typer.BadParameter("role must be operator, auditor or analyst", param_hint="--role")
    services = bootstrap(settings_with(database_url))
    try:
        services.khata.open_shop(shop, shop)  # a new shop starts with its first token
        token = services.access.issue(shop, role)
    finally:
        services.close()
    print(token)


@demo_app.command("seed")
def demo_seed(database_url: DatabaseUrl = None) -> None:
    """Create the demo shop once; running it again changes nothing."""
    from application.demo import seed_demo

    services = bootstrap(settings_with(database_url))
    try:
        counts = seed_demo(services.khata)
    finally:
        services.close()
    console.print(
        f"demo shop ready: {counts['customers']} customers, {counts['products']} products"
    )


def main() -> None:
    app()
