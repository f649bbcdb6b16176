"""Which intent one clause speaks, from its words and what was found in it.

Safety first: a clause about another assistant's domain (weather, music, alarms, messages)
is UNKNOWN unless it asks for a reminder, and weak cues ("kitna hua", "bacha") count only
when the clause has no words the parser does not know. The khata's money rules (credit,
payment, balances) are in ledger_rules.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from domain.intents import Intent
from domain.language import ledger_rules as money
from domain.language import lexicon as lx
from domain.language.clue import Clue
from domain.language.items import is_put_verb
from domain.language.ledger_rules import phrases

__all__ = ["Clue", "classify"]

_W = lx.words
_CREATE_VERBS = _W(
    "bhejo bhej bhejna bhejiye bhejde bhejdo set lagao laga lagana create add banao bana "
    "daalo dalo rakho rakh send karwana karaye karayen karaiye karwaye karwayen karado "
    "schedule remind"
)
_SHOW = (
    lx.LIST
    | lx.WHO
    | _W("batao bata show dikhana dikhaye dikhaiye dikhayen dikhaen koi upcoming aane")
    | _W("reminders what pending")
) - _W("everyone everybody")  # "remind everyone on Saturday" creates
_WHICH = _W("what which kaun kon konse kaunse kounse konsa kaunsa kounsa kitne")
# Questions about the app itself: "udhaar kaise likhte hain" asks how, it writes nothing.
_HELP_PHRASES = phrases(
    "kya kar sakte", "kya kar sakti", "what can you", "kaise use", "kya kya kar", "kaise likhte",
    "kaise lagate", "kaise karte", "kaise chalta", "kaise chalate", "kya bolna", "kya bolun",
    "how do i", "how to use", "how does this", "how does it", "what can i say", "what commands",
    "show me the commands", "kaise istemal", "क्या कर सकते", "कैसे चलता",
)  # fmt: skip
_HELP_SEARCH = re.compile("|".join(re.escape(p) for p in _HELP_PHRASES)).search
_STOCK_LEFT = _W("bacha bache bachi available left remaining")
_STOCK_UP = _W("add jodo badhao badha update chadha chadhao chadhado chadhaye चढ़ा चढ़ाओ")
_SALES = lx.SALE | _W("kamaya kamaye bika biki")  # not "bike": the English word
_CLOSE = _W("band bund bnd close delete hatao hata mitao remove khatam डिलीट")
_ASK_WORDS = _W("kya batao bata bolo btao batae bataen bataye what tell show dikhao dikhae")
_ENTRY = _W("entry entri entries transaction transactions")
# Prefixes of reminder words: "dilaayen", "remind karaye". Not "yad": names start with it
# (Yadav), and "yaad" itself is a whole word in lx.REMINDER.
_REMINDER_STEMS = ("remind", "dila", "alert")
# Beside a timer or a message, "alert" is that app's alert; the other words still ask us.
_SURELY_REMINDER = lx.REMINDER - _W("alert")
_FORGET = _W("bhulna bhulne bhoolna bhoolne bhool bhul bhulu bhoolu bhulunga bhulenge")
# After "yaad dilana ki ..." / "remind me to ...", words belong to what is to be remembered.
_BODY = _W("ki to that karne karke kardun liye")
_INSTEAD = _W("bajaye bajaaye bajay instead")


@lru_cache(maxsize=16384)
def _is_reminder_word(k: str) -> bool:
    return k in lx.REMINDER or k in _FORGET or k.startswith(_REMINDER_STEMS)


def _not_remembered(keys: Sequence[str], i: int) -> bool:
    """ "300 ya 350 tha, yaad nahi": the speaker does not remember; no reminder is asked for."""
    if keys[i] == _REMEMBER and i > 0 and keys[i - 1] in _NOT_EN:
        return True  # "cash or UPI, I don't remember"
    if keys[i] in _FORGET and i + 1 < len(keys) and keys[i + 1] in _WENT:
        return True  # "likhna bhool gaya": forgot to write, no reminder asked for
    if keys[i] != _YAAD or i + 1 >= len(keys) or keys[i + 1] not in _NOT:
        return False
    return not (i + 2 < len(keys) and _is_reminder_word(keys[i + 2]))  # "yaad nahi dilana"


_YAAD = next(iter(_W("yaad")))
_OPENING = _W("achha accha acha haan han ok okay arey arre so well hmm bhai yaar")
_NOT = _W("nahi nahin nai nhi")
_WENT = _W("gaya gayi gaye gya gai")
_REMEMBER = next(iter(_W("remember")))
_NOT_EN = _W("dont didnt cant not never cannot")


def classify(c: Clue) -> Intent | None:
    """The clause's intent; None when it has no trigger of its own (it may borrow one)."""
    k = c.keyset
    if k & lx.HELP or _HELP_SEARCH(c.text):
        return Intent.HELP
    reminder_at = next(
        (
            i
            for i, w in enumerate(c.keys)
            if _is_reminder_word(w) and i not in c.who.used and not _not_remembered(c.keys, i)
        ),
        None,
    )  # a name is never a reminder word ("Pooja Yadav")
    if reminder_at is not None and (k & _SURELY_REMINDER or not k & lx.FOREIGN):
        return _reminder(c, reminder_at)
    if _sends_statement(c):
        return Intent.SEND_STATEMENT  # "Rahul ko hisaab bhej do", "WhatsApp pe statement bhejo"
    if switch := _messages_switch(c):
        return switch
    if k & lx.FOREIGN and not money.reports_payment(c):
        return Intent.UNKNOWN
    if k & lx.STOP and c.only_task_words:
        return Intent.CANCEL_TASK
    if k & _W("band") and " chal raha " in c.text and c.only_task_words:
        return Intent.CANCEL_TASK  # "jo chal raha hai band karo"; "band karo" alone is an alarm
    if k & lx.BILL:
        return _bill(c)
    if _undoes(c):
        return Intent.UNDO_LAST_ENTRY
    if customer := _customer_admin(c):
        return customer
    if stock := _stock(c):
        return stock
    if k & _SALES or (k & lx.TODAY and k & _W("hisab hisaab report रिपोर्ट")):
        return _sales(c)
    return _ledger(c)


