"""Statements over HTTP on SQLite and PostgreSQL: JSON with running balance and bill numbers,
a PDF that `pdftotext` (poppler-utils) reads back with the right totals, share links."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from interfaces.http import create_app
from tests.conftest import FixedClock

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's notice about httpx2
    from fastapi.testclient import TestClient


@pytest.fixture
def api(database_url: str) -> Iterator[tuple[TestClient, Services, dict[str, str]]]:
    services = bootstrap(
        Settings(database_url=database_url, whatsapp_token=None), clock=FixedClock()
    )
    khata = services.khata
    khata.open_shop("s1", "शर्मा किराना")
    khata.add_product("s1", "milk", "packet", 3000, "p-milk", stock=50)
    rahul = str(khata.register_customer("s1", "राहुल शर्मा", "c1", "9876543210")["customer_id"])
    priya = str(khata.register_customer("s1", "Priya Patel", "c2")["customer_id"])
    khata.give_credit("s1", rahul, 15_000_000, "t1")
    khata.charge_invoice("s1", priya, [("milk", 1)], "bill-a")
    khata.charge_invoice("s1", rahul, [("milk", 2)], "bill-b")
    khata.receive_payment("s1", rahul, 5_000_000, "t2", mode="upi")
    khata.charge_invoice("s1", rahul, [("milk", 1)], "bill-c")
    khata.cancel_invoice("s1", rahul, "t3")
    token = services.access.issue("s1", "operator")
    try:
        with TestClient(create_app(services=services)) as client:
            client.headers["Authorization"] = f"Bearer {token}"
            yield client, services, {"rahul": rahul, "priya": priya}
    finally:
        services.close()


def test_statement_has_what_debit_credit_and_running_balance(
    api: tuple[TestClient, Services, dict[str, str]],
) -> None:
    client, _, ids = api
    answer = client.get(f"/api/customers/{ids['rahul']}/statement")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    rows = [(e["kind"], e["what"], e["debit"], e["credit"], e["balance"]) for e in body["entries"]]
    assert rows == [
        ("credit", "Udhaar", 15_000_000, 0, 15_000_000),
        ("invoice", "Bill #2: 2 packet milk", 6_000, 0, 15_006_000),
        ("payment", "Jama (UPI)", 0, 5_000_000, 10_006_000),
        ("invoice", "Bill #3: 1 packet milk", 3_000, 0, 10_009_000),
        ("reversal", "Cancelled: Bill #3: 1 packet milk", 0, 3_000, 10_006_000),
    ]
    assert body["balance"] == 10_006_000 and body["balance_text"] == "₹1,00,060"
    assert body["totals"] == {"debit": 15_009_000, "credit": 5_003_000}
    share = body["share"]
    assert share["statement_url"].startswith("https://wa.me/919876543210?text=")
    assert "₹1,00,060" in share["statement_text"] and "₹1,00,060" in share["reminder_text"]
    priya = client.get(f"/api/customers/{ids['priya']}/statement").json()
    assert priya["entries"][0]["bill_number"] == 1  # numbered per shop, in order
    assert priya["share"]["reminder_url"].startswith("https://wa.me/?text=")


def test_statement_of_another_shop_is_not_found(
    api: tuple[TestClient, Services, dict[str, str]],
) -> None:
    client, services, ids = api
    services.khata.open_shop("s2", "Other")
    other = services.access.issue("s2", "operator")
    answer = client.get(
        f"/api/customers/{ids['rahul']}/statement", headers={"Authorization": f"Bearer {other}"}
    )
    assert answer.status_code == 404
    assert client.get("/api/customers/nobody/statement").status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (.ci/run installs it)")
def test_pdf_opens_with_pdftotext_and_shows_the_totals(
    api: tuple[TestClient, Services, dict[str, str]], tmp_path: Path
) -> None:
    client, _, ids = api
    answer = client.get(f"/api/customers/{ids['rahul']}/statement", params={"format": "pdf"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    path = tmp_path / "statement.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "₹1,50,090" in text  # total debit
    assert "₹50,030" in text  # total credit
    assert "Balance due: ₹1,00,060" in text
    # Devanagari, shaped and readable (pdftotext may split a cluster at a pre-base vowel sign)
    assert "राहुलशर्मा" in text.replace(" ", "") and "शर्माकिराना" in text.replace(" ", "")
    assert "Bill #2: 2 packet milk" in text
