"""Which intent one clause speaks, from its words and what was found in it.

Safety first: a clause about another assistant's domain (weather, music, alarms, messages)
is UNKNOWN unless it asks for a reminder, and weak cues ("kitna hua", "bacha") count only
when the clause has no words the parser does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.intents import Intent
from domain.language import lexicon as lx
from domain.language.normalize import key
from domain.language.refs import Who

_W = lx.words
_CREATE_VERBS = _W(
    "bhejo bhej bhejna bhejiye bhejde bhejdo set lagao laga lagana create add banao bana "
    "daalo dalo rakho rakh send karwana karaye karayen karaiye karwaye karwayen karado"
)
_SHOW = lx.LIST | _W("batao bata show dikhana dikhaye dikhaiye koi upcoming aane reminders")
_HELP_PHRASES = tuple(
    " " + " ".join(key(w) for w in p.split()) + " "
    for p in ("kya kar sakte", "kya kar sakti", "what can you", "kaise use", "kya kya kar")
)
_STOCK_LEFT = _W("bacha bache bachi available")
_TOOK = _W("le liya liye li lia")
_ENTRY = _W("entry entri entries")
_WRITE = _W("likho likh likhna daalo dalo daal jodo jod add chadhao chadha")
_KITNA = _W("kitna kitne kitni")
_HUA = _W("hua hue ho gaya gayi bana banta")
# Prefixes of reminder words: "yaad dilaayen", "remind karaye", "bhoolna nahi".
_REMINDER_STEMS = ("remind", "yad", "dila", "alert")
_FORGET = _W("bhulna bhulne bhoolna bhoolne bhool bhul bhulu bhoolu bhulunga bhulenge")
# After "yaad dilana ki ..." / "remind me to ...", words belong to what is to be remembered.
_BODY = _W("ki to that karne karke kardun liye")


@dataclass(frozen=True)
class Clue:
    """What a clause holds besides its words: used by the rules below."""

    keys: Sequence[str]
    keyset: frozenset[str]
    text: str  # " k1 k2 ... " for phrase tests
    who: Who
    has_amount: bool
    has_items: bool
    has_when: bool
    has_phone: bool
    only_task_words: bool
    unknown: int  # words the parser does not know, names excluded


def _is_reminder_word(k: str) -> bool:
    return k in lx.REMINDER or k in _FORGET or k.startswith(_REMINDER_STEMS)


def classify(c: Clue) -> Intent | None:
    """The clause's intent; None when it has no trigger of its own (it may borrow one)."""
    k = c.keyset
    if k & lx.HELP or any(p in c.text for p in _HELP_PHRASES):
        return Intent.HELP
    reminder_at = next((i for i, w in enumerate(c.keys) if _is_reminder_word(w)), None)
    if reminder_at is not None and (k & lx.REMINDER or not k & lx.FOREIGN):
        return _reminder(c, reminder_at)
    if k & lx.FOREIGN:
        return Intent.UNKNOWN
    if k & lx.STOP and c.only_task_words:
        return Intent.CANCEL_TASK
    if k & lx.BILL:
        if k & lx.CANCEL:
            return Intent.CANCEL_INVOICE
        return Intent.CREATE_INVOICE if k & lx.MAKE or c.has_items or c.has_amount else None
    if "undo" in k or (k & _ENTRY and k & lx.CANCEL) or (k & lx.UNDO and k & lx.ENTRY):
        return Intent.UNDO_LAST_ENTRY
    if customer := _customer_admin(c):
        return customer
    if k & lx.STOCK or (k & _STOCK_LEFT and k & frozenset(lx.PRODUCTS) and not c.unknown):
        if k & (lx.ARRIVED | _W("add jodo badhao update")) and c.has_items:
            return Intent.UPDATE_STOCK
        return Intent.CHECK_STOCK if not c.has_amount else None
    if c.has_items and k & lx.ARRIVED and c.who.name is None:
        return Intent.UPDATE_STOCK
    if k & lx.SALE or (k & lx.TODAY and k & _W("hisab hisaab")):
        return Intent.DAILY_SUMMARY if c.unknown <= 1 else None
    asks = (k & _KITNA and k & (_HUA | lx.CREDIT)) or (k & lx.WHO and k & lx.CREDIT)
    if not c.has_amount and (k & lx.BALANCE or asks):
        return _balance(c) if _asks_balance(c) else None
    if k & lx.WHO and k & (lx.GAVE | lx.PAYMENT) and "nahi" in k and not c.has_amount:
        return Intent.LIST_CUSTOMER_BALANCES  # "kis kis ne paise nahi diye"
    if c.has_amount or k & (lx.CREDIT | lx.PAYMENT):
        return _money(c) if c.unknown <= 1 else None
    if k & lx.FOCUS and c.who.name and " ki bat " in c.text:
        return Intent.SET_FOCUS
    if k & _W("focus select") and (c.who.name or c.who.ref):
        return Intent.SET_FOCUS
    return None