def _sends_statement(c: Clue) -> bool:
    """The statement word and a sending verb, to a customer, with no amount in the clause."""
    k = c.keyset
    if not (k & lx.STATEMENT and k & lx.SEND) or c.has_amount or c.unknown > 1:
        return False
    return bool(c.named or k & lx.ACTIVE_REFS or not c.unknown)  # no name: the one in focus


def _messages_switch(c: Clue) -> Intent | None:
    """ "Rahul ko message mat bhejna" (the customer opts out), "Rahul ke message chalu karo"."""
    k = c.keyset
    if not (k & lx.MESSAGES and c.named) or c.has_amount or c.unknown:
        return None
    if k & lx.MESSAGES_OFF:
        return Intent.STOP_MESSAGES
    if k & lx.MESSAGES_ON:
        return Intent.ALLOW_MESSAGES
    return None


def _ledger(c: Clue) -> Intent | None:
    """Money moved, or a question about what is owed."""
    k = c.keyset
    if money.settles(c):
        return Intent.RECORD_PAYMENT
    paying = k & money.WILL_GIVE  # "pura udhaar chuka denge" pays, it does not ask
    if not c.has_amount and not paying and (k & lx.BALANCE or money.asks_amount(c)):
        return money.balance(c) if money.asks_balance(c) else None
    gives = lx.GAVE | lx.PAYMENT | _W("de deta deti dete dera")
    if k & lx.WHO and k & gives and k & lx.NOT and not c.has_amount:
        return Intent.LIST_CUSTOMER_BALANCES  # "kis kis ne paise nahi diye", "who hasn't paid"
    if k & money.LATER:
        return None  # "shaam ko saman lene aayega": a plan, never a write
    if money.speaks_of_money(c):
        return money.money(c) if c.unknown <= 1 else None
    if len(k & frozenset(lx.MODES)) > 1 and k & _W("ya or"):
        return Intent.RECORD_PAYMENT  # "cash ya upi pata nahi": the gate asks which
    if k & money.WRITE and c.named and k & (lx.KHATA | _W("kuch kuchh anything")):
        return Intent.ADD_CREDIT  # "Meena ke khate mein kuch mat likhna": the gate holds it
    return _focus(c)


