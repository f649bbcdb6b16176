"""Short spoken replies for finished tasks, in Hinglish (default), English or Hindi."""

from __future__ import annotations

from typing import Any

from domain.money import format_rupees

LANGUAGES = ("hinglish", "en", "hi")

# Each template gets the task's result; {money} fields are formatted as ₹ with Indian grouping.
DONE: dict[str, dict[str, str]] = {
    "CHECK_BALANCE": {
        "hinglish": "{name} ka balance {balance} hai.",
        "en": "{name}'s balance is {balance}.",
        "hi": "{name} का बकाया {balance} है।",
    },
    "ADD_CREDIT": {
        "hinglish": "{name} ke khate me {amount} udhaar likh diya. Ab balance {balance} hai.",
        "en": "Added {amount} credit for {name}. Balance is now {balance}.",
        "hi": "{name} के खाते में {amount} उधार लिख दिया। अब बकाया {balance} है।",
    },
    "RECORD_PAYMENT": {
        "hinglish": "{name} se {amount} jama kar liya. Ab balance {balance} hai.",
        "en": "Recorded a payment of {amount} from {name}. Balance is now {balance}.",
        "hi": "{name} से {amount} जमा कर लिया। अब बकाया {balance} है।",
    },
    "CREATE_INVOICE": {
        "hinglish": "{name} ka {amount} ka bill bana diya. Ab balance {balance} hai.",
        "en": "Made a bill of {amount} for {name}. Balance is now {balance}.",
        "hi": "{name} का {amount} का बिल बना दिया। अब बकाया {balance} है।",
    },
    "CANCEL_INVOICE": {
        "hinglish": "{name} ka {amount} ka bill cancel kar diya. Ab balance {balance} hai.",
        "en": "Cancelled {name}'s bill of {amount}. Balance is now {balance}.",
        "hi": "{name} का {amount} का बिल रद्द कर दिया। अब बकाया {balance} है।",
    },
    "UNDO_LAST_ENTRY": {
        "hinglish": "{name} ki last entry ({amount}) hata di. Ab balance {balance} hai.",
        "en": "Removed {name}'s last entry ({amount}). Balance is now {balance}.",
        "hi": "{name} की पिछली एंट्री ({amount}) हटा दी। अब बकाया {balance} है।",
    },
    "CREATE_REMINDER": {
        "hinglish": "{name} ka reminder {due} ke liye set kar diya.",
        "en": "Reminder for {name} set for {due}.",
        "hi": "{name} का रिमाइंडर {due} के लिए लगा दिया।",
    },
    "MODIFY_REMINDER": {
        "hinglish": "{name} ka reminder ab {due} ko hai.",
        "en": "{name}'s reminder is now at {due}.",
        "hi": "{name} का रिमाइंडर अब {due} को है।",
    },
    "CANCEL_REMINDER": {
        "hinglish": "{name} ka reminder hata diya.",
        "en": "Cancelled {name}'s reminder.",
        "hi": "{name} का रिमाइंडर हटा दिया।",
    },
    "CREATE_CUSTOMER": {
        "hinglish": "Naya customer {name} jod diya.",
        "en": "Added the new customer {name}.",
        "hi": "नया ग्राहक {name} जोड़ दिया।",
    },
    "GET_CUSTOMER_INFO": {
        "hinglish": "{name}: balance {balance}, phone {phone}, {entries} entries.",
        "en": "{name}: balance {balance}, phone {phone}, {entries} entries.",
        "hi": "{name}: बकाया {balance}, फ़ोन {phone}, {entries} एंट्री।",
    },
    "UPDATE_CUSTOMER_PHONE": {
        "hinglish": "{name} ka phone {phone} kar diya.",
        "en": "{name}'s phone is now {phone}.",
        "hi": "{name} का फ़ोन {phone} कर दिया।",
    },
    "DELETE_CUSTOMER": {
        "hinglish": "{name} ka khata band kar diya.",
        "en": "Closed {name}'s account.",
        "hi": "{name} का खाता बंद कर दिया।",
    },
    "SET_FOCUS": {
        "hinglish": "Theek hai, {name} ki baat karte hain. Balance {balance} hai.",
        "en": "Okay, talking about {name}. Balance is {balance}.",
        "hi": "ठीक है, {name} की बात करते हैं। बकाया {balance} है।",
    },
    "CHECK_STOCK": {
        "hinglish": "{summary}",
        "en": "{summary}",
        "hi": "{summary}",
    },
    "UPDATE_STOCK": {
        "hinglish": "{product} ka stock ab {stock} {unit} hai.",
        "en": "{product} stock is now {stock} {unit}.",
        "hi": "{product} का स्टॉक अब {stock} {unit} है।",
    },
    "LIST_REMINDERS": {
        "hinglish": "{count} reminder baaki hain. {summary}",
        "en": "{count} reminders pending. {summary}",
        "hi": "{count} रिमाइंडर बाकी हैं। {summary}",
    },
    "DAILY_SUMMARY": {
        "hinglish": "Aaj {sales} ki sale, {payments_total} jama, {new_credit} naya udhaar.",
        "en": "Today: sales {sales}, payments {payments_total}, new credit {new_credit}.",
        "hi": "आज {sales} की बिक्री, {payments_total} जमा, {new_credit} नया उधार।",
    },
    "TOTAL_PENDING_AMOUNT": {
        "hinglish": "Kul {total} baaki hai, {customers} customers se.",
        "en": "{total} is pending in all, from {customers} customers.",
        "hi": "कुल {total} बाकी है, {customers} ग्राहकों से।",
    },
    "LIST_CUSTOMER_BALANCES": {
        "hinglish": "{count} customers ka paisa baaki hai. {summary}",
        "en": "{count} customers owe money. {summary}",
        "hi": "{count} ग्राहकों का पैसा बाकी है। {summary}",
    },
    "CANCEL_TASK": {
        "hinglish": "{count} kaam cancel kar diye.",
        "en": "Cancelled {count} tasks.",
        "hi": "{count} काम रद्द कर दिए।",
    },
    "HELP": {
        "hinglish": "Boliye jaise: 'Rahul ka balance batao', '100 udhaar likho', 'reminder set karo'.",
        "en": "Try: 'Rahul ka balance batao', '100 udhaar likho', 'reminder set karo'.",
        "hi": "ऐसे बोलिए: 'राहुल का बकाया बताओ', '100 उधार लिखो', 'रिमाइंडर लगाओ'।",
    },
}

