"""Schemathesis, every check, against a real `bolkhata serve` on SQLite and PostgreSQL.

The published OpenAPI document is the contract: Schemathesis generates requests from it (valid
ones and ones that break it), sends them to the server and checks that each answer is
documented (status, content type, headers, body) and that no request makes a 500. Each role
runs over the routes it may read, so the 200 bodies are checked too; a live session first gives
the audit routes a conversation to walk. Deterministic (no random seed) and bounded in examples.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.server import BIN, bolkhata, create_token, running_server

pytestmark = pytest.mark.e2e

# Which routes each role fuzzes: every route of the document is in one of them.
RUNS = {
    "operator": r"^/(api/(customers|queue|protocol|messages)|healthz|metrics)",
    "auditor": r"^/api/conversations",
    "analyst": r"^/api/analytics",
}
EXAMPLES = 60


def schemathesis(
    base: str, token: str, paths: str, config: Path
) -> subprocess.CompletedProcess[str]:
    # The token goes in a config file for the bearer scheme the document declares, so that
    # Schemathesis knows the security requirement is met (a bare -H header it would not).
    config.write_text(f'[auth.openapi.HTTPBearer]\nbearer = "{token}"\n')
    return subprocess.run(
        [
            str(BIN / "schemathesis"),
            "--config-file",
            str(config),
            "run",
            f"{base}/openapi.json",
            "--include-path-regex",
            paths,
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--generation-deterministic",  # and so no example database on disk
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=config.parent,
        timeout=600,
        check=False,
    )


def test_schemathesis_all_checks_find_nothing(seeded: tuple[str, str], tmp_path: Path) -> None:
    database_url, operator = seeded
    tokens = {
        "operator": operator,
        "auditor": create_token(database_url, role="auditor"),
        "analyst": create_token(database_url, role="analyst"),
    }
    with running_server(database_url) as base:
        ws = base.replace("http://", "ws://") + "/ws/voice"
        said = bolkhata(
            "say", "--url", ws, "--token", operator, "Rahul ka balance batao", "Priya ko 200 udhaar"
        )
        assert "2 of 2 tasks completed" in said
        for role, paths in RUNS.items():
            run = schemathesis(base, tokens[role], paths, tmp_path / f"{role}.toml")
            report = run.stdout[-6000:] + run.stderr[-2000:]
            assert run.returncode == 0, f"{role}:\n{report}"
            assert "passed" in run.stdout and "Tested: 0" not in run.stdout, report