def _sales(c: Clue) -> Intent | None:
    # "Amit sold his bike for 40000" states a sale, "the sales meeting" names one: the
    # summary is asked for, with no amount.
    k = c.keyset
    asked = k & (lx.TODAY | money.KITNA | _ASK_WORDS | _W("summary report hisab hisaab"))
    return Intent.DAILY_SUMMARY if asked and not c.unknown and not c.has_amount else None


def _bill(c: Clue) -> Intent | None:
    k = c.keyset
    if k & (lx.CANCEL | _W("void")):
        return Intent.CANCEL_INVOICE
    if k & money.UTILITY:
        return Intent.UNKNOWN  # "bijli ka bill 1200 aaya": the shop's own bills
    if k & lx.UNDO or (c.came() and not k & lx.MAKE):
        return None  # "bill galat bana, cancel karo": the next clause says what to do
    if k & lx.MAKE or c.has_items:
        return Intent.CREATE_INVOICE
    # An amount alone makes a bill only for a customer ("Rahul ka 500 ka bill").
    return Intent.CREATE_INVOICE if c.has_amount and c.named else None


def _undoes(c: Clue) -> bool:
    """ "undo", "pichli entry hatao", "abhi jo likha wo hatao", "that entry was wrong"."""
    k = c.keyset
    if "undo" in k:
        return True
    if k & lx.PHONE and k & lx.UNDO:
        return False  # "Pyarelal ka number galat hai": the phone number is wrong, not an entry
    if (k & lx.UNDO and k & lx.ENTRY) or (k & _ENTRY and k & lx.CANCEL):
        return True
    if c.has_amount or c.who.name:
        return False
    takes_back = k & (lx.CANCEL | _W("wapas"))
    return bool(takes_back and k & (_ENTRY | _W("likha likhi likhe")))


def _puts(keys: Sequence[str]) -> bool:
    """ "daal do" / "डाल दो": put (it) in, not the lentils."""
    return any(is_put_verb(keys, j) for j in range(len(keys)))


def _stock(c: Clue) -> Intent | None:
    k = c.keyset
    products = k & frozenset(lx.PRODUCTS)
    left = k & _STOCK_LEFT or (k & money.KITNA and "have" in k)  # "how many eggs do we have"
    if k & lx.STOCK or (left and products and not c.unknown):
        if (c.came() or k & (_STOCK_UP | lx.NEW) or _puts(c.keys)) and c.has_items:
            return Intent.UPDATE_STOCK
        if k & _STOCK_UP or _puts(c.keys):
            # "stock badhao", "stock mein daal do" with no goods: the goods are another clause's.
            return None
        return Intent.CHECK_STOCK if not c.has_amount else None
    # Goods came in: a known product or a unit must be spoken, so "10 minute mein aaya"
    # or "bus 5 baje aayi" never changes stock.
    goods = products or k & frozenset(lx.UNITS)
    # "Sunny bhabhi aayi hain, unka 2 kilo cheeni": someone came, not the goods.
    someone = k & (lx.HONORIFICS | lx.ACTIVE_REFS)
    if c.has_items and goods and c.came() and c.who.name is None and not someone:
        return Intent.UPDATE_STOCK
    if c.has_items and goods and k & money.SUPPLIER and (c.came() or k & lx.GAVE):
        return Intent.UPDATE_STOCK  # "supplier ne 3 bori chawal diye"
    return None


def _focus(c: Clue) -> Intent | None:
    """ "Rahul ki baat karo", "ab Bablu pe aate hain", "let's talk about Rahul"."""
    k = c.keyset
    if not c.named or c.unknown:
        return None
    if k & lx.FOCUS and (" ki bat " in c.text or k & _W("focus select talk switch chuno")):
        return Intent.SET_FOCUS
    if k & _W("aate ate dekhte chalo ab") and len(c.keys) - len(c.who.used) <= 5:
        return Intent.SET_FOCUS
    return None


