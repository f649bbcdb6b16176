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
    "daalo dalo rakho rakh send karwana karaye karayen karaiye karwaye karwayen karado "
    "schedule"
)
_SHOW = (
    lx.LIST
    | lx.WHO
    | _W("batao bata show dikhana dikhaye dikhaiye koi upcoming aane reminders what pending")
) - _W("everyone everybody")  # "remind everyone on Saturday" creates


def _phrases(*texts: str) -> tuple[str, ...]:
    return tuple(" " + " ".join(key(w) for w in p.split()) + " " for p in texts)


# Questions about the app itself: "udhaar kaise likhte hain" asks how, it writes nothing.
_HELP_PHRASES = _phrases(
    "kya kar sakte", "kya kar sakti", "what can you", "kaise use", "kya kya kar", "kaise likhte",
    "kaise lagate", "kaise karte", "kaise chalta", "kaise chalate", "kya bolna", "kya bolun",
    "how do i", "how to use", "how does this", "how does it", "what can i say", "what commands",
    "show me the commands", "kaise istemal", "क्या कर सकते", "कैसे चलता",
)  # fmt: skip
_STOCK_LEFT = _W("bacha bache bachi available left remaining")
# Goods taken: "Priya ne 300 ka saman liya" (she took goods on credit), "Amit took goods";
# the future forms ("kal lega") are promises the safety gate holds back.
_TOOK = _W("le liya liye li lia took taken take bought purchased kharida kharide lega legi lenge")
_GOODS = _W("saman samaan saamaan maal gaya gayi goods items stuff groceries ration worth")
# Future "will give": a promise to pay ("Rahul kal 500 de dega"), held back by the gate.
_WILL_GIVE = _W("dega degi denge dengi dunga dungi bhejega bhejegi chukayega chukayegi")
# Whoever "usne" is, the customer paid: "usne 150 jama kiye" like "Rahul ne".
_HE_DID = _W("usne isne unhone inhone उसने इसने उन्होंने")
_SETTLE = _W("clear cleared settled settle chukta saaf")
# Futures of coming and going ("lene aayega", "le jayegi", "lekar aayega") are plans, and the
# safety gate does not hold them as promises: no money intent is read from them.
_LATER = _W(
    "aayega aayegi aayenge aaega aaegi jayega jayegi jayenge jaega jaegi आएगा आएगी आएंगे जाएगा जाएगी"
)
# "Amit ne bike bech di": the customer sold something of his own; no khata entry.
_SOLD = _W("bech becha bechi beche bechna bechdi sold")
_RECEIVED = _W("received receive got")


def _came(c: Clue) -> bool:
    """Goods or money came in. Hindi "aa gaya" has the key "a", which is also English "a"."""
    came = c.keyset & _CAME
    return bool(came) or (" a " in c.text and bool(c.keyset & _W("gaya gayi gaye gae gai")))


