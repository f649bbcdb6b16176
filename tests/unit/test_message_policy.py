"""The retry policy and the Cloud API's answers, without I/O: what one send's answer means."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.messages import SendAnswer, backoff_cap, may_try_again, moves_forward
from infrastructure.whatsapp import answer_of, signature_ok, statuses_of

IST = ZoneInfo("Asia/Kolkata")


def test_backoff_doubles_from_one_second_to_sixty() -> None:
    assert [backoff_cap(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_eight_attempts_within_a_day() -> None:
    start = datetime(2026, 11, 1, tzinfo=IST)
    assert may_try_again(7, start, start + timedelta(hours=1))
    assert not may_try_again(8, start, start + timedelta(hours=1))
    assert not may_try_again(1, start, start + timedelta(hours=24))


@given(st.sampled_from(["queued", "sent", "delivered", "read", "failed"]), st.text(max_size=10))
def test_statuses_never_move_backwards(current: str, new: str) -> None:
    order = ["queued", "sent", "delivered", "read"]
    if moves_forward(current, new):
        assert current != "failed" and current != "read"
        assert new == "failed" or order.index(new) > order.index(current)


@pytest.mark.parametrize(
    ("status", "body", "retry", "code"),
    [
        (500, {}, True, "http_500"),
        (503, {"error": {"code": 2, "message": "down"}}, True, "2"),
        (429, {"error": {"code": 130429, "message": "Rate limit hit"}}, True, "130429"),
        (400, {"error": {"code": 131056, "message": "pair rate limit"}}, True, "131056"),
        (400, {"error": {"code": 131026, "message": "undeliverable"}}, False, "131026"),
        (401, {"error": {"code": 190, "message": "Invalid OAuth access token"}}, False, "190"),
        (400, {"error": {"code": 100, "error_data": {"details": "bad to"}}}, False, "100"),
    ],
)
def test_error_answers(status: int, body: dict[str, object], retry: bool, code: str) -> None:
    answer = answer_of(httpx.Response(status, json=body))
    assert not answer.accepted
    assert answer.worth_retrying is retry and answer.failure_code == code


def test_an_accepted_answer_carries_the_wamid() -> None:
    body = {"messaging_product": "whatsapp", "messages": [{"id": "wamid.ABC"}]}
    answer = answer_of(httpx.Response(200, json=body))
    assert answer.accepted and answer.wa_message_id == "wamid.ABC"
    assert not answer_of(httpx.Response(200, json={})).accepted  # no id: not a success


def test_no_answer_is_worth_retrying() -> None:
    lost = SendAnswer(answered=False, reason="ReadTimeout")
    assert lost.worth_retrying and lost.failure_code == "no_answer"


def test_signature_is_hmac_sha256_of_the_raw_body() -> None:
    body = b'{"entry": []}'
    good = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert signature_ok(body, good, "secret")
    assert not signature_ok(body + b" ", good, "secret")
    assert not signature_ok(body, good, "other")
    assert not signature_ok(body, None, "secret")
    assert not signature_ok(body, good, None)  # no app secret set: nothing is trusted


def test_statuses_are_found_in_any_well_formed_part() -> None:
    payload = {
        "entry": [
            {"changes": [{"value": {"statuses": [{"id": "wamid.1", "status": "read"}]}}]},
            {"changes": [{"value": {"messages": [{"id": "in"}]}}, "junk"]},
            "junk",
        ]
    }
    assert statuses_of(payload) == [{"id": "wamid.1", "status": "read"}]
    assert statuses_of([1, 2]) == [] and statuses_of({"entry": None}) == []
