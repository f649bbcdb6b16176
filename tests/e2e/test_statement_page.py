"""The statement view in headless Chromium against a real `bolkhata serve` with no WhatsApp
settings: what each entry was with the running balance, `wa.me` share links, the PDF download,
and the queued message's status on the customer's card."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.server import bolkhata, create_token, running_server
from tests.e2e.test_browser import CHROMIUM, launch, session

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, as the browser suite launches it."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests need Chromium in CI; {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as driver:
        browser = launch(driver)
        yield browser
        browser.close()


def test_statement_view_share_links_pdf_and_message_status(
    chromium: Browser, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'bolkhata.db'}"
    bolkhata("demo", "seed", "--database-url", database_url)
    token = create_token(database_url, "demo", "operator")
    with running_server(database_url) as base, session(chromium, base, token) as page:
        page.say("Rahul ka phone 9876543210 update karo")
        page.wait_cards(1)
        page.say("Rahul ko 100 udhaar likho")
        page.wait_cards(2)
        page.say("Rahul ko hisaab bhej do")
        page.wait_cards(3)

        # The card shows the statement's message, queued (no WhatsApp settings: share links).
        rahul = page.page.locator(".customer", has_text="Rahul Sharma")
        page.page.wait_for_function(
            "() => [...document.querySelectorAll('.customer .message-status')]"
            ".some((b) => b.dataset.status === 'queued')"
        )
        assert rahul.locator(".message-status").inner_text() == "Hisaab · Line mein"

        rahul.click()
        page.page.wait_for_selector("#ledger:not([hidden]) tbody tr")
        assert page.page.text_content("#ledger .ledger-balance") == "₹600"
        rows = page.page.locator("#ledger tbody tr").all_inner_texts()
        assert "Udhaar" in rows[0] and "+₹100" in rows[0] and "₹600" in rows[0]  # newest first
        assert "₹500" in rows[1]  # the running balance before it
        assert "Hisaab · Line mein" in page.page.inner_text("#customer-messages")

        link = page.page.get_attribute("#share-statement", "href") or ""
        assert link.startswith("https://wa.me/919876543210?text=")
        text = parse_qs(urlsplit(link).query)["text"][0]
        assert "Rahul Sharma" in text and "Kul baaki: ₹600" in text
        reminder = page.page.get_attribute("#share-reminder", "href") or ""
        assert "₹600" in parse_qs(urlsplit(reminder).query)["text"][0]
        assert page.page.inner_text("#share-statement") == "Hisaab WhatsApp par bhejo"

        pdf = page.page.get_attribute("#statement-pdf", "href") or ""
        answer = page.page.request.get(f"{base}{pdf}")
        assert answer.ok and answer.headers["content-type"] == "application/pdf"
        assert answer.body().startswith(b"%PDF")
