"""The web client in headless Chromium against a real `bolkhata serve`: talk, watch, resume."""

from __future__ import annotations

import asyncio
import math
import os
import struct
import tempfile
import threading
import wave
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.e2e.server import bolkhata, create_token, running_server
from tests.fakes.elevenlabs_server import FakeElevenLabs

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = Path("/usr/bin/chromium")
# The README's screenshots are rewritten only on request, so a test run leaves the tree clean.
DOCS = (
    Path(__file__).resolve().parents[2] / "docs"
    if os.environ.get("BOLKHATA_SCREENSHOTS") == "docs"
    else Path(tempfile.gettempdir()) / "bolkhata-screenshots"
)
# Quiet, offline, reproducible: no GPU, no QUIC, nothing fetched in the background.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
WAIT_MS = 20_000

# Every card as the page shows it; tests read the DOM, not the page's internals.
CARDS_JS = """() => [...document.querySelectorAll('.card')].map((card) => ({
    id: card.dataset.taskId,
    status: card.dataset.status,
    trail: card.dataset.trail,
    intent: card.querySelector('.intent').textContent,
    who: card.querySelector('.who').textContent,
    said: card.querySelector('.said').textContent,
    reply: card.querySelector('.reply').textContent,
}))"""


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests need Chromium in CI; {message}")
        pytest.skip(message)
    with sync_playwright() as driver:
        yield driver


def launch(playwright: Playwright, *extra: str) -> Browser:
    # Debian's Chromium, never a downloaded one.
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*ARGS, *extra]
    )


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch(playwright)
    yield browser
    browser.close()


@pytest.fixture
def shop(tmp_path: Path) -> tuple[str, str]:
    """A seeded demo shop on a fresh SQLite file and an operator token for it."""
    database_url = f"sqlite:///{tmp_path / 'bolkhata.db'}"
    bolkhata("demo", "seed", "--database-url", database_url)
    token = create_token(database_url, "demo", "operator")
    return database_url, token