def _reminder(c: Clue, first: int) -> Intent:
    k = c.keyset
    # "alarm" beside "remind"/"yaad"/"reminder" is still a reminder ("mujhe alarm set karne ke
    # liye yaad dilaye"): in Hinglish-TOP train and validation, 6 such rows are reminders
    # and 1 is an alarm.
    if _acts_on_reminder(c.keys, first, lx.CANCEL):
        return Intent.CANCEL_REMINDER
    # "reminder ko 12 pm ke liye update karen": with a new time, "ke liye" says when, not what.
    body = _BODY - _W("liye") if c.has_when else _BODY
    if _acts_on_reminder(c.keys, first, lx.CHANGE, body):
        return Intent.MODIFY_REMINDER
    if c.has_when and k & _INSTEAD:
        return Intent.MODIFY_REMINDER  # "Wednesday ke bajaye Friday ko yaad dilayen"
    asks_which = any(w in _WHICH for w in c.keys[max(0, first - 2) : first])
    opening = next((w for w in c.keys if w not in _OPENING), "")
    if opening in _WHICH or (asks_which and not c.who.name):
        # "what reminders are set (for Farhan)", "maine kounse reminders set kiye"
        return Intent.LIST_REMINDERS
    if k & _W("everyone everybody") and not c.named:
        return Intent.UNKNOWN  # "remind everyone" with no one found: never the one in focus
    creating = k & _CREATE_VERBS or any(w.startswith("dila") or w in _FORGET for w in k)
    # A list word beside the reminder word: "saare reminders dikhao", not "mere show ke liye".
    shows = any(w in _SHOW and abs(i - first) <= 4 for i, w in enumerate(c.keys))
    if shows and not creating and not c.has_amount:
        return Intent.LIST_REMINDERS
    moves = c.has_when and _SET_TO(c.text) and not creating
    if moves and k & (_W("ka ki wala wale") | lx.ACTIVE_REFS):
        return Intent.MODIFY_REMINDER  # "Vikas wala reminder budhvar ko kar do"
    return Intent.CREATE_REMINDER


# "… budhvar ko kar do", "… parso shaam 5 baje kr do", "… शुक्रवार कर दो": set to that time.
_SET_TO = re.compile(r" (?:kar|kr) (?:do|dijie|dijiye|dena) ").search  # on keys


def _acts_on_reminder(
    keys: Sequence[str], first: int, verbs: frozenset[str], body: frozenset[str] = _BODY
) -> bool:
    """A cancel/change verb after the reminder word, not inside what is to be remembered."""
    at = next((i for i, w in enumerate(keys) if w in verbs), None)
    leading = all(w in lx.FILLER or w in lx.HONORIFICS for w in keys[: at or 0])
    if at is None or (at < first and not leading):  # "achha, cancel Harpreet's reminder"
        return False
    between = keys[first + 1 : at]
    if any(w in body or w in _CREATE_VERBS for w in between):
        return False
    return not (at + 1 < len(keys) and keys[at + 1] in body)


_NEW_ONE = phrases("new one")[0]
_OPEN_AN_ACCOUNT = phrases(
    "open an account", "open a new account", "open a khata", "open an khata", "open a new one",
)  # fmt: skip