_STOCK_UP = _W("add jodo badhao update")
_SUPPLIER = _W("supplier wholesaler distributor company dealer सप्लायर")
_SALES = lx.SALE | _W("kamaya kamaye bika biki")  # not "bike": the English word
_CAME = lx.ARRIVED - {"a"}
_CLOSE = _W("band bund bnd close delete hatao hata mitao remove khatam डिलीट")
_ASK_WORDS = _W("kya batao bata bolo btao what tell show dikhao")
# "market mein kitna paisa pending hai": the total owed to the shop, out in the market.
_MARKET = _W("market bazaar bahar")
_NOT_LEDGER = _W("bank बैंक")
_WHICH = _W("what which kaun kon konse kaunse kitne")
# The shopkeeper paying someone: the khata records what customers owe and pay the shop.
_SHOP_PAYS = _phrases("have to", "need to", "send", "bhejna hai", "karna hai", "dena hai")
# The shop's own bills and payments: never a customer's khata.
_UTILITY = _W(
    "bijli electricity light pani water gas rent kiraya recharge wifi internet बिजली पानी किराया"
)
_ENTRY = _W("entry entri entries")
_WRITE = _W("likho likh likhna likhdo daalo dalo daal jodo jod add chadhao chadha put write")
_KITNA = _W("kitna kitne kitni much many")
_HUA = _W("hua hue ho gaya gayi bana banta")
# Prefixes of reminder words: "dilaayen", "remind karaye". Not "yad": names start with it
# (Yadav), and "yaad" itself is a whole word in lx.REMINDER.
_REMINDER_STEMS = ("remind", "dila", "alert")
# Beside a timer or a message, "alert" is that app's alert; the other words still ask us.
_SURELY_REMINDER = lx.REMINDER - _W("alert")
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
    reminder_at = next(
        (i for i, w in enumerate(c.keys) if _is_reminder_word(w) and i not in c.who.used), None
    )  # a name is never a reminder word ("Pooja Yadav")
    if reminder_at is not None and (k & _SURELY_REMINDER or not k & lx.FOREIGN):
        return _reminder(c, reminder_at)
    if k & lx.FOREIGN and not _reports_payment(c):
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
        # "Amit sold his bike for 40000" states a sale, "the sales meeting" names one: the
        # summary is asked for, with no amount.
        asked = k & (lx.TODAY | _KITNA | _ASK_WORDS | _W("summary report hisab hisaab"))
        return Intent.DAILY_SUMMARY if asked and c.unknown <= 1 and not c.has_amount else None
    settles = k & _SETTLE and not k & _W("going")  # "is going to clear": not a payment yet
    settles = settles or (k & _W("hisab hisaab") and k & _W("karega karegi karenge"))
    owed = k & (lx.BALANCE | _W("amount")) or c.has_amount
    if settles and owed and (c.who.name or c.who.ref):
        return Intent.RECORD_PAYMENT  # "pura hisaab clear karegi", "has Vikas cleared the dues"
    paying = k & _WILL_GIVE  # "pura udhaar chuka denge" pays, it does not ask
    if not c.has_amount and not paying and (k & lx.BALANCE or _asks_amount(c)):
        return _balance(c) if _asks_balance(c) else None
    if k & lx.WHO and k & (lx.GAVE | lx.PAYMENT) and k & lx.NOT and not c.has_amount:
        return Intent.LIST_CUSTOMER_BALANCES  # "kis kis ne paise nahi diye", "who hasn't paid"
    if k & _LATER:
        return None  # "shaam ko saman lene aayega": a plan, never a write (see _LATER)
    will_pay = k & _W("will gonna") and k & _W("give pay send clear settle")
    if c.has_amount or k & (lx.CREDIT | lx.PAYMENT | _WILL_GIVE) or _gave_money(c) or will_pay:
        return _money(c) if c.unknown <= 1 else None
    if len(k & frozenset(lx.MODES)) > 1 and k & _W("ya or"):
        return Intent.RECORD_PAYMENT  # "cash ya upi pata nahi": the gate asks which
    if k & _WRITE and (c.who.name or c.who.ref) and k & (lx.KHATA | _W("kuch kuchh anything")):
        return Intent.ADD_CREDIT  # "Meena ke khate mein kuch mat likhna": the gate holds it
    return _focus(c)


def _bill(c: Clue) -> Intent | None:
    k = c.keyset
    if k & (lx.CANCEL | _W("void")):
        return Intent.CANCEL_INVOICE
    if k & _UTILITY:
        return Intent.UNKNOWN  # "bijli ka bill 1200 aaya": the shop's own bills
    if k & lx.UNDO or (_came(c) and not k & lx.MAKE):
        return None  # "bill galat bana, cancel karo": the next clause says what to do
    if k & lx.MAKE or c.has_items:
        return Intent.CREATE_INVOICE
    # An amount alone makes a bill only for a customer ("Rahul ka 500 ka bill").
    return Intent.CREATE_INVOICE if c.has_amount and (c.who.name or c.who.ref) else None


def _reports_payment(c: Clue) -> bool:
    """ "Deepak ne message kiya ki 700 bhej diye": a customer's message about money sent."""
    k = c.keyset
    return c.has_amount and " ne " in c.text and bool(k & lx.GAVE) and not k & lx.REMINDER


def _gave_money(c: Clue) -> bool:
    """ "paise bhej diye": money given to the shop, amount unsaid. Not "usne Raju ko paise
    de diye" or "he gave the money to Raju": that money went to someone else."""
    to_someone = " ko " in c.text or " to " in c.text
    return bool(c.keyset & lx.GAVE and c.keyset & _W("paise paisa money")) and not to_someone


def _asks_amount(c: Clue) -> bool:
    """ "kitna hua", "kitna lena hai", "total udhaar", "kaun kaun udhaar pe hai"."""
    k = c.keyset
    owed = _W("lena lene pending collect fasa fase phansa fansa")
    if k & _KITNA and k & (_HUA | lx.CREDIT | lx.TOTAL | lx.KHATA | owed):
        return True
    if k & (lx.WHO | lx.TOTAL) and k & lx.CREDIT:
        return True
    return bool(k & lx.WHO and k & _W("paisa paise money") and k & _W("pas paas lena lene"))