class Session:
    """One page of the web client, with every console error it logs."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.set_default_timeout(WAIT_MS)

    def open(self, base: str, query: str) -> None:
        self.page.goto(f"{base}/?{query}")

    def online(self) -> None:
        self.page.wait_for_selector("body[data-conn=online]")

    def say(self, text: str) -> None:
        self.page.fill("#say", text)
        self.page.press("#say", "Enter")

    def cards(self) -> list[dict[str, str]]:
        cards: list[dict[str, str]] = self.page.evaluate(CARDS_JS)
        return cards

    def wait_cards(self, count: int, status: str = "completed") -> list[dict[str, str]]:
        self.page.wait_for_function(
            "([count, status]) => [...document.querySelectorAll('.card')]"
            ".filter((card) => card.dataset.status === status).length >= count",
            arg=[count, status],
        )
        return self.cards()

    def card_where(self, predicate: Callable[[dict[str, str]], bool]) -> dict[str, str]:
        return next(card for card in self.cards() if predicate(card))


@contextmanager
def session(
    browser: Browser, base: str, token: str, viewport: dict[str, int] = DESKTOP
) -> Iterator[Session]:
    context = browser.new_context(viewport=viewport, locale="en-IN")
    try:
        page = Session(context)
        page.open(base, f"token={token}")
        page.online()
        yield page
        assert page.errors == [], page.errors
    finally:
        context.close()


def test_typed_commands_complete_and_follow_the_customer(
    browser: Browser, shop: tuple[str, str]
) -> None:
    database_url, token = shop
    with running_server(database_url) as base, session(browser, base, token) as page:
        page.say("Rahul ka balance check karo")
        [card] = page.wait_cards(1)
        assert card["intent"] == "Balance check" and card["who"] == "Rahul Sharma"
        assert "₹500" in card["reply"] and card["said"] == "“Rahul ka balance check karo”"
        assert page.page.text_content("#focus-name") == "Rahul Sharma"

        page.say("100 credit add karo")
        cards = page.wait_cards(2)
        credit = page.card_where(lambda c: "100 credit" in c["said"])
        assert credit["who"] == "Rahul Sharma" and "₹600" in credit["reply"]
        assert len(cards) == 2 and credit["trail"] == "queued running completed"
        # The spoken reply is announced to screen readers too.
        page.page.wait_for_function(
            "() => document.querySelector('#announcer').textContent.includes('₹600')"
        )

        # Customers panel: ₹ with Indian grouping, and a customer's ledger on a click.
        rahul = page.page.locator(".customer", has_text="Rahul Sharma")
        page.page.wait_for_function(
            "() => [...document.querySelectorAll('.customer')]"
            ".some((c) => c.textContent.includes('Rahul Sharma') && c.textContent.includes('₹600'))"
        )
        assert page.page.text_content("#customers-total") == "₹2,100"
        rahul.click()
        page.page.wait_for_selector("#ledger:not([hidden]) tbody tr")
        assert page.page.text_content("#ledger .ledger-balance") == "₹600"
        assert "+₹100" in page.page.inner_text("#ledger tbody")

        # Labels switch between Hinglish and English, by keyboard too.
        page.page.focus("#lang-toggle")
        page.page.keyboard.press("Enter")
        page.page.wait_for_selector("html[lang=en-IN]")
        assert page.page.text_content(f'[data-task-id="{credit["id"]}"] .status-text') == "Done"
        assert page.page.text_content(f'[data-task-id="{credit["id"]}"] .intent') == "Credit added"
        page.page.keyboard.press("Enter")
        page.page.wait_for_selector("html[lang=hi-Latn-IN]")
        assert page.page.text_content(f'[data-task-id="{credit["id"]}"] .status-text') == "Ho gaya"


def test_burst_of_six_never_runs_more_than_three(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, token = shop
    env = {"BOLKHATA_WORK_DELAY_MS": "500"}
    with running_server(database_url, env) as base, session(browser, base, token) as page:
        # Record the number of running cards after every change the page makes.
        page.page.evaluate(
            """() => {
                window.peaks = [];
                const count = () => window.peaks.push(
                    document.querySelectorAll('.card[data-status=running]').length);
                new MutationObserver(count).observe(document.body,
                    {subtree: true, childList: true, attributes: true,
                     attributeFilter: ['data-status']});
            }"""
        )
        for _ in range(6):
            page.say("kul kitna baaki hai")
        cards = page.wait_cards(6)
        peaks: list[int] = page.page.evaluate("window.peaks")
        assert max(peaks) == 3, peaks
        assert len(cards) == 6 and all(c["trail"] == "queued running completed" for c in cards)
        assert page.page.text_content("#running-count") == "0/3"


def test_cancel_a_queued_task_by_clicking(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, token = shop
    env = {"BOLKHATA_WORK_DELAY_MS": "2500"}
    with running_server(database_url, env) as base, session(browser, base, token) as page:
        for _ in range(4):
            page.say("kul kitna baaki hai")
        page.wait_cards(1, status="queued")
        page.page.wait_for_function("() => document.querySelectorAll('.card').length === 4")
        assert page.page.text_content("#queued-count") == "1"
        queued = page.card_where(lambda c: c["status"] == "queued")
        page.page.click(f'[data-task-id="{queued["id"]}"] .cancel')
        page.wait_cards(1, status="cancelled")
        page.wait_cards(3)
        cancelled = page.card_where(lambda c: c["id"] == queued["id"])
        assert cancelled["status"] == "cancelled"
        assert cancelled["trail"] == "queued cancelled"  # it never ran
        assert page.page.is_hidden(f'[data-task-id="{queued["id"]}"] .cancel')


def test_a_dropped_socket_resumes_with_every_card_once(
    browser: Browser, shop: tuple[str, str]
) -> None:
    database_url, token = shop
    env = {"BOLKHATA_WORK_DELAY_MS": "1500"}
    with running_server(database_url, env) as base, session(browser, base, token) as page:
        for text in (
            "Rahul ka balance check karo",
            "Suresh ka balance batao",
            "kul kitna baaki hai",
        ):
            page.say(text)
        page.page.wait_for_function("() => document.querySelectorAll('.card').length === 3")
        # Away for longer than the tasks take: their ends are only heard through the resume.
        page.page.evaluate("window.bolkhata.conn.drop(3500)")
        page.page.wait_for_selector("body[data-conn=offline]")
        assert all(c["status"] != "completed" for c in page.cards())
        page.online()
        assert page.page.evaluate("window.bolkhata.conn.resumes") == 1
        cards = page.wait_cards(3)
        assert len(cards) == 3 and len({c["id"] for c in cards}) == 3
        assert all(c["trail"] == "queued running completed" for c in cards)

        page.say("Priya ka balance batao")
        cards = page.wait_cards(4)
        assert len(cards) == 4

        # A reload rebuilds the same conversation from its stored frames, each card once.
        page.page.reload()
        page.online()
        reloaded = page.wait_cards(4)
        assert sorted(c["id"] for c in reloaded) == sorted(c["id"] for c in cards)


def test_clarification_between_two_rahuls(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, token = shop
    with running_server(database_url) as base, session(browser, base, token) as page:
        page.say("naya customer Rahul Verma add karo")
        page.wait_cards(1)
        page.say("Rahul ka balance batao")
        dialog = page.page.locator("#clarify")
        dialog.wait_for(state="visible")
        options = dialog.locator(".option")
        assert sorted(options.all_text_contents()) == ["Rahul Sharma", "Rahul Verma"]
        options.filter(has_text="Rahul Sharma").click()
        cards = page.wait_cards(2)
        balance = page.card_where(lambda c: c["said"] == "“Rahul ka balance batao”")
        assert balance["status"] == "completed" and "₹500" in balance["reply"]
        assert dialog.is_hidden() and len(cards) == 2


def test_confirm_dialog_and_unknown_name_suggestions(
    browser: Browser, shop: tuple[str, str]
) -> None:
    database_url, token = shop
    with running_server(database_url) as base, session(browser, base, token) as page:
        dialog = page.page.locator("#clarify")
        # A large credit is read back with Haan / Nahi and written only on the Haan.
        page.say("Rahul ko 15000 udhaar likho")
        dialog.wait_for(state="visible")
        assert dialog.get_attribute("data-kind") == "confirm"
        assert "₹15,000" in dialog.locator(".question").inner_text()
        assert dialog.locator(".option").all_text_contents() == ["Haan", "Nahi"]
        [waiting] = page.cards()
        assert waiting["status"] == "queued"
        dialog.locator(".option.yes").click()
        [credit] = page.wait_cards(1)
        assert "₹15,000" in credit["reply"] and "₹15,500" in credit["reply"]
        assert dialog.is_hidden()

        # Nahi cancels: nothing is written.
        page.say("Priya ko 12000 udhaar likho")
        dialog.wait_for(state="visible")
        dialog.locator(".option.no").click()
        page.wait_cards(1, "cancelled")

        # An unknown name: the close customer and a new customer as buttons.
        page.say("Suresh Sharma ko 50 udhaar likho")
        dialog.wait_for(state="visible")
        assert dialog.get_attribute("data-kind") == "customer"
        options = dialog.locator(".option").all_text_contents()
        assert options[0] == "Suresh Kumar" and options[-1] == "Naya customer: Suresh Sharma"
        dialog.locator(".option.new-customer").click()
        page.wait_cards(2)
        made = page.card_where(lambda c: "Suresh Sharma" in c["said"])
        assert made["status"] == "completed" and "Suresh Sharma" in made["reply"]
        assert "₹50" in made["reply"]
        page.page.wait_for_function(
            "() => [...document.querySelectorAll('.customer')]"
            ".some((c) => c.textContent.includes('Suresh Sharma'))"
        )


# A stand-in for the browser's own recognizer (Chromium's needs Google's servers): one
# interim result, a pause, then the final one, as a shopkeeper's sentence arrives.
FAKE_RECOGNITION_JS = """
window.SpeechRecognition = class {
    start() {
        const result = (text, isFinal) => Object.assign([{transcript: text}], {isFinal});
        const emit = (results) => this.onresult({resultIndex: 0, results});
        if (window.spoken) { setTimeout(() => this.onend(), 50); return; }
        window.spoken = true;
        window.recognitionLang = this.lang;
        setTimeout(() => emit([result('Rahul ka', false)]), 100);
        setTimeout(() => emit([result('Rahul ka balance check karo', true)]), 1500);
    }
    stop() {}
};
// Record what the page speaks instead of speaking it.
window.spokenReplies = [];
speechSynthesis.speak = (utterance) => window.spokenReplies.push([utterance.lang, utterance.text]);
"""
# Only the recorder: what the page speaks, and in which language.
SPEECH_RECORDER_JS = """
window.spokenReplies = [];
speechSynthesis.speak = (utterance) => window.spokenReplies.push([utterance.lang, utterance.text]);
"""


def test_browser_speech_recognition_sends_partials_and_finals(
    browser: Browser, shop: tuple[str, str]
) -> None:
    database_url, token = shop
    with running_server(database_url) as base:
        context = browser.new_context(viewport=DESKTOP)
        context.add_init_script(FAKE_RECOGNITION_JS)
        try:
            page = Session(context)
            page.open(base, f"token={token}")
            page.online()
            page.page.click("#mic")
            # The partial comes back from the server and is shown greyed until the final.
            page.page.wait_for_function(
                "() => document.querySelector('#partial').textContent === 'Rahul ka'"
            )
            assert page.page.evaluate("window.recognitionLang") == "hi-IN"
            [card] = page.wait_cards(1)
            assert card["said"] == "“Rahul ka balance check karo”" and "₹500" in card["reply"]
            assert page.page.text_content("#partial") == ""
            assert page.page.text_content("#utterances li .text") == "Rahul ka balance check karo"
            page.page.click("#mic")
            page.page.wait_for_selector("#mic[aria-pressed=false]")
            # Replies are spoken in a Hindi voice, and not at all once muted.
            page.page.wait_for_function("() => window.spokenReplies.length === 1")
            [[language, text]] = page.page.evaluate("window.spokenReplies")
            assert language.startswith("hi") and "₹500" in text
            page.page.click("#mute")
            assert page.page.get_attribute("#mute", "aria-pressed") == "true"
            page.say("kul kitna baaki hai")
            page.wait_cards(2)
            page.page.wait_for_timeout(600)  # longer than the page waits before speaking
            assert page.page.evaluate("window.spokenReplies.length") == 1
            assert page.errors == []
        finally:
            context.close()


def test_the_english_toggle_switches_the_replies(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, token = shop
    with running_server(database_url) as base:
        context = browser.new_context(viewport=DESKTOP)
        context.add_init_script(SPEECH_RECORDER_JS)
        try:
            page = Session(context)
            page.open(base, f"token={token}")
            page.online()
            page.page.click("#lang-toggle")
            page.page.wait_for_selector("html[lang=en-IN]")
            page.say("Rahul ka balance check karo")
            [card] = page.wait_cards(1)
            assert card["reply"] == "Rahul Sharma's balance is ₹500."
            # Spoken in an Indian English voice, not the Hindi one.
            page.page.wait_for_function("() => window.spokenReplies.length === 1")
            assert page.page.evaluate("window.spokenReplies") == [
                ["en-IN", "Rahul Sharma's balance is ₹500."]
            ]

            page.page.click("#lang-toggle")  # and back: Hinglish replies again
            page.page.wait_for_selector("html[lang=hi-Latn-IN]")
            page.say("Rahul ka balance check karo")
            cards = page.wait_cards(2)
            assert {c["reply"] for c in cards} == {
                "Rahul Sharma's balance is ₹500.",
                "Rahul Sharma ka balance ₹500 hai.",
            }
            assert page.errors == []
        finally:
            context.close()


def test_finished_cards_fade_into_history(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, token = shop
    with running_server(database_url) as base:
        context = browser.new_context(viewport=PHONE)
        try:
            page = Session(context)
            page.open(base, f"token={token}&fade=300")  # fade after 0.3 s instead of a minute
            page.online()
            page.say("kul kitna baaki hai")
            page.page.wait_for_selector("#history .card[data-status=completed]", state="attached")
            assert page.page.text_content("#history-count") == "1"
            assert page.page.locator("#live .card").count() == 0
            page.page.click("#tab-history")
            assert page.page.is_visible("#history .card") and page.page.is_hidden("#live")
            page.page.keyboard.press("ArrowRight")  # arrow keys move between the tabs
            assert page.page.get_attribute("#tab-live", "aria-selected") == "true"
            assert page.page.is_visible("#empty") and page.page.is_hidden("#history")
            assert page.errors == []
        finally:
            context.close()


def test_bad_or_missing_token_says_so(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, _ = shop
    with running_server(database_url) as base:
        for query, expected in (("token=not-a-token", "wrong or has expired"), ("", "is needed")):
            context = browser.new_context(viewport=PHONE)
            try:
                page = Session(context)
                page.page.add_init_script("localStorage.setItem('bolkhata.lang', 'en')")
                page.open(base, query)
                page.page.wait_for_selector("#gate:not([hidden])")
                assert expected in page.page.text_content("#gate-message")
                assert page.page.evaluate("document.body.dataset.conn") == "unauthorized"
                assert page.errors == []
            finally:
                context.close()


def test_screenshots_mid_session(browser: Browser, shop: tuple[str, str]) -> None:
    database_url, token = shop
    env = {"BOLKHATA_WORK_DELAY_MS": "3000"}
    with running_server(database_url, env) as base, session(browser, base, token) as page:
        page.say("Rahul ka balance check karo")
        page.wait_cards(1)
        for text in (
            "100 credit add karo",
            "Suresh ne 200 UPI kiya",
            "Priya ko 2 milk aur 1 bread ka bill bana do",
            "kul kitna baaki hai",
        ):
            page.say(text)
        page.wait_cards(3, status="running")
        # A sentence half spoken, as the recognizer would send it: shown greyed, not yet a task.
        page.page.evaluate(
            "window.bolkhata.conn.send({type: 'transcript', text: 'Amit ka bala', final: false})"
        )
        page.page.wait_for_function(
            "() => document.querySelector('#partial').textContent === 'Amit ka bala'"
        )
        DOCS.mkdir(exist_ok=True)
        shot = {"animations": "disabled", "caret": "hide"}
        page.page.screenshot(path=DOCS / "screenshot-desktop.png", **shot)
        page.page.set_viewport_size(PHONE)
        page.page.screenshot(path=DOCS / "screenshot-phone.png", **shot)
        # The phone layout has no sideways scrolling.
        assert page.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.wait_cards(5)


# --- the microphone, through the server's speech-to-text ------------------------------------


@pytest.fixture
def fake_elevenlabs() -> Iterator[FakeElevenLabs]:
    """The local ElevenLabs stand-in, served from its own event loop in a thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coroutine: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, loop)
        return future.result(30)

    async def make() -> FakeElevenLabs:
        # Its asyncio primitives must be created inside the loop that uses them.
        fake = FakeElevenLabs()
        await fake.start()
        return fake

    fake: FakeElevenLabs = run(make())
    try:
        yield fake
    finally:
        run(fake.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def tone_wav(path: Path, seconds: float = 3.0, rate: int = 16000) -> Path:
    """A 440 Hz tone: audible to a VAD, which is all the fake's script needs."""
    samples = (
        int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
    return path


def test_microphone_streams_to_server_speech_to_text(
    playwright: Playwright,
    shop: tuple[str, str],
    fake_elevenlabs: FakeElevenLabs,
    tmp_path: Path,
) -> None:
    database_url, token = shop
    fake_elevenlabs.say("Rahul ka balance check karo")
    audio = tone_wav(tmp_path / "tone.wav")
    browser = launch(
        playwright,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={audio}",
    )
    env = {
        "ELEVENLABS_API_KEY": fake_elevenlabs.api_key,
        "ELEVENLABS_BASE_URL": fake_elevenlabs.base_url,
    }
    try:
        with running_server(database_url, env) as base, session(browser, base, token) as page:
            assert page.page.is_enabled("#mic")
            page.page.click("#mic")
            page.page.wait_for_selector("#mic[aria-pressed=true]")
            [card] = page.wait_cards(1)
            assert card["said"] == "“Rahul ka balance check karo”" and "₹500" in card["reply"]
            page.page.click("#mic")
            page.page.wait_for_selector("#mic[aria-pressed=false]")
            first = fake_elevenlabs.sessions[0]
            assert first.query.get("audio_format") == "pcm_16000"
            # 16-bit samples, streamed in 100 ms chunks of 16 kHz audio.
            assert first.chunks >= 1 and len(first.audio) >= 3200 and len(first.audio) % 2 == 0
    finally:
        browser.close()
