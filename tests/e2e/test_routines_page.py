"""The page in headless Chromium against a real `bolkhata serve`: the routines panel (list,
create, change, delete; a routine said by name runs) and barge-in (speaking over a reply
cancels speech synthesis and shows "stopped speaking"; the tasks go on)."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.e2e.server import running_server
from tests.e2e.test_browser import (  # noqa: F401 (fixtures)
    DESKTOP,
    Session,
    browser,
    playwright,
    session,
    shop,
)

# Speech synthesis that "speaks" until cancelled, and a recognizer the test drives by hand.
FAKE_SPEECH_JS = """
window.spokenReplies = [];
window.cancels = 0;
window.fakeSpeaking = false;
Object.defineProperty(speechSynthesis, 'speaking', {get: () => window.fakeSpeaking});
speechSynthesis.speak = (utterance) => {
    window.spokenReplies.push(utterance.text);
    window.fakeSpeaking = true;
};
speechSynthesis.cancel = () => { window.cancels += 1; window.fakeSpeaking = false; };
window.SpeechRecognition = class {
    start() { window.recognizer = this; }
    stop() {}
};
window.hear = (text, isFinal) => window.recognizer.onresult({
    resultIndex: 0, results: [Object.assign([{transcript: text}], {isFinal})],
});
"""


def test_speaking_over_a_reply_stops_speech_synthesis(
    browser: Browser,  # noqa: F811
    shop: tuple[str, str],  # noqa: F811
) -> None:
    database_url, token = shop
    with running_server(database_url) as base:
        context = browser.new_context(viewport=DESKTOP, locale="en-IN")
        context.add_init_script(FAKE_SPEECH_JS)
        try:
            page = Session(context)
            page.open(base, f"token={token}")
            page.online()
            page.say("Rahul ka balance check karo")
            page.wait_cards(1)
            page.page.wait_for_function("() => window.fakeSpeaking === true")
            page.page.wait_for_selector("#speech-state[data-state=speaking]")
            page.page.click("#mic")
            page.page.wait_for_function("() => window.recognizer !== undefined")
            page.page.evaluate("window.hear('Priya ka', false)")  # the shopkeeper speaks
            page.page.wait_for_selector("#speech-state[data-state=stopped]:not([hidden])")
            assert page.page.evaluate("window.fakeSpeaking") is False
            assert page.page.evaluate("window.cancels") >= 1
            # The tasks go on: what was said next is done and spoken.
            page.page.evaluate("window.hear('Priya ka balance batao', true)")
            cards = page.wait_cards(2)
            assert any("Priya" in card["reply"] for card in cards)
            page.page.wait_for_function("() => window.spokenReplies.length === 2")
            assert page.errors == []
        finally:
            context.close()


def test_the_routines_panel_lists_creates_changes_and_deletes(
    browser: Browser,  # noqa: F811
    shop: tuple[str, str],  # noqa: F811
) -> None:
    database_url, token = shop
    with running_server(database_url) as base, session(browser, base, token) as page:
        p = page.page
        p.wait_for_selector("#routines .routine-empty")
        p.fill("#routine-name", "Rahul")
        p.fill("#routine-steps", "balance batao\n100 udhaar likho")
        p.click("#routine-save")
        p.wait_for_selector("#routines .routine[data-key=rahul]")
        assert p.text_content(".routine[data-key=rahul] .routine-steps") == (
            "balance batao · 100 udhaar likho"
        )
        page.say("Rahul routine")  # said by name, it runs as the tasks of its steps
        page.wait_cards(2)
        assert {c["who"] for c in page.cards()} == {"Rahul Sharma"}
        assert any("₹600" in c["reply"] for c in page.cards())

        p.click(".routine[data-key=rahul] .routine-change")
        assert p.input_value("#routine-steps") == "balance batao\n100 udhaar likho"
        p.fill("#routine-steps", "balance batao")
        p.click("#routine-save")
        p.wait_for_function(
            "() => document.querySelector('.routine[data-key=rahul] .routine-steps')"
            "?.textContent === 'balance batao'"
        )
        p.fill("#routine-name", "x")
        p.fill("#routine-steps", "kuch bhi xyz")
        p.click("#routine-save")
        p.wait_for_function("() => document.querySelector('#routine-note').textContent !== ''")
        assert [e for e in page.errors if "400" in e]  # the refusal, shown on the form
        page.errors.clear()

        page.say("subah wala routine banao: kul kitna baaki hai")  # made by voice, listed
        p.wait_for_selector("#routines .routine[data-key=subah]")
        p.click(".routine[data-key=rahul] .routine-delete")
        p.wait_for_selector("#routines .routine[data-key=rahul]", state="detached")