FAILED: dict[str, dict[str, str]] = {
    "customer_not_found": {
        "hinglish": "Yeh customer nahi mila.{hint}",
        "en": "I could not find that customer.{hint}",
        "hi": "यह ग्राहक नहीं मिला।{hint}",
    },
    "insufficient_stock": {
        "hinglish": "Stock kam hai: {message}",
        "en": "Not enough stock: {message}",
        "hi": "स्टॉक कम है: {message}",
    },
    "rate_limited": {
        "hinglish": "Ek customer ke liye ek minute me bahut kaam ho gaye, thodi der baad boliye.",
        "en": "Too many tasks for one customer this minute; please try again shortly.",
        "hi": "एक ग्राहक के लिए एक मिनट में बहुत काम हो गए, थोड़ी देर बाद बोलिए।",
    },
    "dependency_failed": {
        "hinglish": "Pichla kaam nahi hua, isliye yeh bhi nahi kiya.",
        "en": "The task this depended on failed, so this was not done.",
        "hi": "पिछला काम नहीं हुआ, इसलिए यह भी नहीं किया।",
    },
    "clarification_timeout": {
        "hinglish": "Customer saaf nahi hua, isliye yeh kaam chhod diya.",
        "en": "The customer was not clarified in time, so this task was dropped.",
        "hi": "ग्राहक साफ़ नहीं हुआ, इसलिए यह काम छोड़ दिया।",
    },
    "not_understood": {
        "hinglish": "Maaf kijiye, samajh nahi aaya. 'madad' boliye.",
        "en": "Sorry, I did not understand. Say 'help'.",
        "hi": "माफ़ कीजिए, समझ नहीं आया। 'मदद' बोलिए।",
    },
}
GENERIC_FAILURE = {
    "hinglish": "Yeh kaam nahi ho paya: {message}",
    "en": "That could not be done: {message}",
    "hi": "यह काम नहीं हो पाया: {message}",
}
MONEY_FIELDS = ("balance", "amount", "total", "sales", "payments_total", "new_credit")


def reply_language(requested: str | None) -> str | None:
    """'en-IN' -> 'en', 'hi' -> 'hi', 'hinglish' -> 'hinglish'; anything else keeps the default."""
    if not requested:
        return None
    code = requested.lower().split("-")[0]
    return code if code in LANGUAGES else None


def _language(language: str) -> str:
    return language if language in LANGUAGES else "hinglish"


def _fields(result: dict[str, Any]) -> dict[str, Any]:
    fields = {key: value for key, value in result.items() if not isinstance(value, dict | list)}
    for key in MONEY_FIELDS:
        if isinstance(result.get(key), int):
            fields[key] = format_rupees(result[key])
    if not fields.get("phone"):
        fields["phone"] = "—"
    return fields


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def reply_done(intent: str, result: dict[str, Any], language: str) -> str:
    templates = DONE.get(intent)
    if templates is None:
        return ""
    text = templates[_language(language)].format_map(_Blank(_fields(result)))
    if result.get("late_cancel"):
        text += " (Cancel der se aaya: yeh pehle hi save ho chuka tha.)"
    return text


def reply_failed(code: str, message: str, language: str, hint: str = "") -> str:
    templates = FAILED.get(code, GENERIC_FAILURE)
    return templates[_language(language)].format_map(_Blank(message=message, hint=hint))
