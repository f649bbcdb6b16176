"""Many processes on one PostgreSQL: `migrate`, `projections run` and a local `cluster`.

`cluster` is for trying the deployment on one machine: it migrates, starts N servers (their
read models left to the workers), two projection workers (a leader and a standby) and HAProxy
with deploy/haproxy.cfg, its backends rewritten to the servers' ports. Ctrl-C stops them all.
"""

from __future__ import annotations

import logging
import logging.config
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from infrastructure.eventstore import is_postgres
from infrastructure.schema import SchemaNotMigrated, migrate
from infrastructure.settings import Settings

console = Console(stderr=True, soft_wrap=True)
DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "haproxy.cfg"
LAG_LOG_SECONDS = 30.0

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="postgresql://... (or sqlite:///path.db for migrate)"),
]


def _settings(database_url: str | None, **changes: object) -> Settings:
    settings = Settings()
    if database_url:
        changes["database_url"] = database_url
    return settings.model_copy(update=changes) if changes else settings


def migrate_command(database_url: DatabaseUrl = None) -> None:
    """Create every table (event store, tracking and read models) once; safe to run again."""
    settings = _settings(database_url)
    names = migrate(settings)
    print(f"migrated: event store and {len(names)} read models ({', '.join(names)})")


def projections_run(
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run only this projection (repeatable).")
    ] = None,
    database_url: DatabaseUrl = None,
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve this worker's Prometheus metrics on 127.0.0.1:PORT/metrics."),
    ] = None,
) -> None:
    """Keep the read models up to date outside the servers (PostgreSQL; one leader each)."""
    from interfaces.bootstrap import bootstrap
    from interfaces.logs import log_config

    logging.config.dictConfig(log_config())
    settings = _settings(database_url, projections="inline", postgres_pre_ping=False)
    if not is_postgres(settings.database_url):
        console.print("[red]error:[/] projection workers need PostgreSQL; SQLite runs them inline")
        raise typer.Exit(2)
    try:
        services = bootstrap(settings, create_tables=False)
    except SchemaNotMigrated as error:
        console.print(f"[red]error:[/] {error}")
        raise typer.Exit(2) from None
    from infrastructure.workers import Workers

    try:
        workers = Workers(services.projections, settings.database_url, only or ())
    except KeyError as error:
        services.close()
        raise typer.BadParameter(str(error), param_hint="--only") from None
    if metrics_port is not None:
        from infrastructure.worker_metrics import serve_metrics

        serve_metrics(workers, metrics_port)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    workers.start()
    log = logging.getLogger("bolkhata.workers")
    log.info(
        "projection workers started pid=%d projections=%s",
        os.getpid(),
        ",".join(w.name for w in workers.workers),
    )
    try:
        while not stopping.wait(LAG_LOG_SECONDS):
            lag, leaders = workers.lag(), workers.leaders()
            log.info(
                "projection lag %s",
                " ".join(f"{name}={lag[name]}{'*' if leaders[name] else ''}" for name in lag),
            )
    finally:
        workers.stop()
        services.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def haproxy_config(template: str, port: int, backends: list[int]) -> str:
    """deploy/haproxy.cfg with the front port and one `server` line per local backend."""
    text = re.sub(r"(?m)^(\s*bind\s+)\S+", lambda m: f"{m.group(1)}127.0.0.1:{port}", template)
    lines = text.splitlines()
    servers = [i for i, line in enumerate(lines) if line.strip().startswith("server ")]
    first = lines[servers[0]] if servers else "    server s 127.0.0.1:0 check"
    indent = first[: len(first) - len(first.lstrip())]
    options = first.split()[3:]
    new = [
        f"{indent}server s{n} 127.0.0.1:{backend} {' '.join(options)}"
        for n, backend in enumerate(backends, 1)
    ]
    at = servers[0] if servers else len(lines)
    kept = [line for i, line in enumerate(lines) if i not in servers]
    return "\n".join(kept[:at] + new + kept[at:]) + "\n"


def cluster(
    servers: Annotated[int, typer.Option(min=1, max=32, help="How many server processes.")] = 2,
    port: Annotated[int, typer.Option(help="HAProxy's port (the one clients use).")] = 8000,
    database_url: DatabaseUrl = None,
) -> None:
    """A local cluster: migrate, N servers, the projection workers, HAProxy on PORT."""
    settings = _settings(database_url)
    if not is_postgres(settings.database_url):
        console.print("[red]error:[/] a cluster needs PostgreSQL: --database-url postgresql://…")
        raise typer.Exit(2)
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        console.print(
            "[red]error:[/] haproxy is not installed: `apt-get install haproxy` (Debian), "
            "then run this again"
        )
        raise typer.Exit(2)
    migrate(settings)
    binary = str(Path(sys.executable).parent / "bolkhata")
    env = {
        **os.environ,
        "BOLKHATA_DATABASE_URL": settings.database_url,
        "BOLKHATA_PROJECTIONS": "external",
    }
    ports = [free_port() for _ in range(servers)]
    children: list[subprocess.Popen[bytes]] = []
    workdir = Path(tempfile.mkdtemp(prefix="bolkhata-cluster-"))
    failed = False
    try:
        for backend in ports:
            children.append(subprocess.Popen([binary, "serve", "--port", str(backend)], env=env))
        for _ in range(2):  # a leader and a standby for every projection
            children.append(subprocess.Popen([binary, "projections", "run"], env=env))
        config = workdir / "haproxy.cfg"
        config.write_text(haproxy_config(DEPLOY.read_text(), port, ports))
        balancer = subprocess.Popen([haproxy, "-db", "-f", str(config)])
        children.append(balancer)
        console.print(
            f"cluster: http://127.0.0.1:{port}/ -> servers on {', '.join(map(str, ports))}; "
            "Ctrl-C stops all"
        )
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        while not stopping.wait(0.5):
            if balancer.poll() is not None:
                console.print(f"[red]haproxy stopped (exit {balancer.returncode}): see above[/]")
                failed = True
                break
            if all(child.poll() is not None for child in children[:servers]):
                console.print("[red]every server has stopped[/]")
                failed = True
                break
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        raise typer.Exit(1)