def _customer_admin(c: Clue) -> Intent | None:
    k = c.keyset
    account = k & (lx.KHATA | lx.CUSTOMER_NOUNS)
    if k & _CLOSE and (account or (c.named and k & _W("hisab hisaab list"))):
        return Intent.DELETE_CUSTOMER  # "khata band karo", "Sunita ko list se hata do"
    adds = k & lx.CUSTOMER_NOUNS and k & _W("add jodo banao bana dalo register ऐड")
    if ((account and k & lx.NEW) or adds) and not c.has_amount:
        return Intent.CREATE_CUSTOMER  # never "add 90 for this customer" (a credit)
    if k & lx.KHATA and k & (lx.MAKE | _W("open kholo")) and " naam " in c.text:
        return Intent.CREATE_CUSTOMER  # "Ajay naam se khata kholo"
    if k & lx.KHATA and k & _W("create") and not c.has_amount:
        return Intent.CREATE_CUSTOMER  # "create an account for Pooja"
    opens_one = any(p in c.text for p in _OPEN_AN_ACCOUNT)
    # "open a new one for Celina": the "one" is no amount.
    if opens_one and " for " in c.text and (not c.has_amount or _NEW_ONE in c.text):
        return Intent.CREATE_CUSTOMER  # "open an account for Daniel" (not "open Daniel's")
    if k & lx.KHATA and k & _W("kholo khol open") and c.has_phone and not c.has_amount:
        return Intent.CREATE_CUSTOMER  # "Dinesh ka khata kholo number 98…": a new account
    if k & lx.KHATA and k & lx.MAKE and c.named and not (c.has_amount or c.has_items):
        return Intent.CREATE_CUSTOMER  # "धनीराम का खाता बना दो": an account is made once
    if _added(c) and not (c.has_amount or c.has_items or c.has_when or k & lx.PHONE):
        return Intent.CREATE_CUSTOMER  # "Kusum Lata ko add karo", "add Rosemary Thomas"
    if _added(c) and c.has_phone and not c.has_amount:
        return Intent.CREATE_CUSTOMER  # "add Rosemary Thomas with number 702…"
    if k & lx.PHONE and (phone := _phone(c)):
        return phone
    if _asks_info(c):
        return Intent.GET_CUSTOMER_INFO
    if k & lx.KHATA and k & _W("dikhao dikha show batao") and not c.unknown:
        return Intent.CHECK_BALANCE  # "Manoj ka khata dikhao": the account as it stands
    if k & lx.KHATA and k & _W("kholo khol open") and c.who.name:
        return Intent.SET_FOCUS
    return None


_ADD = _W("add ऐड jodo जोड़ो register enrol enroll रजिस्टर")
_KO = _W("ko को")
_OF = _W("ka ki ke का की के")


def _added(c: Clue) -> bool:
    """The name is what is added: "add Rosemary Thomas", "कुसुम लता को ऐड करो" (not "Rahul ka
    number add karo", which adds a number)."""
    if not c.who.name or not c.who.used:
        return False
    first, last = min(c.who.used), max(c.who.used)
    before = c.keys[first - 1] if first else ""
    after = c.keys[last + 1 : last + 3]
    if after and after[0] in _OF:
        return False  # "add Rahul's number 98…" ("'s" reads "ka"): his number, not him
    return before in _ADD or (len(after) == 2 and after[0] in _KO and after[1] in _ADD)


_MY = _W("mera meri mere my mine मेरा मेरी मेरे")


def _phone(c: Clue) -> Intent | None:
    k = c.keyset
    if k & _MY or (c.has_phone and k & _W("wala wale wali वाला वाले वाली") and not k & lx.CHANGE):
        return None  # "mera number 94150…": the speaker's; "uska number 98140… wala": who it is
    if c.has_phone or k & (lx.CHANGE | lx.UNDO | _W("likho likh save")):
        return Intent.UPDATE_CUSTOMER_PHONE
    if k & lx.NEW and not k & money.TOOK:
        return Intent.UPDATE_CUSTOMER_PHONE  # "naya number", never "naya phone liya"
    if c.named and k & _ASK_WORDS and c.unknown == 0 and not c.has_amount:
        # "meena ka number kya hai"; not "Nargis ne 600 gpay kiya tha kya, phone mein dekho"
        return Intent.GET_CUSTOMER_INFO
    return None


def _asks_info(c: Clue) -> bool:
    """ "Rahul ki jaankari", "details of Rahul", "Amit ke baare mein sab batao"."""
    k = c.keyset
    if not c.named or c.unknown:
        return False
    if k & _W("bare baare about") and k & (_ASK_WORDS | _W("sab everything")):
        return True
    at = next((i for i, w in enumerate(c.keys) if w in lx.INFO), None)
    if at is None:
        return False
    # "is information ko James ko bhejo" sends something to James: the word is an object.
    return not (at + 1 < len(c.keys) and c.keys[at + 1] in _W("ko to"))