def _reminder(c: Clue, first: int) -> Intent:
    k = c.keyset
    if "alarm" in k or "alarms" in k:
        return Intent.UNKNOWN
    if _acts_on_reminder(c.keys, first, lx.CANCEL):
        return Intent.CANCEL_REMINDER
    if _acts_on_reminder(c.keys, first, lx.CHANGE):
        return Intent.MODIFY_REMINDER
    creating = k & _CREATE_VERBS or any(w.startswith("dila") or w in _FORGET for w in k)
    if k & _SHOW and not creating and not c.has_amount:
        return Intent.LIST_REMINDERS
    if c.has_when and k & (_W("ka ki") | lx.ACTIVE_REFS) and " kar do" in c.text and not creating:
        return Intent.MODIFY_REMINDER
    return Intent.CREATE_REMINDER


def _acts_on_reminder(keys: Sequence[str], first: int, verbs: frozenset[str]) -> bool:
    """A cancel/change verb after the reminder word, not inside what is to be remembered."""
    at = next((i for i, w in enumerate(keys) if w in verbs), None)
    if at is None or (at < first and at != 0):
        return False
    between = keys[first + 1 : at]
    if any(w in _BODY or w in _CREATE_VERBS for w in between):
        return False
    return not (at + 1 < len(keys) and keys[at + 1] in _BODY)


def _customer_admin(c: Clue) -> Intent | None:
    k = c.keyset
    account = k & (lx.KHATA | lx.CUSTOMER)
    if account and k & _W("band bund close delete hatao hata mitao remove"):
        return Intent.DELETE_CUSTOMER
    if (account and k & lx.NEW) or (k & lx.CUSTOMER and k & _W("add jodo banao bana")):
        return Intent.CREATE_CUSTOMER
    if k & lx.PHONE and (c.has_phone or k & (lx.CHANGE | _W("likho save naya"))):
        return Intent.UPDATE_CUSTOMER_PHONE
    if k & lx.INFO and (c.who.name or c.who.ref) and c.unknown <= 1:
        return Intent.GET_CUSTOMER_INFO
    if k & lx.KHATA and k & _W("kholo khol open dikhao") and c.who.name:
        return Intent.SET_FOCUS
    return None


def _money(c: Clue) -> Intent | None:
    k = c.keyset
    t = c.text
    if k & lx.PAYMENT or (" ne " in t and k & lx.GAVE and not k & _TOOK):
        return Intent.RECORD_PAYMENT
    if k & frozenset(lx.MODES) and c.has_amount and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT
    if " se " in t and c.has_amount and k & (_TOOK | _W("mile mila mili")):
        return Intent.RECORD_PAYMENT
    if k & lx.CREDIT:
        return Intent.ADD_CREDIT
    if c.has_amount and (" ko " in t or c.who.ref) and k & (lx.GIVE | lx.GAVE):
        return Intent.ADD_CREDIT
    if c.has_amount and k & _WRITE and k & (lx.KHATA | lx.BALANCE | _W("ke ko naam")):
        return Intent.ADD_CREDIT
    if c.has_amount and k & _TOOK and k & _W("saman samaan saamaan maal gaya gayi"):
        return Intent.ADD_CREDIT
    return None


def _asks_balance(c: Clue) -> bool:
    k = c.keyset
    if k & _W("balance hisab bakaya pending outstanding"):
        return True
    # "baaki"/"kitna hua" alone are common words: they need a person, "kitna" or "kul".
    asks = c.who.name or c.who.ref or k & (_KITNA | lx.TOTAL | lx.WHO | _W("mera mere"))
    durations = k & _W("minute minutes second seconds ghante hours din")
    return c.unknown == 0 and bool(asks) and not durations


def _balance(c: Clue) -> Intent:
    k = c.keyset
    if k & lx.WHO:
        return Intent.LIST_CUSTOMER_BALANCES
    if k & lx.TOTAL and c.who.name is None:
        return Intent.TOTAL_PENDING_AMOUNT
    return Intent.CHECK_BALANCE
