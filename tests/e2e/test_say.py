"""`bolkhata say` end to end: the real console script against a real `bolkhata serve` process."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.e2e.server import BIN, free_port, running_server

pytestmark = pytest.mark.e2e


def say(
    url: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script, stdin not a terminal, as a script or a CI job would run it."""
    return subprocess.run(
        [str(BIN / "bolkhata"), "say", "--url", url, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        timeout=90,
        check=False,
    )


def ws(base: str) -> str:
    return base.replace("http://", "ws://") + "/ws/voice"


def test_seed_scenario_completes_and_a_bad_token_is_refused(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    texts = ["Rahul ka balance check karo", "100 credit add karo", "reminder set karo"]
    with running_server(database_url) as base:
        done = say(ws(base), "--token", token, *texts)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Rahul Sharma" in done.stdout and "₹500" in done.stdout
        assert "₹600" in done.stdout  # the credit went to Rahul, the customer in focus
        assert "3 of 3 tasks completed" in done.stdout

        from_env = say(ws(base), "kul kitna baaki hai", env={"BOLKHATA_TOKEN": token})
        assert from_env.returncode == 0, from_env.stdout + from_env.stderr

        refused = say(ws(base), "--token", "bk_wrong", *texts)
        assert refused.returncode == 2
        assert "not authorised (close 4401" in refused.stdout
        assert "Rahul" not in refused.stdout


def test_an_unanswered_question_times_out_and_fails(seeded: tuple[str, str]) -> None:
    database_url, token = seeded
    quick = {"BOLKHATA_CLARIFY_TIMEOUT_SECONDS": "1"}
    with running_server(database_url, env=quick) as base:
        done = say(ws(base), "--token", token, "100 credit add karo")  # nobody in focus: asks
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Kaun sa grahak?" in done.stdout and "not answering" in done.stdout
    assert "failed" in done.stdout and "0 of 1 tasks completed" in done.stdout


def test_no_server_or_no_token_exits_2() -> None:
    nobody = f"ws://127.0.0.1:{free_port()}/ws/voice"
    done = say(nobody, "--token", "bk_any", "Rahul ka balance check karo")
    assert done.returncode == 2 and f"cannot connect to {nobody}" in done.stdout
    no_token = say(nobody, "Rahul ka balance", env={"BOLKHATA_TOKEN": ""})
    assert no_token.returncode == 2 and "token is needed" in no_token.stdout
