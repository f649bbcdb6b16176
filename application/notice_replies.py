"""What the shopkeeper is told about a message that will never reach the customer."""

from __future__ import annotations

from domain.messages import NO_PHONE, OPTED_OUT

# {what}: the message's kind in the session's language.
WHAT = {
    "hinglish": {"reminder": "reminder", "statement": "hisaab"},
    "en": {"reminder": "reminder", "statement": "statement"},
    "hi": {"reminder": "रिमाइंडर", "statement": "हिसाब"},
}
NOT_SENT = {
    NO_PHONE: {
        "hinglish": "{name} ka phone number nahi hai, {what} WhatsApp par nahi gaya. "
        "Pehle number update karein.",
        "en": "{name} has no phone number, so the {what} was not sent on WhatsApp. "
        "Add the number first.",
        "hi": "{name} का फ़ोन नंबर नहीं है, {what} व्हाट्सऐप पर नहीं गया। पहले नंबर जोड़ें।",
    },
    OPTED_OUT: {
        "hinglish": "{name} ne message band karwaye hain, {what} nahi bheja.",
        "en": "{name} asked for no messages, so the {what} was not sent.",
        "hi": "{name} ने मैसेज बंद करवाए हैं, {what} नहीं भेजा।",
    },
    # Any other permanent failure: the API's code, for the shopkeeper to pass on.
    "other": {
        "hinglish": "{name} ko {what} WhatsApp par nahi ja saka ({code}).",
        "en": "The {what} to {name} could not be sent on WhatsApp ({code}).",
        "hi": "{name} को {what} व्हाट्सऐप पर नहीं जा सका ({code})।",
    },
}


def not_sent(name: str, kind: str, code: str, language: str) -> str:
    language = language if language in WHAT else "hinglish"
    templates = NOT_SENT.get(code, NOT_SENT["other"])
    what = WHAT[language].get(kind, kind)
    return templates[language].format(name=name, what=what, code=code)