def _undoes(c: Clue) -> bool:
    """ "undo", "pichli entry hatao", "abhi jo likha wo hatao", "that entry was wrong"."""
    k = c.keyset
    if "undo" in k or (k & lx.UNDO and k & lx.ENTRY) or (k & _ENTRY and k & lx.CANCEL):
        return True
    if c.has_amount or c.who.name:
        return False
    takes_back = k & (lx.CANCEL | _W("wapas"))
    return bool(takes_back and k & (_ENTRY | _W("likha likhi likhe")))


def _stock(c: Clue) -> Intent | None:
    k = c.keyset
    products = k & frozenset(lx.PRODUCTS)
    left = k & _STOCK_LEFT or (k & _KITNA and "have" in k)  # "how many eggs do we have"
    if k & lx.STOCK or (left and products and not c.unknown):
        if (_came(c) or k & (_STOCK_UP | lx.NEW)) and c.has_items:
            return Intent.UPDATE_STOCK
        if k & _STOCK_UP:
            return None  # "stock badhao" with no goods: the goods are in the next clause
        return Intent.CHECK_STOCK if not c.has_amount else None
    # Goods came in: a known product or a unit must be spoken, so "10 minute mein aaya"
    # or "bus 5 baje aayi" never changes stock.
    goods = products or k & frozenset(lx.UNITS)
    if c.has_items and goods and _came(c) and c.who.name is None:
        return Intent.UPDATE_STOCK
    if c.has_items and goods and k & _SUPPLIER and (_came(c) or k & lx.GAVE):
        return Intent.UPDATE_STOCK  # "supplier ne 3 bori chawal diye"
    return None


def _focus(c: Clue) -> Intent | None:
    """ "Rahul ki baat karo", "ab Bablu pe aate hain", "let's talk about Rahul"."""
    k = c.keyset
    named = c.who.name or c.who.ref
    if not named or c.unknown:
        return None
    if k & lx.FOCUS and (" ki bat " in c.text or k & _W("focus select talk switch chuno")):
        return Intent.SET_FOCUS
    if k & _W("aate ate dekhte chalo ab") and len(c.keys) - len(c.who.used) <= 5:
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
    if c.keys[0] in _WHICH and not c.who.name:
        return Intent.LIST_REMINDERS  # "what reminders are set", "kaun kaun se reminder hain"
    if k & _W("everyone everybody") and not (c.who.name or c.who.ref):
        return Intent.UNKNOWN  # "remind everyone" with no one found: never the one in focus
    creating = k & _CREATE_VERBS or any(w.startswith("dila") or w in _FORGET for w in k)
    if k & _SHOW and not creating and not c.has_amount:
        return Intent.LIST_REMINDERS
    moves = c.has_when and " kar do" in c.text and not creating
    if moves and k & (_W("ka ki wala wale") | lx.ACTIVE_REFS):
        return Intent.MODIFY_REMINDER  # "Vikas wala reminder budhvar ko kar do"
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
    named = c.who.name or c.who.ref
    account = k & (lx.KHATA | lx.CUSTOMER_NOUNS)
    closes = k & _CLOSE
    if closes and (account or (named and k & _W("hisab hisaab list"))):
        return Intent.DELETE_CUSTOMER  # "khata band karo", "Sunita ko list se hata do"
    adds = k & lx.CUSTOMER_NOUNS and k & _W("add jodo banao bana dalo register ऐड")
    if ((account and k & lx.NEW) or adds) and not c.has_amount:
        return Intent.CREATE_CUSTOMER  # never "add 90 for this customer" (a credit)
    if k & lx.KHATA and k & (lx.MAKE | _W("open kholo")) and " naam " in c.text:
        return Intent.CREATE_CUSTOMER  # "Ajay naam se khata kholo"
    if k & lx.KHATA and k & _W("create") and not c.has_amount:
        return Intent.CREATE_CUSTOMER  # "create an account for Pooja"
    if k & lx.PHONE:
        if c.has_phone or k & (lx.CHANGE | _W("likho save")):
            return Intent.UPDATE_CUSTOMER_PHONE
        if k & lx.NEW and not k & _TOOK:
            return Intent.UPDATE_CUSTOMER_PHONE  # "naya number", never "naya phone liya"
        if named and k & _ASK_WORDS and c.unknown == 0:
            return Intent.GET_CUSTOMER_INFO  # "meena ka number kya hai"
    if _asks_info(c):
        return Intent.GET_CUSTOMER_INFO
    if k & lx.KHATA and k & _W("dikhao dikha show batao") and not c.unknown:
        return Intent.CHECK_BALANCE  # "Manoj ka khata dikhao": the account as it stands
    if k & lx.KHATA and k & _W("kholo khol open") and c.who.name:
        return Intent.SET_FOCUS
    return None


