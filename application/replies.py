"""Short spoken replies for finished tasks, in Hinglish (default), English or Hindi.

A reply is wholly in the session's language: English only in the English replies, apart from
names, product names and ₹ figures. Error messages (`error.message`) stay English for logs and
clients; what is spoken comes from the templates here, one per error code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from application import routine_replies
from application.spoken import product_word, quantity_words, spoken_time
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
        "hinglish": "{name} ka reminder ab {due} hai.",
        "en": "{name}'s reminder is now {due}.",
        "hi": "{name} का रिमाइंडर अब {due} है।",
    },
    "CANCEL_REMINDER": {
        "hinglish": "{name} ka reminder hata diya.",
        "en": "Cancelled {name}'s reminder.",
        "hi": "{name} का रिमाइंडर हटा दिया।",
    },
    "CREATE_CUSTOMER": {
        "hinglish": "Naya grahak {name} jod diya.",
        "en": "Added the new customer {name}.",
        "hi": "नया ग्राहक {name} जोड़ दिया।",
    },
    "GET_CUSTOMER_INFO": {
        "hinglish": "{name}: balance {balance}, phone {phone}, {entries} entry.",
        "en": "{name}: balance {balance}, phone {phone}, {entries} entries.",
        "hi": "{name}: बकाया {balance}, फ़ोन {phone}, {entries} एंट्री।",
    },
    "SEND_STATEMENT": {
        "hinglish": "{name} ka hisaab ({balance} baaki) WhatsApp par bhej rahe hain.",
        "en": "Sending {name}'s statement ({balance} due) on WhatsApp.",
        "hi": "{name} का हिसाब ({balance} बाकी) व्हाट्सऐप पर भेज रहे हैं।",
    },
    # SEND_STATEMENT that could not go out; the shopkeeper is told why (domain/messages.py).
    "SEND_STATEMENT:no_phone": {
        "hinglish": "{name} ka phone number nahi hai, hisaab nahi bheja. Pehle number update karein.",
        "en": "{name} has no phone number, so the statement was not sent. Add the number first.",
        "hi": "{name} का फ़ोन नंबर नहीं है, हिसाब नहीं भेजा। पहले नंबर जोड़ें।",
    },
    "SEND_STATEMENT:opted_out": {
        "hinglish": "{name} ne message band karwaye hain, hisaab nahi bheja.",
        "en": "{name} asked for no messages, so the statement was not sent.",
        "hi": "{name} ने मैसेज बंद करवाए हैं, हिसाब नहीं भेजा।",
    },
    "STOP_MESSAGES": {
        "hinglish": "Theek hai, {name} ko ab koi message nahi jayega.",
        "en": "Okay, {name} will get no more messages.",
        "hi": "ठीक है, {name} को अब कोई मैसेज नहीं जाएगा।",
    },
    "ALLOW_MESSAGES": {
        "hinglish": "{name} ko message phir se jayenge.",
        "en": "{name} will get messages again.",
        "hi": "{name} को मैसेज फिर से जाएंगे।",
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
        "hinglish": "{product} ka stock ab {quantity} hai.",
        "en": "{product} stock is now {quantity}.",
        "hi": "{product} का स्टॉक अब {quantity} है।",
    },
    "LIST_REMINDERS": {
        "hinglish": "{count} reminder baaki hain. {summary}",
        "en": "{count} reminder{s} pending. {summary}",
        "hi": "{count} रिमाइंडर बाकी हैं। {summary}",
    },
    "DAILY_SUMMARY": {
        "hinglish": "Aaj {sales} ki sale, {payments_total} jama, {new_credit} naya udhaar.",
        "en": "Today: sales {sales}, payments {payments_total}, new credit {new_credit}.",
        "hi": "आज {sales} की बिक्री, {payments_total} जमा, {new_credit} नया उधार।",
    },
    "TOTAL_PENDING_AMOUNT": {
        "hinglish": "Kul {total} baaki hai, {customers} grahakon se.",
        "en": "{total} is pending in all, from {customers} customers.",
        "hi": "कुल {total} बाकी है, {customers} ग्राहकों से।",
    },
    "LIST_CUSTOMER_BALANCES": {
        "hinglish": "{count} grahakon ka paisa baaki hai. {summary}",
        "en": "Money is owed by {count} customer{s}. {summary}",
        "hi": "{count} ग्राहकों का पैसा बाकी है। {summary}",
    },
    "CANCEL_TASK": {
        "hinglish": "{count} kaam cancel kar diye.",
        "en": "Cancelled {count} task{s}.",
        "hi": "{count} काम रद्द कर दिए।",
    },
    "HELP": {
        "hinglish": "Boliye jaise: 'Rahul ka balance batao', '100 udhaar likho', 'reminder set karo'.",
        "en": "Try: 'Rahul ka balance batao', '100 udhaar likho', 'reminder set karo'.",
        "hi": "ऐसे बोलिए: 'राहुल का बकाया बताओ', '100 उधार लिखो', 'रिमाइंडर लगाओ'।",
    },
}

# One spoken reply per error code; {name} is the task's customer, {suggestions} close names.
FAILED: dict[str, dict[str, str]] = {
    "customer_not_found": {
        "hinglish": "Yeh grahak nahi mila.{suggestions}",
        "en": "I could not find that customer.{suggestions}",
        "hi": "यह ग्राहक नहीं मिला।{suggestions}",
    },
    "invalid_amount": {
        "hinglish": "Kitne rupaye? Rakam saaf nahi hui, isliye kuch nahi likha.",
        "en": "How much? The amount was not clear, so nothing was written.",
        "hi": "कितने रुपये? रकम साफ़ नहीं हुई, इसलिए कुछ नहीं लिखा।",
    },
    "amount_too_large": {
        "hinglish": "Itni badi rakam dukaan ki seema se zyada hai, isliye kuch nahi likha.",
        "en": "That amount is above the shop's limit for one entry, so nothing was written.",
        "hi": "इतनी बड़ी रकम दुकान की सीमा से ज़्यादा है, इसलिए कुछ नहीं लिखा।",
    },
    "quantity_too_large": {
        "hinglish": "Itni badi maatra dukaan ki seema se zyada hai, isliye kuch nahi badla.",
        "en": "That quantity is above the shop's limit for one entry, so nothing was changed.",
        "hi": "इतनी बड़ी मात्रा दुकान की सीमा से ज़्यादा है, इसलिए कुछ नहीं बदला।",
    },
    "unit_mismatch": {
        "hinglish": "Yeh saamaan iss unit mein nahi bikta, isliye kuch nahi badla.",
        "en": "That product is not sold in that unit, so nothing was changed.",
        "hi": "यह सामान इस इकाई में नहीं बिकता, इसलिए कुछ नहीं बदला।",
    },
    "account_closed": {
        "hinglish": "Iss grahak ka khata band hai.",
        "en": "That customer's account is closed.",
        "hi": "इस ग्राहक का खाता बंद है।",
    },
    "duplicate_customer": {
        "hinglish": "Iss naam ka grahak pehle se hai.",
        "en": "A customer with that name already exists.",
        "hi": "इस नाम का ग्राहक पहले से है।",
    },
    "unknown_product": {
        "hinglish": "Yeh saamaan dukaan ki list mein nahi hai.",
        "en": "That product is not in the shop's list.",
        "hi": "यह सामान दुकान की सूची में नहीं है।",
    },
    "insufficient_stock": {
        "hinglish": "Itna stock nahi hai, isliye bill nahi banaya.",
        "en": "Not enough stock, so no bill was made.",
        "hi": "इतना स्टॉक नहीं है, इसलिए बिल नहीं बनाया।",
    },
    "invalid_quantity": {
        "hinglish": "Maatra saaf nahi hui, isliye kuch nahi badla.",
        "en": "The quantity was not clear, so nothing was changed.",
        "hi": "मात्रा साफ़ नहीं हुई, इसलिए कुछ नहीं बदला।",
    },
    "nothing_to_undo": {
        "hinglish": "Hatane ke liye koi entry nahi hai.",
        "en": "There is no entry to undo.",
        "hi": "हटाने के लिए कोई एंट्री नहीं है।",
    },
    "invoice_not_found": {
        "hinglish": "Cancel karne ke liye koi bill nahi mila.",
        "en": "There is no bill to cancel.",
        "hi": "रद्द करने के लिए कोई बिल नहीं मिला।",
    },
    "reminder_not_found": {
        "hinglish": "Koi reminder laga hua nahi hai.",
        "en": "There is no reminder set.",
        "hi": "कोई रिमाइंडर लगा हुआ नहीं है।",
    },
    "invalid_phone": {
        "hinglish": "Phone number saaf nahi hua; das ankon ka number boliye.",
        "en": "The phone number was not clear; say a ten-digit number.",
        "hi": "फ़ोन नंबर साफ़ नहीं हुआ; दस अंकों का नंबर बोलिए।",
    },
    "invalid_name": {
        "hinglish": "Naam saaf nahi hua, phir se boliye.",
        "en": "The name was not clear; please say it again.",
        "hi": "नाम साफ़ नहीं हुआ, फिर से बोलिए।",
    },
    "outstanding_balance": {
        "hinglish": "Abhi paisa baaki hai, isliye khata band nahi kiya.",
        "en": "Money is still owed, so the account was not closed.",
        "hi": "अभी पैसा बाकी है, इसलिए खाता बंद नहीं किया।",
    },
    "rate_limited": {
        "hinglish": "Ek grahak ke liye ek minute mein bahut kaam ho gaye, thodi der baad boliye.",
        "en": "Too many tasks for one customer this minute; please try again shortly.",
        "hi": "एक ग्राहक के लिए एक मिनट में बहुत काम हो गए, थोड़ी देर बाद बोलिए।",
    },
    "dependency_failed": {
        "hinglish": "Pichla kaam nahi hua, isliye yeh bhi nahi kiya.",
        "en": "The task this depended on failed, so this was not done.",
        "hi": "पिछला काम नहीं हुआ, इसलिए यह भी नहीं किया।",
    },
    "dependency_cancelled": {
        "hinglish": "Pichla kaam roka gaya, isliye yeh bhi nahi kiya.",
        "en": "The task this depended on was cancelled, so this was not done.",
        "hi": "पिछला काम रोका गया, इसलिए यह भी नहीं किया।",
    },
    "dependency_invalid": {
        "hinglish": "Jis kaam ke baad yeh hona tha woh mila nahi, isliye yeh nahi kiya.",
        "en": "The task this was to follow was not found, so this was not done.",
        "hi": "जिस काम के बाद यह होना था वह नहीं मिला, इसलिए यह नहीं किया।",
    },
    "clarification_timeout": {
        "hinglish": "Jawab nahi mila, isliye yeh kaam chhod diya.",
        "en": "No answer came in time, so this task was dropped.",
        "hi": "जवाब नहीं मिला, इसलिए यह काम छोड़ दिया।",
    },
    "nothing_to_cancel": {
        "hinglish": "Rokne ke liye aisa koi kaam line mein nahi hai.",
        "en": "There is no such task in the list to cancel.",
        "hi": "रोकने के लिए ऐसा कोई काम कतार में नहीं है।",
    },
    "unknown_shop": {
        "hinglish": "Yeh dukaan nahi mili.",
        "en": "That shop was not found.",
        "hi": "यह दुकान नहीं मिली।",
    },
    "not_understood": {
        "hinglish": "Maaf kijiye, samajh nahi aaya. 'madad' boliye.",
        "en": "Sorry, I did not understand. Say 'help'.",
        "hi": "माफ़ कीजिए, समझ नहीं आया। 'मदद' बोलिए।",
    },
    "not_owner": {  # never stored: the shop moved to another server, which does the task
        "hinglish": "Dukaan doosre server par chali gayi; wahan yeh kaam hoga.",
        "en": "The shop moved to another server; the task is done there.",
        "hi": "दुकान दूसरे सर्वर पर चली गई; वहाँ यह काम होगा।",
    },
    "internal_error": {
        "hinglish": "Kuch gadbad ho gayi, yeh kaam nahi ho paya. Phir se boliye.",
        "en": "Something went wrong and this was not done. Please say it again.",
        "hi": "कुछ गड़बड़ हो गई, यह काम नहीं हो पाया। फिर से बोलिए।",
    },
    "not_written": {  # the safety gate's refusal; reply_not_written says what and why
        "hinglish": "Kuch nahi likha.",
        "en": "Nothing was written.",
        "hi": "कुछ नहीं लिखा।",
    },
    "confirmation_timeout": {
        "hinglish": "Haan ya nahi ka jawab nahi aaya, isliye kuch nahi likha.",
        "en": "No yes or no came, so nothing was written.",
        "hi": "हाँ या ना का जवाब नहीं आया, इसलिए कुछ नहीं लिखा।",
    },
}
# The routine commands' replies live beside them (README "Routines").
DONE |= routine_replies.DONE
FAILED |= routine_replies.FAILED

GENERIC_FAILURE = {
    "hinglish": "Yeh kaam nahi ho paya.",
    "en": "That could not be done.",
    "hi": "यह काम नहीं हो पाया।",
}
SUGGESTIONS = {
    "hinglish": " Kya aapka matlab {names} tha?",
    "en": " Did you mean {names}?",
    "hi": " क्या आपका मतलब {names} था?",
}
OR_WORD = {"hinglish": "ya", "en": "or", "hi": "या"}
LATE_CANCEL = {
    "hinglish": " (Cancel der se aaya: yeh pehle hi save ho chuka tha.)",
    "en": " (The cancel came too late: this was already saved.)",
    "hi": " (रोकने में देर हो गई: यह पहले ही लिखा जा चुका था।)",
}
# task:cancelled `reason`, shown on the task's card: who stopped it.
CANCEL_REASONS = {
    "voice": {
        "hinglish": "Aapke kehne par roka.",
        "en": "Cancelled when you asked.",
        "hi": "आपके कहने पर रोका।",
    },
    "user": {
        "hinglish": "Aapne roka.",
        "en": "Cancelled by you.",
        "hi": "आपने रोका।",
    },
    "other": {
        "hinglish": "Yeh kaam roka gaya.",
        "en": "This task was cancelled.",
        "hi": "यह काम रोका गया।",
    },
    "declined": {
        "hinglish": "Aapne nahi kaha, kuch nahi likha.",
        "en": "You said no; nothing was written.",
        "hi": "आपने ना कहा, कुछ नहीं लिखा।",
    },
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


def _fields(result: dict[str, Any], language: str, now: datetime | None) -> dict[str, Any]:
    fields = {key: value for key, value in result.items() if not isinstance(value, dict | list)}
    for key in MONEY_FIELDS:
        if isinstance(result.get(key), int):
            fields[key] = format_rupees(result[key])
    if not fields.get("phone"):
        fields["phone"] = "—"
    fields["s"] = "" if result.get("count") == 1 else "s"  # English plurals only
    if result.get("due_at"):
        fields["due"] = spoken_time(datetime.fromisoformat(str(result["due_at"])), now, language)
    if result.get("product"):
        fields["product"] = product_word(str(result["product"]), language)
        if "stock" in result:
            unit = str(result.get("unit") or "")
            fields["quantity"] = quantity_words(float(result["stock"]), unit, language)
    summary = _summary(result, language, now)
    if summary is not None:
        fields["summary"] = summary
    return fields


def _summary(result: dict[str, Any], language: str, now: datetime | None) -> str | None:
    """Lists said in the language: reminders with spoken times, stock with spoken units."""
    if isinstance(result.get("reminders"), list):
        return ", ".join(
            f"{row['name']} {spoken_time(datetime.fromisoformat(str(row['due_at'])), now, language)}"
            for row in result["reminders"][:5]
        )
    if isinstance(result.get("products"), list):
        parts = [
            f"{product_word(str(row['product']), language)} "
            + quantity_words(float(row["stock"]), str(row.get("unit") or ""), language)
            for row in result["products"]
        ]
        return ", ".join(parts) or "—"
    return None


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def reply_done(
    intent: str, result: dict[str, Any], language: str, now: datetime | None = None
) -> str:
    """The reply for a completed task; `now` (the shop's clock) lets times be "kal", "parso"."""
    templates = DONE.get(f"{intent}:{result.get('message_error')}") or DONE.get(intent)
    if templates is None:
        return ""
    chosen = _language(language)
    text = templates[chosen].format_map(_Blank(_fields(result, chosen, now)))
    text += mode_note(intent, result, chosen)
    if result.get("late_cancel"):
        text += LATE_CANCEL[chosen]
    return text


def reply_failed(
    code: str,
    message: str,
    language: str,
    *,
    name: str | None = None,
    suggestions: Sequence[str] = (),
) -> str:
    """The spoken reply for a failure: from its code only, never from the English `message`."""
    chosen = _language(language)
    templates = FAILED.get(code, GENERIC_FAILURE)
    offered = ""
    if suggestions:
        names = list(suggestions)
        joined = (
            names[0]
            if len(names) == 1
            else f"{', '.join(names[:-1])} {OR_WORD[chosen]} {names[-1]}"
        )
        offered = SUGGESTIONS[chosen].format(names=joined)
    return templates[chosen].format_map(_Blank(name=name or "", suggestions=offered))


def cancel_reason(kind: str, language: str) -> str:
    """Why a task was cancelled, as its card shows it: 'voice', 'user' or 'other'."""
    return CANCEL_REASONS.get(kind, CANCEL_REASONS["other"])[_language(language)]


# --- Safety: what was not written and why, read-backs, answers, unsaid payment modes ---------

# "Priya ko ₹500 nahi likha — aapne 'mat' kaha." The first part names what was not written.
NOT_WRITTEN_WHAT: dict[str, dict[str, str]] = {
    "ADD_CREDIT": {
        "hinglish": "{name} ko {amount} udhaar nahi likha",
        "en": "Did not add {amount} credit for {name}",
        "hi": "{name} को {amount} उधार नहीं लिखा",
    },
    "RECORD_PAYMENT": {
        "hinglish": "{name} ka {amount} jama nahi kiya",
        "en": "Did not record {amount} from {name}",
        "hi": "{name} का {amount} जमा नहीं किया",
    },
    "CREATE_INVOICE": {
        "hinglish": "{name} ka bill nahi banaya",
        "en": "Did not make a bill for {name}",
        "hi": "{name} का बिल नहीं बनाया",
    },
    "CREATE_REMINDER": {
        "hinglish": "{name} ka reminder nahi lagaya",
        "en": "Did not set a reminder for {name}",
        "hi": "{name} का रिमाइंडर नहीं लगाया",
    },
    "CANCEL_REMINDER": {
        "hinglish": "{name} ka reminder nahi hataya",
        "en": "Did not remove {name}'s reminder",
        "hi": "{name} का रिमाइंडर नहीं हटाया",
    },
}
NOTHING_WRITTEN = {
    "hinglish": "Kuch nahi likha",
    "en": "Nothing was written",
    "hi": "कुछ नहीं लिखा",
}
# Why, by the gate's reason; {word} is the negation as it was spoken.
NOT_WRITTEN_WHY: dict[str, dict[str, str]] = {
    "negation": {
        "hinglish": "aapne '{word}' kaha.",
        "en": "you said '{word}'.",
        "hi": "आपने '{word}' कहा।",
    },
    "negation_unquoted": {
        "hinglish": "aapne mana kiya.",
        "en": "you said not to.",
        "hi": "आपने मना किया।",
    },
    "question": {
        "hinglish": "yeh sawaal tha, hukm nahi.",
        "en": "it was a question, not an instruction.",
        "hi": "यह सवाल था, आदेश नहीं।",
    },
    "promise": {
        "hinglish": "yeh aage ki baat hai, abhi hua nahi.",
        "en": "it is a promise for later, not done yet.",
        "hi": "यह आगे की बात है, अभी हुआ नहीं।",
    },
    "report": {
        "hinglish": "yeh kisi ki kahi hui baat thi, hukm nahi.",
        "en": "it was what someone said, not an instruction.",
        "hi": "यह किसी की कही हुई बात थी, आदेश नहीं।",
    },
    "to_customer": {
        "hinglish": "yeh grahak se kahi baat thi, khate ke liye hukm nahi.",
        "en": "it was said to the customer, not an entry for the khata.",
        "hi": "यह ग्राहक से कही बात थी, खाते के लिए आदेश नहीं।",
    },
    "correction": {
        "hinglish": "baat badli gayi par nayi baat saaf nahi hui. Dobara boliye.",
        "en": "it was corrected, but not clearly to what. Please say it again.",
        "hi": "बात बदली गई पर नई बात साफ़ नहीं हुई। दोबारा बोलिए।",
    },
    "unclear": {
        "hinglish": "baat saaf nahi hui. Dobara boliye.",
        "en": "it was not clear. Please say it again.",
        "hi": "बात साफ़ नहीं हुई। दोबारा बोलिए।",
    },
    "condition": {
        "hinglish": "yeh shart wali baat thi ('agar'), hukm nahi.",
        "en": "it was a condition ('if'), not an instruction.",
        "hi": "यह शर्त वाली बात थी ('अगर'), आदेश नहीं।",
    },
    "amount": {
        "hinglish": "rakam saaf nahi hui. Rakam dobara boliye.",
        "en": "the amount was not clear. Please say the amount again.",
        "hi": "रकम साफ़ नहीं हुई। रकम दोबारा बोलिए।",
    },
    "for_you": {
        "hinglish": "reminder grahak ke liye hota hai; apne liye reminder abhi nahi hota.",
        "en": "reminders go to customers; reminders for yourself are not kept yet.",
        "hi": "रिमाइंडर ग्राहक के लिए होता है; अपने लिए रिमाइंडर अभी नहीं होता।",
    },
    "no_amount": {
        "hinglish": "kitne rupaye, yeh nahi suna. Rakam ke saath boliye.",
        "en": "no amount was heard. Please say it with the amount.",
        "hi": "कितने रुपये, यह नहीं सुना। रकम के साथ बोलिए।",
    },
    "no_phone": {
        "hinglish": "naya number nahi suna. Number ke saath boliye.",
        "en": "no new number was heard. Please say it with the number.",
        "hi": "नया नंबर नहीं सुना। नंबर के साथ बोलिए।",
    },
}
# The read-back of a write that runs only on a yes; {amounts} is "₹100" or "₹100-₹100" (each).
CONFIRM: dict[str, dict[str, str]] = {
    "ADD_CREDIT": {
        "hinglish": "{names} ko {amounts} udhaar likhun?",
        "en": "Add {amounts} credit for {names}?",
        "hi": "{names} को {amounts} उधार लिखूँ?",
    },
    "RECORD_PAYMENT": {
        "hinglish": "{names} se {amounts} jama karun?",
        "en": "Record a payment of {amounts} from {names}?",
        "hi": "{names} से {amounts} जमा करूँ?",
    },
    "CREATE_INVOICE": {
        "hinglish": "{names} ka {amounts} ka bill banaun?",
        "en": "Make a bill of {amounts} for {names}?",
        "hi": "{names} का {amounts} का बिल बनाऊँ?",
    },
    "DELETE_CUSTOMER": {
        "hinglish": "{names} ka khata band karun?",
        "en": "Close the account of {names}?",
        "hi": "{names} का खाता बंद करूँ?",
    },
    "CREATE_REMINDER": {
        "hinglish": "{names} ka reminder lagaun?",
        "en": "Set a reminder for {names}?",
        "hi": "{names} का रिमाइंडर लगाऊँ?",
    },
}
CONFIRM_ANY = {
    "hinglish": "{names} ke liye yeh kaam karun?",
    "en": "Go ahead with this for {names}?",
    "hi": "{names} के लिए यह काम करूँ?",
}
EACH = {"hinglish": "{amount}-{amount}", "en": "{amount} each", "hi": "{amount}-{amount}"}
AND_WORD = {"hinglish": "aur", "en": "and", "hi": "और"}
MANY_CUSTOMERS = {
    "hinglish": "{count} grahakon",
    "en": "{count} customers",
    "hi": "{count} ग्राहकों",
}
YES_NO = {"hinglish": ("Haan", "Nahi"), "en": ("Yes", "No"), "hi": ("हाँ", "नहीं")}
ANSWERED = {
    "yes": {
        "hinglish": "Theek hai, likh raha hoon.",
        "en": "Okay, going ahead.",
        "hi": "ठीक है, लिख रहा हूँ।",
    },
    "no": {
        "hinglish": "Theek hai, kuch nahi likha.",
        "en": "Okay, nothing was written.",
        "hi": "ठीक है, कुछ नहीं लिखा।",
    },
    "nothing": {
        "hinglish": "Koi sawaal baaki nahi tha.",
        "en": "There was nothing to answer.",
        "hi": "कोई सवाल बाकी नहीं था।",
    },
}
NEW_CUSTOMER = {
    "hinglish": "Naya customer: {name}",
    "en": "New customer: {name}",
    "hi": "नया ग्राहक: {name}",
}
MODE_UNSAID = {
    "hinglish": " Mode nahi bataya.",
    "en": " No payment mode was said.",
    "hi": " भुगतान का तरीका नहीं बताया।",
}
MODE_UNSAID_TODAY = {
    "hinglish": " ({amount} ka mode nahi bataya.)",
    "en": " ({amount} with no payment mode said.)",
    "hi": " ({amount} का तरीका नहीं बताया।)",
}
MAX_NAMED = 6  # more customers than this are read back as a count


def _joined(names: Sequence[str], language: str) -> str:
    if len(names) > MAX_NAMED:
        return MANY_CUSTOMERS[language].format(count=len(names))
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {AND_WORD[language]} {names[-1]}"


def _rupees(amount: Any) -> str:
    return format_rupees(round(float(amount) * 100)) if amount is not None else ""


def reply_confirm(intent: str, names: Sequence[str], amount: Any, language: str) -> str:
    """'Rahul, Priya aur Amit ko ₹100-₹100 likhun?': what a yes will write, for whom."""
    chosen = _language(language)
    money = _rupees(amount)
    amounts = EACH[chosen].format(amount=money) if money and len(names) > 1 else money
    template = CONFIRM.get(intent, {}).get(chosen, CONFIRM_ANY[chosen])
    if "{amounts}" in template and not money:
        template = CONFIRM_ANY[chosen]
    return template.format(names=_joined(names, chosen), amounts=amounts)


def confirm_options(language: str) -> list[dict[str, str]]:
    yes, no = YES_NO[_language(language)]
    return [{"answer": "yes", "name": yes}, {"answer": "no", "name": no}]


def new_customer_option(name: str, language: str) -> dict[str, str]:
    return {"customer_id": "new", "name": NEW_CUSTOMER[_language(language)].format(name=name)}


def reply_not_written(
    intent: str, name: str | None, amount: Any, reason: str | None, word: str | None, language: str
) -> str:
    """'Priya ko ₹500 nahi likha — aapne 'mat' kaha.': nothing written, and why."""
    chosen = _language(language)
    template = NOT_WRITTEN_WHAT.get(intent, {}).get(chosen)
    needs_amount = template is not None and "{amount}" in template
    if template is None or not name or (needs_amount and amount is None):
        what = NOTHING_WRITTEN[chosen]
    else:
        what = template.format(name=name, amount=_rupees(amount))
    why_key = reason if reason in NOT_WRITTEN_WHY else "unclear"
    if why_key == "negation" and not word:
        why_key = "negation_unquoted"
    why = NOT_WRITTEN_WHY[why_key][chosen].format(word=word or "")
    return f"{what} — {why}"


def reply_answered(outcome: str, language: str) -> str:
    """The spoken 'haan' / 'nahi': 'yes', 'no', or 'nothing' when no question was open."""
    return ANSWERED.get(outcome, ANSWERED["nothing"])[_language(language)]


def mode_note(intent: str, result: dict[str, Any], language: str) -> str:
    """A payment with no spoken mode says so; so does a daily summary that holds such money."""
    if intent == "RECORD_PAYMENT" and result.get("mode") == "unspecified":
        return MODE_UNSAID[language]
    payments = result.get("payments")
    if intent == "DAILY_SUMMARY" and isinstance(payments, dict) and payments.get("unspecified"):
        return MODE_UNSAID_TODAY[language].format(amount=format_rupees(payments["unspecified"]))
    return ""