def _asks_info(c: Clue) -> bool:
    """ "Rahul ki jaankari", "details of Rahul", "Amit ke baare mein sab batao"."""
    k = c.keyset
    if not (c.who.name or c.who.ref) or c.unknown:
        return False
    if k & _W("bare baare about") and k & (_ASK_WORDS | _W("sab everything")):
        return True
    at = next((i for i, w in enumerate(c.keys) if w in lx.INFO), None)
    if at is None:
        return False
    # "is information ko James ko bhejo" sends something to James: the word is an object.
    return not (at + 1 < len(c.keys) and c.keys[at + 1] in _W("ko to"))


def _money(c: Clue) -> Intent | None:
    k = c.keyset
    t = c.text
    subject = " ne " in t or k & _HE_DID or _subject_verb(c)
    if not (c.has_amount or c.who.name or c.who.ref) and c.unknown:
        return None  # "rent pay karna hai": no amount, no customer, and a word we don't know
    if k & (_SUPPLIER | _UTILITY | _NOT_LEDGER | _SOLD):
        return None  # "supplier ko 5000 ka payment karna hai": the shop pays, not a khata
    if not (c.who.name or c.who.ref or subject) and any(p in t for p in _SHOP_PAYS):
        return None  # "I have to pay the milkman 3000", "send 500 to my wife on GPay"
    if k & lx.PAYMENT or (subject and k & lx.GAVE and not k & _TOOK) or _gave_money(c):
        return Intent.RECORD_PAYMENT
    if k & frozenset(lx.MODES) and c.has_amount and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT
    if " se " in t and c.has_amount and k & (_TOOK | _W("mile mila mili mil")):
        return Intent.RECORD_PAYMENT
    if c.has_amount and (c.who.name or c.who.ref) and k & _RECEIVED and not c.has_items:
        return Intent.RECORD_PAYMENT  # "received 500 from Amit"; goods received are stock
    if k & _WILL_GIVE and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT  # "Rahul kal 500 de dega": a promise, the gate holds it
    if k & _W("will gonna") and k & _W("give pay send clear settle"):
        return Intent.RECORD_PAYMENT  # "Priya says she'll give 1000 next week": a promise
    if c.has_amount and k & _RECEIVED and not c.has_items and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT  # "received 700"
    if k & lx.CREDIT:
        return Intent.ADD_CREDIT
    named = " ko " in t or c.who.ref or c.who.name
    if c.has_amount and named and k & (lx.GIVE | lx.GAVE):
        return Intent.ADD_CREDIT
    if c.has_amount and k & _WRITE and k & (lx.KHATA | lx.BALANCE | _W("ke ko naam")):
        return Intent.ADD_CREDIT
    if c.has_amount and k & _TOOK and k & (_GOODS | lx.CREDIT):
        return Intent.ADD_CREDIT  # "Priya ne 300 ka saman liya", "Amit took goods worth 300"
    if c.has_amount and (c.who.name or c.who.ref) and _came(c) and not c.has_items:
        return Intent.RECORD_PAYMENT  # "rahul ka 1,500 aa gaya"
    return None


def _subject_verb(c: Clue) -> bool:
    """An English sentence with the customer as subject: "Rahul paid", "Priya gave 200"."""
    if not c.who.used:
        return False
    after = max(c.who.used) + 1
    return after < len(c.keys) and c.keys[after] in lx.SUBJECT_VERBS


def _asks_balance(c: Clue) -> bool:
    k = c.keyset
    if k & _NOT_LEDGER:
        return False  # "mera bank balance": not the khata
    if k & _W("mera mere my") and k & lx.KHATA and not (c.who.name or c.who.ref):
        return False  # "mere account mein kitna paisa hai": the shopkeeper's own account
    if k & _W("balance balances hisab bakaya pending outstanding dues owe owes owed"):
        return c.unknown <= 1
    # "baaki"/"kitna hua" alone are common words: they need a person, "kitna" or "kul".
    asks = c.who.name or c.who.ref or k & (_KITNA | lx.TOTAL | lx.WHO | _W("mera mere"))
    durations = k & _W("minute minutes second seconds ghante hours din")
    return c.unknown == 0 and bool(asks) and not durations


def _balance(c: Clue) -> Intent:
    k = c.keyset
    if k & lx.WHO:
        return Intent.LIST_CUSTOMER_BALANCES
    named = c.who.name or c.who.ref
    if (k & lx.TOTAL or k & _MARKET) and c.who.name is None and c.who.ref != "active":
        return Intent.TOTAL_PENDING_AMOUNT
    if not named and k & _W("balances all sabka sabke everyone"):
        return Intent.LIST_CUSTOMER_BALANCES  # "show all balances"
    return Intent.CHECK_BALANCE
