"""parse(): one utterance to its commands - clauses, intents, entities, shared context.

Clauses split on commas, "aur"/"and" and "phir"/"aur phir"/"uske baad"/"then"; the last
kind sets `after_previous`. A clause with no intent of its own borrows one: it joins the
next clause ("Rahul ko 2 milk | aur 1 bread ka bill bana do" is one invoice) or, when it
names another customer, repeats the neighbouring intent for that customer ("Rahul ko 100
aur Priya ko 50 udhaar likho" is two credits). A later command with no name, or with
"uska", inherits the last name spoken in the utterance as `customer`.

Entity values: `customer` as spoken (Latin words capitalised, Devanagari kept, honorifics
dropped); `customer_ref` "active" (uska/iska/usko/isko/unka) or "previous" (pehle wale);
`amount` in rupees, an int when whole; `items` [{"product", "quantity", "unit"}] with
`unit` None when none is spoken and common synonyms named as the catalogue does (doodh ->
milk); `when` ISO 8601 in +05:30 (CREATE_REMINDER with no time: tomorrow 10:00, see
when.py); `phone` ten digits; `task_ref` "all" (ruko, sab cancel), "last" (pichla wala) or
{"customer": name} ("Priya wala cancel").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.intents import CUSTOMER_INTENTS, WRITES, Command, Decision, Intent
from domain.language import gate
from domain.language import ledger_rules as money
from domain.language import lexicon as lx
from domain.language.classify import Clue, classify
from domain.language.entities import Found, entities_for, find
from domain.language.normalize import SEPARATOR, Token, has_devanagari, key, tokenize
from domain.language.numbers import (
    ENGLISH_TENS,
    FRACTIONS,
    MULTIPLIERS,
    PREFIXES,
    SMALL,
    read_number,
)
from domain.language.phones import is_digit_word
from domain.language.refs import (
    DAY_NAMES,
    GROUPS,
    KNOWN,
    ORDINALS,
    PERSON_CASES,
    Who,
    is_name_like,
    is_title,
    joins_names,
    spoken,
    word_who_went,
)
from domain.language.routines import routine_command
from domain.language.timewords import DAYS, MONTHS, PERIODS, TIME_WORDS, WEEKDAYS

_AND = Token("aur", "aur", "aur")
_THEN_PAIRS = frozenset(
    (key(a), key(b))
    for a, b in (("aur", "phir"), ("and", "then"), ("uske", "baad"), ("iske", "baad"),
                 ("uske", "bad"), ("iske", "bad"), ("aur", "fir"), ("or", "phir"),
                 ("after", "that"))
)  # fmt: skip
_THEN = frozenset(key(w) for w in ("phir", "fir", "then"))
_NAMED_LISTS = frozenset({Intent.LIST_REMINDERS})
_YES = lx.words(
    "haan han haa ha hanji haanji yes yeah yep ok okay theek thik sure bilkul chalega ahead "
    "हाँ हां हा ठीक"
)
_NO = lx.words("nahi nahin nai nhi no nope na rehne rahne galat wrong leave नहीं नही ना रहने गलत")
_DO_IT = ([key("kar"), key("do")], [key("kardo")], [key("karo")], [key("kar"), key("dijiye")])
# Words that may stand beside a bare yes or no: "haan ji", "theek hai", "rehne do".
_ANSWER_FILLERS = lx.words(
    "ji jee hai kar karo kardo do dijiye please sir bhai na that ka is it go है जी दो "
    "likh likho likhdo लिख लिखो "  # "haan theek hai likh do": yes, write what was read back
    "abhi jaldi yaar bhaiya achha accha acha अभी dhanyavaad dhanyawad shukriya thanks thank hmm"
)
_NAME_MARKERS = lx.words("ko ka ki ke ne")
_WALA = lx.words("wala wale vala vale waala wali one")
_REMINDERS = frozenset({Intent.CREATE_REMINDER, Intent.MODIFY_REMINDER, Intent.CANCEL_REMINDER})
_TIMED = frozenset({Intent.CREATE_REMINDER, Intent.MODIFY_REMINDER})
_NEEDS_AMOUNT = frozenset({Intent.ADD_CREDIT, Intent.RECORD_PAYMENT})
# Words a bare amount may carry: "500", "500 rupaye", "₹500 cash mein".
_AMOUNT_ONLY = (
    lx.words("rs rupaye rupees rupee rupay rupya mein me main in by se please plz yaar ji bhai")
    | frozenset(SMALL)
    | frozenset(MULTIPLIERS)
    | frozenset(ENGLISH_TENS)
)
_REPEATS = frozenset({Intent.ADD_CREDIT, Intent.RECORD_PAYMENT, Intent.CREATE_INVOICE})
# With a payment word or a mode, a clause is never about stock ("payment 200 cash mein aaya").
_MONEY_WORDS = lx.PAYMENT | frozenset(lx.MODES)
_HALF = key("half")
_FROM = key("from")
_HOLDS_A_CORRECTION = frozenset({"question", "condition", "promise", "unsure", "negation"})
_PERSON_MARKERS = lx.words("ko ka ki ke ne se wala wali wale vala vali")
_RECIPIENT = lx.words("ko ne")  # a person before them, whatever the word
_HONOURS = lx.HONORIFICS - lx.words("mr mrs ms dr shri smt shrimati श्री श्रीमती मिस्टर मिसेज")
# Words before "ko/ne" that still name no one new: "usko", "sabko", "mujhe", "aap ne".
_NOBODY = lx.ACTIVE_REFS | lx.PREVIOUS_REFS | frozenset(GROUPS) | lx.FILLER | gate.VOCABULARY
# Before an honorific after a name ("मार्क बिटिया … दे गई"), a word is a person too, unless
# it is a word no one is called ("aur kuch bhai").
_NOT_CALLED = _NOBODY | lx.SPOKEN_FORMS | lx.HONORIFICS
_NOT_CALLED_CAPITALISED = _NOT_CALLED - (gate.VOCABULARY - lx.SPOKEN_FORMS - lx.FILLER)
# Before "ko/ne" only pronouns and references name no one new ("Shakti ko": "sakti" is "can").
_PRONOUNS = (
    lx.ACTIVE_REFS | lx.PREVIOUS_REFS | frozenset(GROUPS) | _ANSWER_FILLERS | _YES | _NO
    | lx.words("mujh mujhe muje is us in un aap ap tum tu hum mere mera meri apne apna kis kisi "
               "har koi yeh ye woh wo vo kal aaj i you we they it this that")
)  # fmt: skip
# Words before "ko/ka" that name no one: goods, units, times, references, ledger words.
_NOT_A_PERSON = (
    frozenset(lx.PRODUCTS) | frozenset(lx.UNITS) | TIME_WORDS | lx.ACTIVE_REFS
    | lx.PREVIOUS_REFS | frozenset(GROUPS) | lx.TODAY | lx.CREDIT | lx.PAYMENT | lx.BILL
    | lx.REMINDER | lx.BALANCE | lx.KHATA | lx.STOCK | lx.ENTRY | lx.CUSTOMER | lx.FILLER
    | frozenset(MULTIPLIERS) | frozenset(ENGLISH_TENS) | lx.SALE | lx.TOTAL | gate.VOCABULARY
    | frozenset(lx.MODES)
)  # fmt: skip
_HALVES = lx.words("aadha adha aadhi adhi aadhe adhe half आधा आधी आधे")
# Any word a write cannot explain makes it ask ("Sanjay 200 ka note tudwa ke le gaya").
_UNSURE_BELOW = 1.0
# Reminder words that are ours alone; "alert" is also an alarm's.
_STRONG = lx.REMINDER - lx.words("alert")
_ADD = lx.words("add jodo jod likho likh daalo dalo chadhao chadha")


@dataclass(frozen=True)
class _Clause:
    tokens: tuple[Token, ...]
    after: bool
    found: Found
    intent: Intent | None
    question: bool = False
    corrects: bool = False
    verdict: gate.Verdict = gate.ACT
    unknown: int = 0
    # Opened by "aur"/"and": another entry may follow ("… aur 100 add karo").
    joined: bool = False


def parse(text: str, now: datetime) -> list[Command]:
    """The commands spoken in `text`; never raises (anything odd becomes UNKNOWN)."""
    try:
        return understand(text, now)
    except Exception:  # a safety net for the live session; the property tests call understand
        return [Command(Intent.UNKNOWN)]


def understand(text: str, now: datetime) -> list[Command]:
    if routine := routine_command(text):  # its steps stay together, unsplit (routines.py)
        return [routine]
    tokens = _repair(_with_initials(tokenize(text)))
    if answer := _answer(tokens):
        return [answer]
    parts = _drop_trailing_stops([p for part in _split(tokens) for p in _entry_then_reminder(part)])
    clauses = _corrected(
        [
            replace(_analyse(t, after, now, question), joined=joined)
            for t, after, question, joined in parts
        ],
        now,
    )
    merged = _held_throughout(
        _after_unplaced(_second_amount(_restated(_merge([c for c in clauses if c.tokens], now))))
    )
    merged = _asked_throughout(_numbers_to_call(merged, [t.key for t in tokens]))
    commands = [cmd for c in merged if c.intent is not None for cmd in _commands(c, now)]
    known = [c for c in commands if c.intent is not Intent.UNKNOWN]
    if not known:
        return [Command(Intent.UNKNOWN)]
    commands = _doubt_repeats(_once(_held_said_again(_carry_names(_said_twice(_numbered(known))))))
    commands = _answering(_mode_for_all(_one_of_two(commands, tokens), tokens), tokens)
    commands = _held_around(_name_left_over(_superseded(_taken_out(commands)), tokens), tokens)
    commands = _title_alone(_name_after_the_list(commands, tokens), tokens)
    commands = _named_aside(_doubt_spreads(_number_left_over(commands, clauses)), clauses)
    commands = _one_bill(_about_others(_other_sum_refused(commands), [t.key for t in tokens]))
    keys = [t.key for t in tokens]
    commands = _several_sums(_let_go(_borrowed_whole(_number_unread(commands), keys)))
    commands = _framed(_change_given(_written_as_said(commands), keys), keys)
    commands = _nobody_beside_a_pronoun(_named_in_a_report(_bill_paid(commands)), tokens)
    commands = _day_or_person(_seller_named(_one_of_two_named(commands, tokens), tokens), tokens)
    return _goods_left_off(commands, tokens)


def _phrases(*said: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(key(w) for w in p.split()) for p in said)


# "mujhe laga ki Rahul ne 300 diye", "I thought Joseph took 5k": what the speaker believes,
# not what they dictate; every write of the utterance asks.
_BELIEF_OPENERS = _phrases(
    "mujhe laga", "muje laga", "mujhe lagta", "maine socha", "i thought", "i think", "i guess",
    "i believe", "i feel", "lagta hai", "मुझे लगा", "मुझे लगता", "मैंने सोचा", "लगता है",
)  # fmt: skip
# "Mohan bol raha tha ki …", "Mohan told me …": what someone said opens the utterance.
_REPORT_OPENERS = _phrases(
    "bol raha tha", "bol rahi thi", "keh raha tha", "keh rahi thi", "kah raha tha",
    "bata raha tha", "bata rahi thi", "told me", "he said", "she said", "they said",
    "कह रहा था", "कह रही थी", "बोल रहा था", "बोल रही थी", "बता रहा था", "बता रही थी",
)  # fmt: skip
# "…, aisa usne kaha", "… so he said": all of it was what someone said.
_REPORT_CLOSERS = _phrases(
    "usne kaha", "usne bola", "aisa kaha", "aisa bola", "bola tha usne", "kaha tha usne",
    "so he said", "so she said", "he said so", "she said so", "उसने कहा", "उसने बोला",
    "ऐसा कहा", "ऐसा बोला",
)  # fmt: skip
_OPENING_WORDS = 3  # a frame opens the utterance when it starts within its first words


def _framed(commands: list[Command], keys: Sequence[str]) -> list[Command]:
    """A belief opening the utterance makes each write ask; a report opening or closing it
    holds each write - unless after a comma "aur …" starts the speaker's own order again
    ("राकेश बोल रहा था उसने … कर दिए, और मुकेश को 150 उधार"); a report in the middle is its
    own clause's (the gate)."""
    first = list(itertools.takewhile(lambda k: k != SEPARATOR, keys))
    said = [k for k in keys if k != SEPARATOR]
    verdict: tuple[Decision, str] | None = None
    if _opens_with(first, _BELIEF_OPENERS):
        verdict = (Decision.ASK, "unsure")
    reported = _opens_with(first, _REPORT_OPENERS) or any(
        tuple(said[-len(p) :]) == p for p in _REPORT_CLOSERS
    )
    if reported and not _own_order_again(keys):
        verdict = (Decision.SKIP, "report")
    if verdict is None:
        return commands
    decision, reason = verdict
    return _hold(commands, lambda c: True, reason, decision)


def _hold(
    commands: list[Command],
    which: Callable[[Command], bool],
    reason: str,
    decision: Decision = Decision.ASK,
) -> list[Command]:
    """The writes about to be carried out that `which` picks, held: asked, or skipped."""
    return [
        replace(c, decision=decision, reason=reason)
        if c.writes and c.decision is Decision.ACT and which(c)
        else c
        for c in commands
    ]


def _names_taken(commands: list[Command]) -> set[str]:
    """The word keys of every customer the commands name."""
    return {key(w) for c in commands for w in str(c.entities.get("customer", "")).split()}


_NOTE = lx.words("note नोट")  # a currency note: "1000 ka note", "500 का नोट"
_CHANGE_BACK = lx.words(
    "lauta lautaye lautaya lautai wapas vapas chutta chhutta change लौटा लौटाए वापस छुट्टा"
)
_HANDED_BACK = lx.words("back wapas vapas lauta lautaye लौटा लौटाए वापस")


def _change_given(commands: list[Command], keys: Sequence[str]) -> list[Command]:
    """ "Rukhsana ne 1000 ka note diya, 700 ka saman liya, 300 lauta diye": paid with a note
    and given change - a sale in cash, not the khata; whatever reads as an entry asks."""
    noted = any(
        keys[i] in _NOTE and keys[i - 1] in _OF_WORTH and keys[i - 2][:1].isdigit()
        for i in range(2, len(keys))
    )
    # "give him 70 back, it was 430 and he gave 500": three sums and change is arithmetic.
    counted = sum(k[:1].isdigit() for k in keys) >= 3 and not _HANDED_BACK.isdisjoint(keys)
    if not (counted or (noted and not _CHANGE_BACK.isdisjoint(keys))):
        return commands
    return _hold(commands, lambda c: True, "unclear")


_PAID = lx.words("paid pays jama जमा") | frozenset(lx.MODES)


def _bill_paid(commands: list[Command]) -> list[Command]:
    """ "bill fernandes paid 1200 on gpay": a bill is not paid by UPI; someone called Bill
    paid, or a bill was settled - either way not a bill to make: ask."""
    return _hold(
        commands,
        lambda c: c.intent is Intent.CREATE_INVOICE and not _PAID.isdisjoint(map(key, c.used)),
        "unclear",
    )


def _goods_left_off(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "mrs khanna took 1 kg sugar and 2 packets of tea make her bill": goods said that no
    bill (nor stock) holds - what is on the bill is not sure: ask."""
    said = {  # goods with a quantity or unit before them: "1 kg sugar", not "daal do"
        lx.PRODUCTS[t.key]
        for i, t in enumerate(tokens)
        if t.key in lx.PRODUCTS
        and i
        and (tokens[i - 1].key[:1].isdigit() or tokens[i - 1].key in lx.UNITS)
    }
    placed = {str(c.entities.get("product")) for c in commands}
    for c in commands:
        items = c.entities.get("items")
        placed |= {str(item.get("product")) for item in items} if isinstance(items, list) else set()
    if not said - placed:
        return commands
    return _hold(commands, lambda c: c.intent is Intent.CREATE_INVOICE, "unclear")


_DEVANAGARI_DAYS = frozenset({"बुध", "सोमवार", "रविवार"})


def _day_or_person(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "monday ko 500 udhaar likh do", "बुध को 150 उधार लिखो", "april ko reminder bhej do":
    a day or a month said as the only name - on that day, or someone called so? Ask."""
    days = {
        t.key
        for i, t in enumerate(tokens[:-1])
        if t.key in DAY_NAMES
        and tokens[i + 1].key in lx.CASE_MARKERS
        and not t.surface[:1].isupper()  # "May ko 200 udhaar likho": May, written as a name
        and (not has_devanagari(t.surface) or t.surface in _DEVANAGARI_DAYS)  # not "मंगल"
    }

    def named(c: Command) -> bool:
        name = str(c.entities.get("customer", ""))
        return bool(name) and (key(name) not in days or name in written_as_names)

    written_as_names = {t.surface for t in tokens if t.key in days and t.surface[:1].isupper()}
    someone = any(c.entities.get("customer_ref") or named(c) for c in commands)
    if not days or someone:
        return commands
    return _hold(commands, lambda c: c.intent in CUSTOMER_INTENTS, "customer")


def _seller_named(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "Shakeel chicken wale ne 900 diye", "हरिनारायण रामपुर वाले को": is the second word his
    name, or what he sells or where he lives? A first name, then a lower-case (or Devanagari)
    word before "wale", is asked; a family name in it says it is a name or a shop ("Gupta
    kirana wale", "राहुल शर्मा वाला")."""

    def unsure(name: str) -> bool:
        words = name.split()
        if len(words) != 2 or not lx.SURNAMES.isdisjoint(map(key, words)):
            return False
        return any(
            tokens[i].key == key(words[0])
            and tokens[i + 1].key == key(words[1])
            and (tokens[i + 1].surface.islower() or has_devanagari(tokens[i + 1].surface))
            and tokens[i + 2].key in lx.WALA
            for i in range(len(tokens) - 2)
        )

    return _hold(commands, lambda c: unsure(str(c.entities.get("customer", ""))), "customer")


def _one_of_two_named(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "Suraj Shah aur Suraj More dono aaye the, Suraj ka 400 likho": a first name said
    alone after two people of that first name were named: which one is asked."""

    def surnames(first: str) -> set[str]:
        return {
            tokens[i + 1].key
            for i in range(len(tokens) - 1)
            if tokens[i].key == first
            and tokens[i + 1].key.isalpha()
            and (_may_be_name(tokens[i + 1].surface) or is_name_like(tokens[i + 1]))
            and tokens[i + 1].key not in lx.HONORIFICS | lx.CASE_MARKERS
        }

    def alone(c: Command) -> bool:
        name = str(c.entities.get("customer", ""))
        return len(name.split()) == 1 and len(surnames(key(name))) > 1

    return _hold(commands, alone, "customer")


def _nobody_beside_a_pronoun(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "बसवन्ना नया ग्राहक … सात सौ उधार उसके नाम फिर कल का रिमाइंडर भी लगा दो": a write naming
    nobody beside one that says "his", with a name said that no command took, is that
    person's, not the one in focus ("100 add karo aur uska reminder" stays in focus); ask."""
    if not any(c.entities.get("customer_ref") == "active" for c in commands):
        return commands
    taken = _names_taken(commands)
    said = [t for i, t in enumerate(tokens) if i or has_devanagari(t.surface)]
    if not any(_may_be_name(t.surface) and is_name_like(t) and t.key not in taken for t in said):
        return commands
    return _hold(
        commands, lambda c: _for_nobody(c) and not c.entities.get("customer_ref"), "customer"
    )


def _named_in_a_report(commands: list[Command]) -> list[Command]:
    """ "Hemant bol raha hai … usne liya hi nahi, last entry hata do": a write whose customer
    was named only in a report, not in its own words, asks whose it is."""
    reported = {c.entities.get("customer") for c in commands if c.reason == "report"}

    def carried(c: Command) -> bool:
        name = c.entities.get("customer")
        return name in reported - {None} and not set(map(key, str(name).split())) <= set(
            map(key, c.used)
        )

    return _hold(commands, carried, "customer")


def _opens_with(said: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(
        tuple(said[i : i + len(p)]) == p
        for i, word in enumerate(said[:_OPENING_WORDS])
        for p in phrases
        if p[0] == word
    )


def _own_order_again(keys: Sequence[str]) -> bool:
    """ ", aur …", ", phir …": after a comma the speaker goes on with an order of their own."""
    return any(
        k == SEPARATOR and i + 1 < len(keys) and keys[i + 1] in (lx.JOINERS | _THEN)
        for i, k in enumerate(keys)
    )


_WRITE_IT = lx.words("likho likh do lo dijiye write it that karo kar please yaar लिखो लिख दो लो")


def _written_as_said(commands: list[Command]) -> list[Command]:
    """ "Malviya ji ne 2,000 diye the, nahi 1,500 the, 1,500 likho": "write 1,500" is the
    entry just corrected, written as said - not a credit of its own."""
    out: list[Command] = []
    for c in commands:
        prev = out[-1] if out else None
        words = {key(w) for w in c.used}
        amount = c.entities.get("amount")
        restated = (
            prev is not None
            and prev.writes
            and c.intent is Intent.ADD_CREDIT
            and amount is not None
            and prev.entities.get("amount") == amount
            and prev.entities.get("customer") == c.entities.get("customer")
            and all(w in _WRITE_IT or w[:1].isdigit() for w in words)
        )
        if not restated:
            out.append(c)
    return out


def _number_unread(commands: list[Command]) -> list[Command]:
    """ "remind Chand about his 700 day after tomorrow": a sum said to a reminder that no
    entity took is asked, never dropped."""
    return [
        replace(c, decision=Decision.ASK, reason="amount")
        if c.intent is Intent.CREATE_REMINDER
        and c.decision is Decision.ACT
        and "amount" not in c.entities
        and any(w.isdigit() and int(w) > 60 for w in c.used)  # not a date, hour or minutes
        else c
        for c in commands
    ]


def _borrowed_whole(commands: list[Command], keys: list[str]) -> list[Command]:
    """ "Rinku ko Tanu ne bheja tha, Tanu ke khate mein 120 likh do": a name from a story
    clause took the whole entry of another customer's clause - whose it is, is asked."""
    out = list(commands)
    for i, c in enumerate(commands):
        name = c.entities.get("customer")
        if not (c.writes and c.decision is Decision.ACT and isinstance(name, str)):
            continue
        if c.group is not None or set(name.split()) <= set(c.used):
            continue
        if any(_took_from(c, o, keys) for o in commands):
            out[i] = replace(c, decision=Decision.ASK, reason="customer")
    return out


def _took_from(c: Command, other: Command, keys: list[str]) -> bool:
    """`c` is built from the words of `other`'s entry, not listed with it ("Rahul ko aur
    Priya ko 100 likho" lists both)."""
    if other is c or other.intent is not c.intent or not set(c.used) <= set(other.used):
        return False
    name = other.entities.get("customer")
    first = key(name.split()[0]) if isinstance(name, str) else ""
    return not any(a in lx.JOINERS and b == first for a, b in itertools.pairwise(keys))


_ENTRY_WORDS = lx.GIVE | lx.GAVE | lx.PAYMENT | lx.CREDIT


def _verbless(c: Command) -> bool:
    return _ENTRY_WORDS.isdisjoint(key(w) for w in c.used)


_LET_GO = lx.words("let discount chhoot chhut chhoda छोड़ा छूट डिस्काउंट")


def _let_go(commands: list[Command]) -> list[Command]:
    """ "Saldanha paid 1,400 against a 1,500 balance, I let the 100 go": a sum let go is no
    payment; when one is read from it, the entries ask."""
    if not any(c.writes and not _LET_GO.isdisjoint(key(w) for w in c.used) for c in commands):
        return commands
    return [_asks_amounts(c) if c.intent in _NEEDS_AMOUNT else c for c in commands]


def _several_sums(commands: list[Command]) -> list[Command]:
    """ "Pegu ke khate mein 200 aur 150 aur 90 daal do": one entry or three, or their total?
    Sums of one kind said for one customer (or for nobody named, beside a named one) ask."""
    same: dict[tuple[Intent, object], int] = {}
    kinds: dict[Intent, int] = {}
    for c in commands:
        kinds[c.intent] = kinds.get(c.intent, 0) + 1
        # "Sunny Deol ne 1000 g pay kiye aur 500 cash diye": two modes, two payments; "Rahul
        # ko 100 likho aur 200 add karo": a verb each, two entries.
        if c.intent in _NEEDS_AMOUNT and c.decision is Decision.ACT and "mode" not in c.entities:
            key_ = (c.intent, c.entities.get("customer"))
            same[key_] = same.get(key_, 0) + (2 if _verbless(c) else 1)
    return [
        replace(c, decision=Decision.ASK, reason="amounts")
        if c.decision is Decision.ACT
        and c.intent in _NEEDS_AMOUNT
        and not c.after_previous
        and (
            same.get((c.intent, c.entities.get("customer")), 0) > 2
            or (_to_whoever(c) and kinds[c.intent] > 1)
        )
        else c
        for c in commands
    ]


def _one_bill(commands: list[Command]) -> list[Command]:
    """ "make a bill for 2 kg rice and 1 litre oil for Mr. Chandrashekar": the goods before
    the name are on the same bill, never a bill of their own for nobody."""
    out: list[Command] = []
    for c in commands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.intent is c.intent is Intent.CREATE_INVOICE
            and "items" in prev.entities
            and "items" in c.entities
            and not ({"customer", "customer_ref"} & prev.entities.keys())
            and "customer" in c.entities
            and (prev.decision is Decision.ACT or prev.reason == "customer")
        ):
            items = [*prev.entities["items"], *c.entities["items"]]
            out[-1] = replace(c, entities={**c.entities, "items": items})
            continue
        out.append(c)
    return out


_CAME = lx.words("aaya aayi aaye aya ayi aye came आया आई आए")
_BOTH = lx.words("dono both दोनों")
_SENT = lx.words("sent bheja bheji bheje भेजा भेजी भेजे")
_CHILD = lx.words(
    "son daughter beta beti bete ladka ladki bachcha boy girl kid बेटा बेटी बेटे लड़का लड़की"
)
_THAT = lx.words("vo wo woh wahi vahi वो वही")
_WHO = lx.words("jo जो")


def _by_pointing(c: Command) -> bool:
    """The customer is told by a pronoun ("uske 200", "उसने") or beside another ("… ke saath")."""
    keys = {key(w) for w in c.used}
    return not (keys.isdisjoint(lx.ACTIVE_REFS) and keys.isdisjoint(_WITH))


_WITH = lx.words("saath sath with साथ")
_ALREADY = key("already")
_BEFORE = lx.words("pehle pahle पहले")
_SINCE = lx.words("se से")


def _about_others(commands: list[Command], keys: list[str]) -> list[Command]:
    """ "बद्री सरजू के साथ आया था, उसने पांच सौ दिए": two people came, whose money it is is
    asked; "open an account for Rosario, no, wait, she already has one": asked too."""
    came = not _CAME.isdisjoint(keys)
    # "अमर और अकबर दोनों आए थे", "वो जो कल बाइक पे आया था": two people, or someone described.
    came_with = came and not (_WITH.isdisjoint(keys) and _BOTH.isdisjoint(keys))
    came_with = came_with or any(a in _THAT and b in _WHO for a, b in itertools.pairwise(keys))
    # "Shobha sent her son, 120 on Shobha's account": a child sent, not money.
    sent = any(k in _SENT and _CHILD & set(keys[i + 1 : i + 3]) for i, k in enumerate(keys))
    already = _ALREADY in keys or any(
        a in _BEFORE and b in _SINCE for a, b in itertools.pairwise(keys)
    )  # "already", "pehle se" - not "pehle … phir …" (first … then …)
    # "distributor se 10 katte aata aaye, 8,400 diye usko": "him" is the seller.
    seller = not money.SUPPLIER.isdisjoint(keys)
    return [
        replace(c, decision=Decision.ASK, reason="customer")
        if c.decision is Decision.ACT
        and (
            (came_with and c.intent in CUSTOMER_INTENTS and c.writes and _by_pointing(c))
            or (already and c.intent is Intent.CREATE_CUSTOMER)
            or (seller and _to_whoever(c))
            or (sent and c.intent is Intent.RECORD_PAYMENT)
        )
        else c
        for c in commands
    ]


def _other_sum_refused(commands: list[Command]) -> list[Command]:
    """ "Wadia ko 600 udhaar, …, aur Wadia ka 600 nahi 650": the same entry said again with
    another sum and a "nahi" - which sum is meant is asked, the first is not written."""
    out = list(commands)
    for later in commands:
        if not (later.writes and later.decision is Decision.SKIP and later.reason == "negation"):
            continue
        name, amount = later.entities.get("customer"), later.entities.get("amount")
        for i, c in enumerate(out):
            if c is later:
                break
            same = c.intent is later.intent and c.entities.get("customer") == name
            if same and name and c.decision is Decision.ACT and c.entities.get("amount") != amount:
                out[i] = replace(c, decision=Decision.ASK, reason="correction")
    return out


def _named_aside(commands: list[Command], clauses: list[_Clause]) -> list[Command]:
    """ "Phone pe Grewal ka message aaya hai, …, unhone 2.5k bheje": a name heard only in a
    clause that made no command, and a pronoun for the customer - whose it is is asked, never
    the customer in focus."""
    asked = _asked_which(commands, clauses)
    if any("customer" in c.entities for c in commands):
        return asked
    if not any(_someone_named(c) and c.intent in (None, Intent.UNKNOWN) for c in clauses):
        return asked
    return [
        replace(c, decision=Decision.ASK, reason="customer") if _to_whoever(c) else c
        for c in commands
    ]


def _someone_named(c: _Clause) -> bool:
    """A name found, or a capitalised word first that no vocabulary knows ("Dolly came …")."""
    first = c.tokens[0] if c.tokens else None
    capital = first is not None and first.surface[:1].isupper() and is_name_like(first)
    described = not _WHERE_THEY_LIVE.isdisjoint(_keys(c))  # "the flat upstairs, 250 on credit"
    return bool(c.found.who.name) or capital or described


_WHERE_THEY_LIVE = lx.words("flat upstairs downstairs block floor gali mohalla फ्लैट गली मोहल्ला")
_WHICH = lx.words("kaunsa kaunsi kaun konsa konsi kon which कौन कौनसा कौनसी")


def _asked_which(commands: list[Command], clauses: list[_Clause]) -> list[Command]:
    """ "कौन सी किरण? …, बस किरण का 400 लिखना है": which Kiran was asked and not answered."""
    asked = {k for c in clauses if c.question and _WHICH & set(_keys(c)) for k in _keys(c)}

    def which(c: Command) -> bool:
        first = key(str(c.entities.get("customer", " ")).split()[0])
        # "गीता को 200 लिखो पर कौन सी गीता पहले पता करो": asked in the same breath.
        return first in asked or not _WHICH.isdisjoint(map(key, c.used))

    return _hold(commands, lambda c: bool(c.entities.get("customer")) and which(c), "customer")


def _to_whoever(c: Command) -> bool:
    """A write carried out for the customer in focus, by a pronoun or by naming no one."""
    ref = c.entities.get("customer_ref", "active")
    return (
        c.intent in CUSTOMER_INTENTS
        and c.writes
        and c.decision is Decision.ACT
        and ("customer" not in c.entities and ref == "active")
    )


def _doubt_spreads(commands: list[Command]) -> list[Command]:
    """ "Neha paid 300 on gpay and maybe 200 cash": unsure of part of one customer's money,
    the speaker is unsure of the rest of it too."""
    unsure = {
        (c.intent, c.entities.get("customer"))
        for c in commands
        if c.writes and c.decision is Decision.ASK and c.reason == "unsure"
    }
    if not unsure:
        return commands
    return [
        replace(c, decision=Decision.ASK, reason="unsure")
        if c.decision is Decision.ACT
        and c.entities.get("customer") is not None
        and (c.intent, c.entities.get("customer")) in unsure
        else c
        for c in commands
    ]


def _number_left_over(commands: list[Command], clauses: list[_Clause]) -> list[Command]:
    """ "Raju ne 500 diye, 120 wapas diye, jama kar lo": money said in a clause with no verb
    of its own that no command took - change handed back, a discount, old dues. Which sum is
    the entry is not sure: the writes with money ask."""
    loose = [c for c in clauses if c.intent is None and _money_of_this_entry(c)]
    if not loose:
        return commands
    said = {c.found.amount for c in loose}
    taken = {cmd.entities.get("amount") for cmd in commands}
    counted = {i.get("quantity") for cmd in commands for i in cmd.entities.get("items", ())}
    if {c.found.amount for c in loose if not _goods_as_number(c)} - counted - {None}:
        # "सलाथिया का बिल बनाओ, पांच पैकेट बिस्कुट, नहीं, पांच नहीं छह": how many is not sure.
        commands = [_asks_amounts(c) if "items" in c.entities else c for c in commands]
    if None not in said and (said <= taken or _adds_up(said, taken)):
        return commands
    # "Bhola ko 6 baje ka reminder bhejo, 600 ya 650": a sum undecided holds the reminder too.
    held = _NEEDS_AMOUNT if None not in said else _NEEDS_AMOUNT | {Intent.CREATE_REMINDER}
    return [
        replace(c, decision=Decision.ASK, reason="amounts")
        if c.intent in held
        and c.decision is Decision.ACT
        and ("amount" in c.entities or c.intent is Intent.CREATE_REMINDER)
        else c
        for c in commands
    ]


def _goods_as_number(c: _Clause) -> bool:
    """ "2 packet chai": the tea reads as six (chhah) too - that number is the goods."""
    return any(k in lx.PRODUCTS and SMALL.get(k) == c.found.amount for k in _keys(c))


def _asks_amounts(c: Command) -> Command:
    if c.writes and c.decision is Decision.ACT:
        return replace(c, decision=Decision.ASK, reason="amounts")
    return c


def _money_of_this_entry(c: _Clause) -> bool:
    """Money in a clause with no verb of its own that bears on the entry beside it: a sum,
    an undecided sum, change handed back or a discount ("120 wapas diye", "I let 50 go"),
    never the shop's other money or what is still owed."""
    f = c.found
    if f.amount is None and f.amount_doubt is None:
        return False
    if f.who.name or f.who.ref or _left_owing(c):  # "…, Ansh ko 30 ya 40": Ansh's own
        return False
    keys = _keys(c)
    titled = list(itertools.takewhile(lambda k: k in lx.HONORIFICS, keys))
    if titled and keys[len(titled) : len(titled) + 1] == [_KO]:
        return False  # "चाचा जी को 10,000 लौटाए": given to someone called only by title
    return not _shops_own(c) or not _BACK.isdisjoint(keys)


_KO = key("ko")
_BACK = lx.words(
    "wapas vapas back returned return lauta lautaya lautaye lautaa chhod chod chhoda let "
    "discount chhoot chhut वापस लौटा लौटाए छोड़ छोड़े"
)


def _adds_up(said: set[float | None], taken: set[Any]) -> bool:
    """ "Bill came to 530, I let 30 go, write 500": the entry is what the numbers make."""
    numbers = [n for n in said | taken if isinstance(n, int | float)]
    return any(a - b in taken or a + b in taken for a in numbers for b in numbers if a != b)


def _taken_out(commands: list[Command]) -> list[Command]:
    """ "Hemant, Ashok aur Mukesh ko 200 likho, Mukesh wala mat likhna", "रीना और सीमा को 100
    लिखो, सीमा का रहने दो": one customer's entry taken back later in the same breath is not
    written, and the taking back is no command of its own."""
    out = list(commands)
    for later in commands:
        name = _taken_back_name(later)
        said = next(
            (
                c
                for c in out[: out.index(later)]
                if c.writes
                and c.decision is Decision.ACT
                and c.entities.get("customer") == name
                and later.intent in (c.intent, Intent.CANCEL_TASK)
            ),
            None,
        )
        if name is None or said is None:
            continue
        out.remove(later)
        if len(out) == 1:  # all that was said, taken back: heard, not written
            return [replace(said, decision=Decision.SKIP, reason="negation")]
        out.remove(said)
    return out


def _superseded(commands: list[Command]) -> list[Command]:
    """ "Naresh ka 200 ka bill, nahi bill nahi, 200 udhaar likho", "Seema paid 300, no, that
    was credit, add 300 to Seema": an entry dropped for the one said in its place is that one."""
    return [
        c
        for i, c in enumerate(commands)
        if not (
            c.writes
            and c.decision is Decision.SKIP
            and c.reason in _GIVEN_WAY
            and any(_in_place_of(c, later) for later in commands[i + 1 :])
        )
    ]


_GIVEN_WAY = frozenset({"negation", "no_amount", "report"})


def _in_place_of(dropped: Command, later: Command) -> bool:
    name = dropped.entities.get("customer")
    amount = dropped.entities.get("amount")
    return (
        later.writes
        and later.decision is Decision.ACT
        and name is not None
        and later.entities.get("customer") == name
        and amount in (None, later.entities.get("amount"))
    )


def _taken_back_name(c: Command) -> str | None:
    """The customer a command takes back: "Mukesh wala mat likhna", "सीमा का रहने दो"."""
    if c.intent is Intent.CANCEL_TASK:
        ref = c.entities.get("task_ref") or {}
        return str(ref["customer"]) if list(ref) == ["customer"] else None
    plain = c.writes and c.decision is Decision.SKIP and c.reason == "negation"
    if plain and "amount" not in c.entities and "customer" in c.entities:
        return str(c.entities["customer"])
    return None


def _name_left_over(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "the same Raju, the tailor one, add 150": a name said that no command took, and a
    write that names no one - it is that person's, not the customer in focus."""
    unnamed = [c for c in commands if c.writes and c.decision is Decision.ACT and _no_one_named(c)]
    taken = _names_taken(commands)
    if _word_before_ne(tokens, taken):
        # "badal ne 300 diye, … usko 200 …": the payer not understood, nor "him" after.
        return _hold(commands, _for_nobody, "customer")
    if not unnamed:
        return commands
    left = any(
        _may_be_name(t.surface) and t.key[:1].isalpha() and is_name_like(t) and t.key not in taken
        for t in tokens[1:]  # the first word is capitalised whatever it is
    )
    others = [t for t in tokens if t.key not in taken]
    unplaced = left or _word_called(tokens) or _someone_unplaced(others)
    # "all three" after names it could not place: only a name-like word says so, not a weekday.
    held = [
        c for c in unnamed if c.intent in CUSTOMER_INTENTS and (unplaced if _no_ref(c) else left)
    ]
    return [
        replace(c, decision=Decision.ASK, reason="customer") if c in held else c for c in commands
    ]


def _name_after_the_list(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "add 80 each to Pinky Dolly and Sunny": a capitalised word after the last "and" that
    no command took is one more person of the list, the vocabulary's word or not: ask."""
    if len(tokens) < 3 or tokens[-2].key not in lx.JOINERS:
        return commands
    last = tokens[-1]
    taken = _names_taken(commands)
    if not (last.surface[:1].isupper() and last.key.isalpha()) or last.key in taken:
        return commands
    return _hold(commands, lambda c: bool(c.entities.get("customer")), "customer")


_NE = lx.words("ne ने")
_OPENS_A_CLAUSE = frozenset({SEPARATOR, *lx.JOINERS})
_NOT_A_PAYER = (
    lx.ACTIVE_REFS | lx.PREVIOUS_REFS | lx.FILLER | frozenset(GROUPS) | lx.words("kisi किसी")
)


def _word_before_ne(tokens: Sequence[Token], taken: set[str]) -> bool:
    """ "badal ne 300 diye" as speech-to-text writes it, in lower case: whoever comes first
    before "ne" paid, even when their name is also a word ("badal", change); "change sam's
    number": whose number, account or balance it is ("sam" reads as "shaam", evening)."""
    for i in range(1, len(tokens)):
        before = tokens[i - 1]
        if tokens[i].key in _NE and before.key.isalpha():
            opens = i == 1 or tokens[i - 2].key in _OPENS_A_CLAUSE
            if opens and before.key not in _NOT_A_PAYER and before.key not in taken:
                return True
        if tokens[i].surface == "'s" and before.key not in taken:
            owned = i + 1 < len(tokens) and tokens[i + 1].key in _OWNED
            if owned and before.surface.isalpha() and before.surface.lower() not in _NOT_SOMEONES:
                return True
    return False


_OWNED = lx.PHONE | lx.KHATA | lx.BALANCE | lx.REMINDER
# Said as written (the keys of "sam" and "shaam", evening, are one): not a person's.
_NOT_SOMEONES = frozenset(
    {"today", "yesterday", "tomorrow", "tonight", "evening", "morning", "night", "week"}
    | {"month", "year", "this", "that", "his", "her", "their", "my", "your", "our", "its"}
    | {"everyone", "everybody", "someone", "somebody", "customer", "customers", "shop", "last"}
    | {"next", "previous", "same", "other", "one"}
)


def _for_nobody(c: Command) -> bool:
    """A customer's command that names no customer (a pronoun at most)."""
    return c.intent in CUSTOMER_INTENTS and not c.entities.get("customer")


def _title_alone(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "uncle ko 200 likh do", "baba ne 300 diye", "Mangal anna took …": a title or kin word
    with no name before it is someone not named - whose entry it is asks, not the customer in
    focus."""
    alone = any(
        (token.key in lx.HONORIFICS or is_title(token))
        and (tokens[i + 1].key in PERSON_CASES or tokens[i + 1].key in lx.SUBJECT_VERBS)
        and (i == 0 or not is_name_like(tokens[i - 1]) or tokens[i - 1].key in lx.HONORIFICS)
        for i, token in enumerate(tokens[:-1])
    )
    if not alone:
        return commands
    return _hold(commands, lambda c: _for_nobody(c) and _no_ref(c), "customer")


def _no_one_named(c: Command) -> bool:
    """No name, or only the last few in focus ("put 50 on all three" after "Joy, Hope and
    Faith", words the vocabulary knows)."""
    ref = str(c.entities.get("customer_ref", ""))
    return not c.entities.get("customer") and (not ref or ref.startswith("recent:"))


def _no_ref(c: Command) -> bool:
    return not c.entities.get("customer_ref")


def _word_called(tokens: Sequence[Token]) -> bool:
    """ "put 2.5k udhaar on May", "May owes 1500": a month with no day beside it, where no
    date is wanted, is someone called May; "register Bill as a customer": a bill written with
    a capital inside a sentence is someone called Bill."""
    for i, t in enumerate(tokens):
        if t.key == _BILL and i > 0 and t.surface[:1].isupper():
            return True
        if t.key in _ZERO and t.surface[:1].isupper():
            return True  # "Sunny from flat 302 took …": "sunny" reads as zero
        if t.key not in MONTHS or not t.surface[:1].isupper():
            continue
        beside = [u.key for u in tokens[max(i - 1, 0) : i + 2] if u is not t]
        if not any(k[:1].isdigit() or k in SMALL for k in beside):
            return True
    return False


_BILL = key("bill")
_ZERO = lx.words("sunny sunya shunya")


def _one_of_two(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "Raju Yadav aur Raju Sharma aaye the, Raju ne 400 diye": which Raju? A first name
    said alone after two full names that share it asks."""
    alone = [c for c in commands if c.writes and " " not in str(c.entities.get("customer", " "))]
    if not alone:
        return commands  # most utterances: no write names a customer by one word
    firsts = {key(str(c.entities["customer"])) for c in alone if "customer" in c.entities}
    surnames: dict[str, set[str]] = {}
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a.key in firsts and _may_be_name(b.surface) and is_name_like(b):
            surnames.setdefault(a.key, set()).add(b.key)
    return [
        replace(c, decision=Decision.ASK, reason="customer")
        if c.writes
        and c.decision is Decision.ACT
        and len(surnames.get(key(str(c.entities.get("customer", ""))), ())) > 1
        else c
        for c in commands
    ]


def _answering(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "yes yes, put it on the tab, 180", "haan haan, likh do": an answer to someone at the
    counter; a write that names no one is theirs, who need not be the customer in focus."""
    first = [t.key for t in tokens[:3] if t.key != SEPARATOR]
    if not first or not (
        first[0] in _YES or (first[0] in _BEFORE_A_HOLD and first[1:2] and first[1] in _YES)
    ):
        return commands
    return [
        replace(c, decision=Decision.ASK, reason="customer")
        if c.writes
        and c.intent in CUSTOMER_INTENTS
        and c.decision is Decision.ACT
        and not (c.entities.get("customer") or c.entities.get("customer_ref"))
        else c
        for c in commands
    ]


def _said_twice(commands: list[Command]) -> list[Command]:
    """ "Iqbal ne paytm kiya 420, Iqbal ke 420 jama": the same entry said again with the same
    name and amount is one entry (what either said of it)."""
    out: list[Command] = []
    for cmd in commands:
        prev = out[-1] if out else None
        same = (
            prev is not None
            and cmd.writes
            and cmd.intent is prev.intent
            and cmd.entities.get("customer") is not None
            and cmd.entities.get("customer") == prev.entities.get("customer")
            and cmd.entities.get("amount") is not None
            and cmd.entities.get("amount") == prev.entities.get("amount")
        )
        if prev is not None and same and cmd.decision is prev.decision:
            out[-1] = replace(prev, entities=cmd.entities | prev.entities)
            continue
        if prev is not None and same and prev.reason == "customer" and cmd.decision is Decision.ACT:
            out[-1] = cmd  # "Ramesh's son … took 200, add 200 to Ramesh's account": now sure
            continue
        out.append(cmd)
    return out


def _held_said_again(commands: list[Command]) -> list[Command]:
    """ "Bunty ne 200 online bheje ya cash diye yaad nahi, 200 jama karo": the entry held
    just before, said again with its name and amount, is that entry - still held, unless it
    was held only for a kind corrected with no money said ("…, no, that was credit, add 300
    to Seema")."""
    out: list[Command] = []
    for cmd in commands:
        prev = out[-1] if out else None
        again = (
            prev is not None
            and prev.decision is Decision.ASK
            and cmd.decision is Decision.ACT
            and cmd.writes
            and cmd.intent is prev.intent
            and cmd.entities.get("customer") is not None
            and cmd.entities.get("customer") == prev.entities.get("customer")
            and cmd.entities.get("amount") == prev.entities.get("amount")
            and _MORE.isdisjoint(key(w) for w in cmd.used)
        )
        if not again:
            out.append(cmd)
        elif prev is not None and prev.reason == "correction":
            out[-1] = cmd  # "…, no, that was credit, add 300 to Seema": the money said again
    return out


_MORE = lx.words("aur bhi phir fir more again another also और भी फिर")


def _mode_for_all(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """ "Jaggi ne 600 diye, Pappu ne 400 diye, dono cash", "both in cash, …": one mode said for
    every payment of the utterance, when a word gathers them."""
    payments = [c for c in commands if c.intent is Intent.RECORD_PAYMENT]
    if len(payments) < 2:
        return commands
    keys = {t.key for t in tokens}
    modes = {c.entities["mode"] for c in payments if "mode" in c.entities}
    modes |= {lx.MODES[k] for k in keys if k in lx.MODES}  # "both in cash, …": said apart
    if len(payments) < 2 or len(modes) != 1 or all("mode" in c.entities for c in payments):
        return commands
    if keys.isdisjoint(_GATHERS):
        return commands
    mode = next(iter(modes))
    return [
        replace(c, entities=c.entities | {"mode": mode})
        if c in payments and "mode" not in c.entities
        else c
        for c in commands
    ]


_GATHERS = frozenset(GROUPS) | lx.words("ye yeh these ये")  # "dono cash", "ये पैसे नकद"


def _held_around(commands: list[Command], tokens: Sequence[Token]) -> list[Command]:
    """A condition, doubt or question said around the whole utterance holds every write in
    it, however its clauses were joined or corrected: "agar …", "achha, did …", "…, pata
    nahi", "…, not sure"."""
    if not any(c.writes and c.decision is Decision.ACT for c in commands):
        return commands
    keys = [t.key for t in tokens]
    first = next((k for k in keys if k not in _BEFORE_A_HOLD and k != SEPARATOR), "")
    held = gate.leading_hold(first)
    said = [k for k in keys if k != SEPARATOR]
    last = keys[len(keys) - keys[::-1].index(SEPARATOR) :] if SEPARATOR in keys[:-1] else []
    if held is None and 0 < len(last) <= 4 and gate.doubtful(last):
        held = gate.Verdict(Decision.ASK, "unsure")  # "…, pata nahi", "…, not sure"
    if held is None and said and gate.asks_at_the_end(said[-1]):
        held = gate.Verdict(Decision.ASK, "unsure")  # "… aur kal 300 aur dega kya?"
    if held is None:
        return commands
    return [
        replace(c, decision=held.decision, reason=held.reason)
        if c.writes and c.decision is Decision.ACT
        else c
        for c in commands
    ]


# Words said before the first word that holds a whole utterance ("achha, did Neha pay").
_BEFORE_A_HOLD = lx.words(
    "achha accha acha achchha haan han ok okay arey arre are suno bhai yaar so well hmm"
)


def _restated(clauses: list[_Clause]) -> list[_Clause]:
    """ "Rajan took stuff worth 1,500, put it on credit": the second clause says again how
    the entry before is to be written, with no money or customer of its own."""
    out: list[_Clause] = []
    for c in clauses:
        prev = out[-1] if out else None
        if prev is not None and _restates(prev, c):
            if c.verdict != gate.ACT and prev.verdict == gate.ACT:
                prev = replace(prev, verdict=c.verdict)
            if prev.found.who.described and c.found.who.name == prev.found.who.name:
                # "Chintu ki mummy 300 de gayi, Chintu ke khate mein jama karo": his khata.
                who = replace(prev.found.who, described=False)
                prev = replace(prev, found=replace(prev.found, who=who))
            out[-1] = prev
            continue
        out.append(c)
    return out


_BARE_VERB = 3


def _second_amount(clauses: list[_Clause]) -> list[_Clause]:
    """ "Mohan ka 300 udhaar likho, 350 likho", "Raju ne 500 diye, 120 wapas diye", "…, 30
    chhod diye": another number for the same entry, with no "aur" or "phir" to make it
    another entry - change handed back, a discount, a second thought. Which is the entry is
    not sure: the write asks."""
    out: list[_Clause] = []
    for c in clauses:
        prev = out[-1] if out else None
        if prev is not None and _another_number_for(prev, c):
            if prev.verdict == gate.ACT:
                out[-1] = replace(prev, verdict=gate.Verdict(Decision.ASK, "amounts"))
            continue
        if prev is not None and _one_name_for_both(prev, c):
            # "Add 200 and 150 to Kumar's credit": 350, or two entries? Kumar's, and asked.
            out[-1] = replace(c, intent=prev.intent, verdict=gate.Verdict(Decision.ASK, "amounts"))
            continue
        out.append(c)
    return out


def _one_name_for_both(prev: _Clause, c: _Clause) -> bool:
    said, f = prev.found, c.found
    if prev.intent not in _NEEDS_AMOUNT or c.intent not in (prev.intent, None) or not c.joined:
        return False
    if said.who.name or said.who.ref or not f.who.name or f.who.others:
        return False
    return said.amount is not None and f.amount is not None


def _another_number_for(prev: _Clause, c: _Clause) -> bool:
    f, said = c.found, prev.found
    if prev.intent not in _NEEDS_AMOUNT or c.intent not in (prev.intent, None):
        return False
    keys = _keys(c)
    if f.who.name or f.who.ref or ((c.joined or c.after) and _BACK.isdisjoint(keys)):
        return False  # "… and I let 50 go": handed back or let go, whatever joins it
    if not (_MORE.isdisjoint(keys) and _STILL_OWED.isdisjoint(keys)):
        return False  # "… aur 100", "baaki 200 kal dega": more, or the rest
    return f.amount is not None and said.amount is not None and f.amount != said.amount


def _restates(prev: _Clause, c: _Clause) -> bool:
    f = c.found
    if c.intent is None or c.intent is not prev.intent or c.intent not in _NEEDS_AMOUNT:
        return False
    if prev.found.amount is None or f.amount is not None or f.amount_doubt or f.items:
        return False
    if not (f.who.name or f.who.ref or c.unknown) and len(c.tokens) <= _BARE_VERB:
        return True  # "…, 120 wapas diye, jama kar lo": the entry's verb said again
    same_one = f.who.ref == "active" or (not f.who.name and not f.who.ref)
    keys = frozenset(_keys(c))
    if f.who.name and f.who.name == prev.found.who.name and keys & lx.KHATA:
        return True  # "…, Chintu ke khate mein jama karo": the same entry, its khata said
    return (same_one or f.who.name == prev.found.who.name) and _IT in keys


_IT = key("it")


def _held_throughout(clauses: list[_Clause]) -> list[_Clause]:
    """ "agar Rahul ko 100 aur Priya ko 50 likho": the first word holds every write."""
    if len(clauses) < 2 or not clauses[0].tokens:
        return clauses
    held = gate.leading_hold(clauses[0].tokens[0].key)
    if held is None:
        return clauses
    return [replace(c, verdict=held) if _acts(c) else c for c in clauses]


def _numbers_to_call(clauses: list[_Clause], keys: list[str]) -> list[_Clause]:
    """A number change in an utterance that asks to call the number is asked back."""
    if all(c.intent is not Intent.UPDATE_CUSTOMER_PHONE for c in clauses):
        return clauses
    calls = any(
        k in _CALLS or (k in lx.PHONE and i + 1 < len(keys) and keys[i + 1] in _DO)
        for i, k in enumerate(keys)
    )  # "phone lagao", "call him", "फोन करो"
    if not calls or frozenset(keys) & _SETS_A_NUMBER:
        return clauses
    unsure = gate.Verdict(Decision.ASK, "unclear")
    return [
        replace(c, verdict=unsure) if c.intent is Intent.UPDATE_CUSTOMER_PHONE else c
        for c in clauses
    ]


def _asked_throughout(clauses: list[_Clause]) -> list[_Clause]:
    """ "Joseph ne 500 diye aur Harpreet ne 300 kya?": a question at the end may be about
    every entry before it, so each write asks before it is carried out."""
    if len(clauses) < 2 or not clauses[-1].tokens:
        return clauses
    last = clauses[-1]
    if not (last.question or gate.asks_at_the_end(last.tokens[-1].key)):
        return clauses
    unsure = gate.Verdict(Decision.ASK, "unsure")
    if _acts(last):  # it borrowed the verb of the clause before ("…, Harpreet ne 300 kya?")
        last = replace(last, verdict=gate.Verdict(Decision.SKIP, "question"))
    return [replace(c, verdict=unsure) if _acts(c) else c for c in clauses[:-1]] + [last]


_TAG_CLAUSES = frozenset(
    tuple(key(w) for w in p.split())
    for p in ("right", "remember", "you remember", "yaad hai", "याद है", "isnt it")
)
_SOFTENERS = lx.words("please plz yaar yar")  # "…, remember please"
_TOLD_AS_DONE = lx.words("took paid gave bought picked sent tha thi the था थी थे")


def _put_in_account(said: _Clause, c: _Clause) -> Who | None:
    """Whose account "put it in X's account" / "isko X ke khate mein likho" names for the
    entry just said (its amount and no other), when that is someone else."""
    keys = frozenset(_keys(c))
    who = c.found.who
    if c.intent not in WRITES or c.found.amount is not None or not who.name or who.others:
        return None
    if keys.isdisjoint(lx.KHATA) or keys.isdisjoint(_POINTERS) or who.name == said.found.who.name:
        return None
    return who if said.found.amount is not None else None


def _unplaced_take_back(c: _Clause) -> bool:
    """A take-back that says neither whose nor which: "mat likhna", not "Lobo's …, don't write
    that yet" or "मिश्री का मत लिखो"."""
    keys = _keys(c)
    return not (c.found.who.name or c.found.who.ref) and _POINTERS.isdisjoint(keys)


_POINTERS = lx.words("that it this ye yeh ise isko iska wo woh vo use usko uska वो वह ये यह इसे उसे")


def _others_unsure(clauses: list[_Clause], taken_back: int) -> list[_Clause]:
    """ "Rahul ko 100, Priya ko 50, mat likhna": whether the take-back at the end means more
    than the last write is not sure, so the other writes ask."""
    unsure = gate.Verdict(Decision.ASK, "unclear")
    return [
        replace(c, verdict=unsure) if _acts(c) and i != taken_back else c
        for i, c in enumerate(clauses)
    ]


def _acts(c: _Clause) -> bool:
    return c.intent in WRITES and c.verdict == gate.ACT


_WHOSE = frozenset({"unclear", "customer"})


def _after_unplaced(clauses: list[_Clause]) -> list[_Clause]:
    """After a clause whose name could not be placed ("Bhola ka balance check karo aur
    reminder bhej do": "bhola" is "said"), a write with no name of its own asks: the name
    it would take is the one not understood, never the customer in focus."""
    if len(clauses) < 2:
        return clauses  # only a later clause can take the name not understood
    out: list[_Clause] = []
    unplaced = False
    for c in clauses:
        who = c.found.who
        # "add 500 to Sunny and then send him a reminder": "him" is the one not understood.
        if unplaced and c.intent in WRITES and not who.name and who.ref in (None, "active"):
            c = replace(c, verdict=gate.Verdict(Decision.ASK, "customer"))
        if not (who.name or who.ref):
            unplaced = unplaced or _name_unplaced(c)
        elif c.intent in CUSTOMER_INTENTS and who.ref == "active":
            # "Bill took goods worth 300, add it to his khata and remind him": "his" asked for
            # want of the name before it, and so does every "him" after.
            asked = c.verdict.decision is Decision.ASK and c.verdict.reason in _WHOSE
            beside = _named_beside(c) or word_who_went(c.tokens)
            if beside and _acts(c):  # "Sunny 3 packet maggi le gayi, uske khate mein likho"
                c = replace(c, verdict=gate.Verdict(Decision.ASK, "customer"))
            unplaced = unplaced or asked or beside
        if c.intent is Intent.CREATE_CUSTOMER and not who.name:
            unplaced = True  # "add new customer May, then put 100 on his account"
        elif who.name:
            unplaced = False
        out.append(c)
    return out


# Letters as Hindi speech-to-text spells them out: "ए के सिंह" (A. K. Singh).
_DEVANAGARI_LETTERS = frozenset(
    {"ए", "बी", "सी", "डी", "ई", "एफ", "जी", "एच", "आई", "जे", "के", "एल", "एम", "एन", "ओ", "पी"}
    | {"क्यू", "आर", "एस", "टी", "यू", "वी", "डब्ल्यू", "एक्स", "वाई", "ज़ेड"}
)


_WORD_LETTERS = frozenset({"जी", "के"})  # Hindi letters that are words too: no initials


def _with_initials(tokens: list[Token]) -> list[Token]:
    """ "r k sharma", "P. Venkat", "ए के सिंह": initials before a name are part of it, one
    token with the name's key and the whole as said."""
    out: list[Token] = []
    for token in tokens:
        if not (out and _is_initial(out[-1])):
            out.append(token)
            continue
        initials = list(itertools.takewhile(_is_initial, reversed(out)))[::-1]
        before = out[-len(initials) - 1] if initials and len(out) > len(initials) else None
        if before is not None and before.key[:1].isdigit():
            initials = []  # "5k Geeta": the k is the thousand
        if initials and _spelled(initials) and is_name_like(token):
            del out[len(out) - len(initials) :]
            surface = " ".join(t.surface for t in [*initials, token])
            token = Token(token.text, token.key, surface)
        out.append(token)
    return out


def _spelled(initials: list[Token]) -> bool:
    """Latin initials, or two Hindi letters or more not starting with one read as a word."""
    first = initials[0].surface
    return first.isascii() or (len(initials) > 1 and first not in _WORD_LETTERS)


def _is_initial(token: Token) -> bool:
    surface = token.surface.rstrip(".")
    latin = len(surface) == 1 and surface.isascii() and surface.isalpha()
    return (latin and surface.lower() not in "ai") or surface in _DEVANAGARI_LETTERS


def _stuttered(tokens: Sequence[Token], i: int) -> bool:
    """The name at `i` said twice in a row, before a case marker or a surname ("thoda thoda
    karke" is no name)."""
    if tokens[i].key != tokens[i - 1].key or not is_name_like(tokens[i]):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    titled = tokens[i].surface[:1].isupper() or has_devanagari(tokens[i].surface)
    return after is not None and (after.key in lx.CASE_MARKERS or (titled and is_name_like(after)))


def _repair(tokens: list[Token]) -> list[Token]:
    """Self-corrections inside a clause: "100 nahi, 200" keeps 200, "Rahul nahi Priya" Priya,
    "Priya Sharma ko nahi, Priya Verma ko" Priya Verma."""
    keys = [t.key for t in tokens]
    drop = gate.repair_numbers(keys)
    n = len(tokens)
    for i in range(1, n - 1):
        if keys[i] not in gate.NEGATIONS or i in drop:
            continue
        j = i + 1 + (keys[i + 1] == SEPARATOR)
        if j >= n or not is_name_like(tokens[j]):
            continue
        start = i - (keys[i - 1] in _NAME_MARKERS)  # "Rahul ko nahi, Priya ko"
        first = start
        while first > 0 and first > start - 2 and is_name_like(tokens[first - 1]):
            first -= 1  # the name taken back, one or two words
        if first < start:
            drop.update(range(first, j))
            # "हेमा के नाम 600 लिखो, हेमा नहीं हेमंत": the name said before goes too.
            said = {keys[f] for f in range(first, start)}
            if SEPARATOR in keys[:first]:
                drop.update(h for h in range(first) if keys[h] in said)
    for i in range(n - 2):
        # "cash nahi, phone pe se diye", "paytm se, matlab phonepe se", "by g pay sorry cash",
        # "not cash, card": the mode taken back gives way to the one after it.
        if keys[i] in lx.MODES and (taken := _mode_taken_back(keys, i)) is not None:
            drop.update(taken | _said_earlier(keys, i))
        # "kal nahi parso", "Saturday nahi Monday ko", "udhaar nahi jama karo", "subah nahi,
        # shaam ko": a word of the same kind after "nahi" takes the place of the one before it.
        instead = i + 2 + (i + 3 < n and keys[i + 2] == SEPARATOR)
        if keys[i + 1] in gate.NEGATIONS and _same_kind(keys[i], keys[instead]):
            earlier = _said_earlier(keys, i)
            # Said in a clause before: "nahi, shukravar ko" is left to correct that clause.
            apart = bool(earlier) and SEPARATOR in keys[max(earlier) : i]
            drop.update({i} | earlier if apart else {i, i + 1})
    for i in range(n - 3):
        # "not Amit, Sumit": the comma parts the names ("nahi Vinod Mishra ko" is one name).
        taken_back = keys[i] in gate.NEGATIONS and is_name_like(tokens[i + 1])
        if taken_back and keys[i + 2] == SEPARATOR and is_name_like(tokens[i + 3]):
            drop.update(range(i, i + 3))
            # "add 600 to Hema, not Hema, Hemant": the name said before goes too.
            for h in (h for h in range(i) if keys[h] == keys[i + 1]):
                drop.update(range(h, h + 1 + (keys[h + 1] == SEPARATOR)))
    # "vinod vinod ke khate mein", "Lily Lily Thomas paid": a name stuttered is said once.
    drop.update(i for i in range(1, n) if _stuttered(tokens, i))
    return [t for i, t in enumerate(tokens) if i not in drop]


_DAY_WORDS = frozenset(DAYS) | frozenset(WEEKDAYS)


def _said_earlier(keys: Sequence[str], i: int) -> set[int]:
    """ "Raghav ne card se diye, card nahi UPI", "kal reminder bhejna, kal nahi, shukravar
    ko": the word taken back was said before too, and goes there as well."""
    return {h for h in range(i) if keys[h] == keys[i]}


def _same_kind(said: str, instead: str) -> bool:
    if said == instead:
        return False
    if said in _DAY_WORDS and instead in _DAY_WORDS:
        return True
    if said in PERIODS and instead in PERIODS:
        return True
    return (said in lx.CREDIT and instead in lx.PAYMENT) or (
        said in lx.PAYMENT and instead in lx.CREDIT
    )


_MODE_FILLERS = lx.words("se mein me main mai by in on through via diye se में से")
_MODE_POSTPOSITIONS = lx.words("se mein me main mai by in on through via में से")
_MODE_FIXES = gate.NEGATIONS | gate.CORRECTION_WORDS | lx.words("sorry actually matlab mean i")


def _mode_taken_back(keys: Sequence[str], i: int) -> set[int] | None:
    """The mode and the words correcting it, when another mode follows; the words between
    ("se", "diye") and the separators stay, they still belong to the payment's clauses."""
    taken = {i - 1, i} if i > 0 and keys[i - 1] == _NOT else {i}
    j = i + 1
    while j < len(keys) and j - i <= 2 and keys[j] in _MODE_FILLERS:
        if keys[j] in _MODE_POSTPOSITIONS:
            taken.add(j)  # "cash mein": the mode's own word goes with it
        j += 1
    while j < len(keys) and (keys[j] in _MODE_FIXES or keys[j] == SEPARATOR):
        if keys[j] != SEPARATOR:
            taken.add(j)
        j += 1
    if len(taken) < 2 or j >= len(keys) or keys[j] not in lx.MODES or keys[j] == keys[i]:
        return None
    return taken


def _answer(tokens: Sequence[Token]) -> Command | None:
    """A bare "haan" or "nahi" answers the session's pending question."""
    keys = [t.key for t in tokens if t.key != SEPARATOR]
    if keys in _DO_IT:
        return Command(Intent.ANSWER, {"answer": "yes"}, used=tuple(keys))
    if not keys or not all(k in _YES or k in _NO or k in _ANSWER_FILLERS for k in keys):
        return None
    yes, no = any(k in _YES for k in keys), any(k in _NO for k in keys)
    if yes == no:
        return None
    return Command(Intent.ANSWER, {"answer": "yes" if yes else "no"}, used=tuple(keys))


# (tokens, after the previous one, ended with a question mark, opened by "aur"/"and")
_Part = tuple[tuple[Token, ...], bool, bool, bool]
# An entry told as done: "Debashis ne 700 diye", "Sunder took 1800", "सुब्रत को 2500 उधार दिया".
_ENTRY_DONE = lx.GAVE | lx.words(
    "liya liye li lia took taken bought picked paid chukaya chukaye लिया लिए ली चुकाए चुकाया"
)


_REMIND = lx.words("reminder reminders remind remainder alert tagada रिमाइंडर तगादा")
_YAAD, _DILA = (
    lx.words("yaad yad याद"),
    lx.words("dila dilao dilana dilaana dilaye दिला दिलाना दिलाओ"),
)


def _reminds_at(keys: Sequence[str], i: int) -> bool:
    """A reminder asked for at `i`: "reminder", "remind", "yaad dila…" (not "yaad nahi")."""
    if keys[i] in _REMIND:
        return True
    return keys[i] in _YAAD and i + 1 < len(keys) and keys[i + 1] in _DILA


def _entry_then_reminder(part: _Part) -> list[_Part]:
    """ "Debashis ne 700 diye usko kal shaam reminder bhej dena", "Sunder took 1800 on credit
    remind him on Tuesday": an entry told as done, then with no comma a reminder for the same
    person, are two clauses; the reminder starts at its pronoun or "baaki", else at its word."""
    tokens, after, question, joined = part
    keys = [t.key for t in tokens]
    reminder = next((i for i in range(len(keys)) if _reminds_at(keys, i)), None)
    if reminder is None:
        return [part]
    done = next((i for i, k in enumerate(keys[:reminder]) if k in _ENTRY_DONE), None)
    if done is None or not any(k[:1].isdigit() for k in keys[:reminder]):
        return [part]
    opens = lx.ACTIVE_REFS | _DUE  # "usko kal …", "baaki 300 ka kal reminder"
    start = next((i for i in range(done + 1, reminder) if keys[i] in opens), reminder)
    return [(tokens[:start], after, False, joined), (tokens[start:], False, question, False)]


def _split(tokens: Sequence[Token]) -> list[_Part]:
    """Clauses: (tokens, after the previous one, ended with a question mark)."""
    parts: list[_Part] = []
    current: list[Token] = []
    after = joined = False
    i = 0
    n = len(tokens)
    while i < n:
        k = tokens[i].key
        nxt = tokens[i + 1].key if i + 1 < n else ""
        width, then = 0, False
        if (k, nxt) in _THEN_PAIRS:
            width, then = 2, True
        elif k in _THEN and nxt != "se":  # "phir se" is "again", not "then"
            width, then = 1, True
        elif (k == SEPARATOR or k in lx.JOINERS) and joins_names(tokens, i, i - len(current)):
            width = 0  # "Rahul aur Priya dono ko ...": one clause for both
        elif k in gate.ALTERNATIVES and _between_choices(current, tokens, i):
            width = 0  # "100 or 200", "cash ya upi": one undecided clause, for the gate
        elif k in gate.ALTERNATIVES and not current and parts:
            width = 0  # "…50, or 500": the choice opens its clause, for _corrected to see
        elif k in lx.JOINERS and _more(tokens, i):
            width = 0  # "450 aur chadha do": "aur" is "more", the verb is this clause's
        elif k == SEPARATOR and _inside_phone(current, tokens, i):
            i += 1  # "number hai nau aath ek shunya, paanch paanch chhe, …": one number
            continue
        elif k == SEPARATOR or k in _BUT or (k in lx.JOINERS and not _inside_number(tokens, i)):
            width = 1
        elif len(current) >= 2 and gate.wrong_from([t.key for t in tokens], i):
            # "record 600 from Prem wait the amount is wrong": no comma, still its own clause.
            parts.append((tuple(current), after, False, joined))
            current, after, joined = [], False, False
        elif len(current) >= 2 and k in _CORRECTION_FIRST and _corrects_here(tokens, i):
            # "Anwar ko 200 likho arre nahi Salim ko": the correction starts a clause of its
            # own even when speech-to-text wrote no comma before it.
            parts.append((tuple(current), after, False, joined))
            current, after, joined = [], False, False
        if width:
            if current:
                parts.append((tuple(current), after, tokens[i].surface == "?", joined))
                current, after, joined = [], False, False
            after = after or then
            joined = joined or k in lx.JOINERS
            i += width
            continue
        current.append(tokens[i])
        i += 1
    if current:
        parts.append((tuple(current), after, False, joined))
    return parts


_CORRECTION_OPENERS = frozenset(
    tuple(key(w) for w in phrase.split())
    for phrase in (
        "arre nahi", "arey nahi", "are nahi", "oh no", "nahi nahi", "no no", "no wait",
        "i mean", "अरे नहीं", "नहीं नहीं",
    )
)  # fmt: skip


_CORRECTION_FIRST = frozenset(pair[0] for pair in _CORRECTION_OPENERS)


def _corrects_here(tokens: Sequence[Token], i: int) -> bool:
    """A correction phrase ("arre nahi", "no wait") with more words after it."""
    pair = tuple(t.key for t in tokens[i : i + 2])
    return pair in _CORRECTION_OPENERS and i + 2 < len(tokens)


def _inside_phone(current: Sequence[Token], tokens: Sequence[Token], i: int) -> bool:
    """A comma between groups of digits after "number/phone" in the same clause, or between
    groups of three or more digits ("…, nau aath saat shunya, ek do teen, …")."""
    if not current or i + 1 >= len(tokens) or not is_digit_word(tokens[i + 1].key):
        return False
    if any(t.key in lx.PHONE for t in current):
        return is_digit_word(current[-1].key)
    return len(current) >= 3 and all(is_digit_word(t.key) for t in current)


# "add 300 for Diana but don't send her a reminder": "but" parts two commands.
_BUT = lx.words("but lekin magar लेकिन मगर")
_MORE_GOODS = lx.words("saman samaan saamaan maal सामान माल")
_OF_WORTH = lx.words("ka ke ki का के की")


def _more(tokens: Sequence[Token], i: int) -> bool:
    """ "aur" right before the clause's last words, all of them a writing verb (after a sum,
    "udhaar" first), or before goods ("150 ka aur saman diya": more goods)."""
    if 0 < i < len(tokens) - 1 and tokens[i + 1].key in _MORE_GOODS:
        return tokens[i - 1].key in _OF_WORTH  # "150 ka aur saman", not "… aur saman ka bill"
    if i + 1 >= len(tokens):
        return False
    start = i + 1
    if (tokens[i - 1].key[:1].isdigit() or tokens[i - 1].key == "rs") and tokens[
        start
    ].key in lx.CREDIT:
        start += 1  # "usko 100 aur udhaar likh do": 100 more on credit
    if start >= len(tokens) or tokens[start].key not in lx.GIVE:
        return False
    for t in tokens[start + 1 :]:
        if t.key == SEPARATOR or t.key in lx.JOINERS:
            break
        if t.key not in lx.GIVE and t.key not in lx.FILLER and t.key not in lx.ACTIVE_REFS:
            return False
    return True


def _between_choices(current: Sequence[Token], tokens: Sequence[Token], i: int) -> bool:
    """ "or" between two amounts or two modes is a choice the speaker has not made."""
    after = [t.key for t in tokens[i + 1 : i + 4]]
    said = [t.key for t in current]
    return any(gate.is_choice(k) for k in after) and any(gate.is_choice(k) for k in said)


def _drop_trailing_stops(parts: list[_Part]) -> list[_Part]:
    """ "Kavita ko 100 likho, bas": "bas" ends the command, it does not cancel it.
    "ek kaam karo, …" (do one thing) opens a command and is no part of it: its "kaam" shares
    its key with "kam" (less), which would turn what follows into a payment."""
    while len(parts) > 1 and (
        gate.is_trailing_stop(keys := [t.key for t in parts[-1][0]]) or gate.is_thanks(keys)
    ):
        parts = parts[:-1]
    # "Chaman ko 500 likh do, ruko, galat bola": "ruko" stops to say it was wrong.
    parts = [
        p
        for i, p in enumerate(parts)
        if not (
            0 < i < len(parts) - 1
            and gate.is_trailing_stop([t.key for t in p[0]])
            and gate.says_wrong([t.key for t in parts[i + 1][0]])
        )
    ]
    while len(parts) > 1 and _opens(parts[0][0]):
        parts = [(parts[1][0], parts[0][1], parts[1][2], parts[1][3]), *parts[2:]]
    return parts


def _opens(tokens: Sequence[Token]) -> bool:
    """ "haan bhai, …", "achha, …", "ek kaam karo, …": words that open what follows."""
    keys = tuple(t.key for t in tokens)
    said = keys
    while said and said[0] in _INTERJECTIONS:
        said = said[1:]  # "achha, sat sri akal, …"
    return said in _OPENERS or all(k in _INTERJECTIONS for k in keys)


# Not "theek hai" or "haan" alone: those answer a question (see _answer).
_INTERJECTIONS = lx.words(
    "haan han bhai bhaiya achha accha acha acchha suno suniye ok okay hmm dekho arey "
    "अच्छा हाँ हां सुनो सुनिए देखो भाई भैया"
)


_OPENERS = frozenset(
    tuple(key(w) for w in phrase.split())
    for phrase in (
        "ek kaam karo", "ek kaam kariye", "ek kaam karna", "ek kam karo", "ek kaam kar do",
        "एक काम करो", "एक काम करिए", "एक काम कीजिए", "एक काम करना", "do one thing",
        # Greetings whose words read as numbers or names: "sat" (seven), "Akal".
        "sat sri akal", "sat shri akal", "sasriakal", "सत श्री अकाल", "ram ram", "राम राम",
        "jai shri krishna", "radhe radhe", "राधे राधे", "vanakkam", "वणक्कम",
    )
)  # fmt: skip


def _corrected(clauses: list[_Clause], now: datetime) -> list[_Clause]:
    """Apply "nahi nahi, 30 likho" / "arre nahi, Priya ko" to the clause before them."""
    out: list[_Clause] = []
    taking_back = False
    for at, c in enumerate(clauses):
        keys = [t.key for t in c.tokens]
        if out and gate.is_trailing_stop(keys) and _number_read_again(out[-1], clauses[at + 1 :]):
            # "Kolli ka 450 udhaar likho, ruko, 450 toh kilo ka bhaav tha": the sum is
            # explained away; what to write is asked.
            out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.ASK, "correction"))
            continue
        if out and _disputes(keys):
            # "Neha paid 400, mark it. No bhaiya, I gave 500": the customer disputes the entry;
            # the rest is theirs to settle with the shopkeeper, not an order to the app.
            out = [
                replace(o, verdict=gate.Verdict(Decision.ASK, "correction"))
                if o.verdict == gate.ACT and (o.intent in WRITES or o.intent is None)
                else o
                for o in out
            ]
            break
        if out and keys and all(k in _HUMS for k in keys):
            continue  # "…, hmm, I mean, not 1000": a sound between, the correction is the last's
        if out and keys and keys[0] in gate.ALTERNATIVES and _number_only(keys[1:]):
            # "Chintu ne 50 diye, ya 500, …": the amount was not decided.
            if out[-1].intent in WRITES or out[-1].found.amount is not None:
                out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.ASK, "alternatives"))
            continue
        if out and (rejected := _rejected_number(keys)) is not None:
            # "write 60, not 600, for Sunny": 600 is the number not meant, 60 stands.
            if out[-1].found.amount == rejected:
                out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.ASK, "correction"))
            continue
        if out and _acts(out[-1]) and (account := _put_in_account(out[-1], c)) is not None:
            # "Harsh paid 500, put it in Kunal's account": the entry just said is Kunal's.
            out[-1] = replace(out[-1], found=replace(out[-1].found, who=account))
            continue
        told = [i for i, o in enumerate(out) if _acts(o) and not _TOLD_AS_DONE.isdisjoint(_keys(o))]
        if told and tuple(k for k in keys if k not in _SOFTENERS) in _TAG_CLAUSES:
            # "Ammini took 3000 worth last Onam, remember", "…, right?": asked, not dictated.
            out[told[-1]] = replace(out[told[-1]], verdict=gate.Verdict(Decision.SKIP, "question"))
            continue
        if out and (scope := gate.takes_back(keys)) and any(o.intent in WRITES for o in out):
            # "Jugnu ko 250, Sagar ke 400, nahi ruko, sab chhodo", "Dutta's 500, cancel that":
            # taken back before they run, never run and then cancelled; after a write already
            # held ("…, no, not on his account, scrap it") it cancels no other task.
            # "Rahul ko 100, Priya ko 50, mat likhna": whether it takes back more than the
            # last one is not sure, so the others ask.
            last = max((i for i, o in enumerate(out) if _acts(o)), default=-1)
            dropped = gate.Verdict(Decision.SKIP, "negation")
            unsure = gate.Verdict(Decision.ASK, "unclear")
            out = [
                replace(o, verdict=dropped if scope == "all" or i == last else unsure)
                if _acts(o)
                else o
                for i, o in enumerate(out)
            ]
            continue
        if c.intent is Intent.CANCEL_TASK and (named := c.found.who.name):
            # "Wadia ko 600, Irani ko 400, Irani ka cancel": Irani's entry just said, taken back.
            said = [_entry_of(o, named) for o in out]
            if any(said):
                skip = gate.Verdict(Decision.SKIP, "negation")
                out = [replace(o, verdict=skip) if s else o for o, s in zip(out, said, strict=True)]
                continue
        if out and gate.reverses(keys) and any(_acts(o) for o in out):
            # "Khatri ko 450 udhaar aur Oberoi ke 450 jama, nahi ulta kar do": read back.
            unsure = gate.Verdict(Decision.ASK, "correction")
            out = [replace(o, verdict=unsure) if _acts(o) else o for o in out]
            continue
        if out and gate.is_correction_marker(keys):
            taking_back = True
            continue
        if out and out[-1].intent in WRITES and gate.says_wrong(keys):
            # "Govind ka 800 jama karo, naam galat ho gaya": wrong, and no right one said; a
            # write already held stays held ("… mat karo, galat hai"). "Undo that last entry,
            # it was wrong" says why to undo.
            if out[-1].verdict == gate.ACT and out[-1].intent is not Intent.UNDO_LAST_ENTRY:
                out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.ASK, "correction"))
            continue
        if out and out[-1].intent in WRITES and gate.is_take_back(keys):
            # "Raja ka 500 likhna tha, rehne do": the write is taken back, not run then cancelled.
            out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.SKIP, "negation"))
            if _unplaced_take_back(c):
                out = _others_unsure(out, len(out) - 1)
            continue
        if out and any(map(_acts, out)) and gate.is_take_back(keys):
            # "Priya ko 200 likho aur uska balance batao, mat likhna": the write before the read.
            last = max(i for i, o in enumerate(out) if _acts(o))
            out[last] = replace(out[last], verdict=gate.Verdict(Decision.SKIP, "negation"))
            if _unplaced_take_back(c):
                out = _others_unsure(out, last)
            continue
        if out and _only_qualifies(c) and c.intent in (None, out[-1].intent):
            # "…, aur dega", "…, pata nahi"; never "… aur reminder mat bhejna": a write of
            # another kind is its own, held on its own.
            at = len(out) - 1
            read = out[-1].intent is not None and out[-1].intent not in WRITES
            if read and gate.verdict(keys, False).reason == "negation":
                # "Priya ko 200 likho aur uska balance batao, mat likhna": the write, not the read.
                at = max((i for i, o in enumerate(out) if _acts(o)), default=at)
            out[at] = _qualified(out[at], c)  # "..., cash ya upi pata nahi", "... aur dega"
            if out[at].verdict.reason == "negation" and _unplaced_take_back(c):
                out = _others_unsure(out, at)
            if c is clauses[-1] and gate.doubtful(_keys(c)):
                # A doubt closing the utterance ("A ko 100, B ko 50, pata nahi") covers all of
                # it; a promise ("…, aur kal dega") only the clause before.
                out = [
                    _qualified(o, c) if o.intent in WRITES or o.intent is None else o for o in out
                ]
            continue
        if len(out) == 1 and c.intent in WRITES and (held := _leading_doubt(out[0])):
            out[0] = replace(c, verdict=held)  # "not sure if it was cash or UPI, but ... paid"
            continue
        # "leave it, no need to put 90 on Chandan's": nothing said before to correct.
        corrects = any(o.intent or o.found.amount is not None or o.found.who.name for o in out)
        strip = gate.correction_prefix(keys) if corrects else 0
        if strip:
            c = _analyse(c.tokens[strip:], c.after, now, c.question)
        if out and (taking_back or strip) and _one_of_them_taken_back(out[-1], c):
            out.append(c)  # "A aur B dono ko 150 likho, nahi B ka rehne do": A's still stands
            taking_back = False
            continue
        if out and (taking_back or strip) and not _says_something(c) and _unheld(c):
            # "Open an account for Rosario Vaz, no, wait, she already has one": what then? ask
            if out[-1].verdict == gate.ACT:
                out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.ASK, "correction"))
            taking_back = False
            continue
        if out and (taking_back or strip):
            out[-1] = _replace_with(out[-1], c)
            taking_back = False
            continue
        out.append(c)
    if taking_back and out:  # "200 likho, nahi nahi galat bola": what then? ask
        out[-1] = replace(out[-1], verdict=gate.Verdict(Decision.ASK, "correction"))
    return out


def _unheld(c: _Clause) -> bool:
    """No negation, take-back, question or other hold in the clause's own words."""
    keys = _keys(c)
    return bool(keys) and not gate.is_take_back(keys) and gate.verdict(keys, c.question) == gate.ACT


def _number_read_again(said: _Clause, rest: list[_Clause]) -> bool:
    return (
        _acts(said)
        and said.found.amount is not None
        and bool(rest)
        and rest[0].found.amount == said.found.amount
        and rest[0].intent is None
    )


def _says_something(c: _Clause) -> bool:
    """A correction that gives a value: a name, a sum, a mode, a time, goods or a verb."""
    f = c.found
    said = f.amount is not None or f.amount_doubt or f.mode or f.when or f.items or f.phone
    return bool(said or f.who.name or c.intent is not None)


def _one_of_them_taken_back(said: _Clause, c: _Clause) -> bool:
    """A cancel naming one of the several customers of the clause before it."""
    who = said.found.who
    name = c.found.who.name
    return c.intent is Intent.CANCEL_TASK and bool(who.others) and name in (who.name, *who.others)


_HUMS = lx.words("hm hmm hmmm umm um uh uhh erm")
# Said to the shopkeeper: "nahi bhaiya, …", "no uncle, …".
_TO_THE_SHOPKEEPER = lx.words(
    "bhaiya bhaiyya bhai uncle aunty sir madam didi seth sethji भैया भाई अंकल आंटी सर मैडम दीदी सेठ"
)


def _disputes(keys: Sequence[str]) -> bool:
    return len(keys) >= 2 and keys[0] in gate.NEGATIONS and keys[1] in _TO_THE_SHOPKEEPER


def _number_only(keys: Sequence[str]) -> bool:
    """A number and nothing else ("500", "500 rupaye")."""
    found = read_number(keys, 0) if keys else None
    return found is not None and all(k == "rs" for k in keys[found[1] :])


def _rejected_number(keys: Sequence[str]) -> float | None:
    """The number of an English "not 600" clause: the number not meant (unlike "nahi, 30",
    which gives the one that is)."""
    if len(keys) < 2 or keys[0] != _NOT:
        return None
    found = read_number(keys, 1)
    rest = keys[found[1] :] if found is not None else ["?"]
    return found[0] if found is not None and all(k == "rs" for k in rest) else None


_NOT = key("not")


def _only_qualifies(c: _Clause) -> bool:
    """A clause that names nothing and only says how sure the one before it is."""
    f = c.found
    if f.who.name or f.who.ref or f.amount is not None or f.items or f.phone or _mode_was(c):
        return False
    keys = _keys(c)
    if (f.when is not None or f.mode is not None) and gate.correction_prefix(keys):
        return False  # "…, nahi shaam ko", "…, nahi phonepe se": a new time or mode, no doubt
    undecided = gate.doubtful(keys) or gate.has_alternatives(keys)
    return undecided or gate.verdict(keys, c.question) != gate.ACT


def _leading_doubt(c: _Clause) -> gate.Verdict | None:
    """A first clause that names nothing and only says the speaker is unsure (or sets a
    condition): the verdict it puts on the write spoken after it."""
    f = c.found
    if f.who.name or f.who.ref or f.amount is not None or f.items or f.phone:
        return None
    keys = _keys(c)
    if gate.doubtful(keys) or gate.has_alternatives(keys):
        return gate.Verdict(Decision.ASK, "unsure")
    held = gate.verdict(keys, c.question)
    return held if held.reason == "condition" else None


def _qualified(said: _Clause, c: _Clause) -> _Clause:
    if said.verdict != gate.ACT or (said.intent is not None and said.intent not in WRITES):
        return said  # reads are never held: "मदद चाहिए, क्या क्या बोल सकते हैं" is help
    keys = _keys(c)
    held = gate.verdict(keys, c.question)
    if held == gate.ACT:
        held = gate.Verdict(Decision.ASK, "unsure")
    return replace(said, verdict=held)


def _replace_with(said: _Clause, correction: _Clause) -> _Clause:
    """The clause as corrected: what the correction names replaces what was said."""
    if said.intent is None and correction.intent is not None:
        said = replace(said, intent=correction.intent)
    elif correction.intent not in (None, said.intent, Intent.UNKNOWN):
        # "Rahul ko 100 likho, nahi, balance batao": the first is taken back. "Give Meera 400
        # credit. Sorry, not credit, she paid 400": "she" is Meera.
        who = correction.found.who
        if (who.ref == "active" or not (who.name or who.ref)) and said.found.who.name:
            # … and "Rahul ko 500 likho, sorry, 2 kilo cheeni ka bill" is Rahul's bill.
            return _same_money(
                said, replace(correction, found=replace(correction.found, who=said.found.who))
            )
        if who.ref == "active" and _name_unplaced(said):
            # "Give Mark 400 credit. Sorry, … she paid": "she" is the one not understood.
            return replace(correction, verdict=gate.Verdict(Decision.ASK, "customer"))
        return correction
    new, old = correction.found, said.found
    if said.intent in _TIMED and (hour := _hour_said_again(said, new)) is not None:
        new = replace(new, amount=None, when=hour)  # "remind Arun at 3, no, make it 4"
    if not (new.who.name or new.who.ref) and _unexplained(correction, said.intent):
        # "Rahul ko 100 likho, arre nahi, Mangal ko": what replaces Rahul was not understood,
        # so neither the first nor a guessed second is written.
        return replace(said, verdict=gate.Verdict(Decision.ASK, "correction"))
    # "Rosy paid 900 in cash, no wait, she paid by card": "she" is the one just named, or,
    # when that name was not understood ("Mark paid …"), still nobody in focus.
    pronoun = new.who.ref == "active"
    found = replace(
        old,
        who=new.who if (new.who.name or new.who.ref) and not pronoun else old.who,
        amount=new.amount if new.amount is not None else old.amount,
        mode=new.mode or old.mode,
        items=new.items or old.items,
        when=_corrected_time(old, new),
        phone=new.phone or old.phone,
    )
    if _what(found) == _what(old):  # "…, no, don't add for Neil": nothing new, taken back
        return replace(said, verdict=gate.Verdict(Decision.SKIP, "negation"))
    held = said.verdict
    if held == gate.ACT and said.intent in WRITES:
        # "…, nahi nahi, 30 likho kya?": a correction asked as a question is not an order.
        # "990 tha" states the right value: a report's "tha" does not hold a correction.
        asked = gate.verdict(_keys(correction), correction.question)
        held = asked if asked.reason in _HOLDS_A_CORRECTION else held
    return replace(said, found=found, corrects=True, verdict=held)


def _same_money(said: _Clause, correction: _Clause) -> _Clause:
    """ "make a 450 bill for Gomes, no, not a bill, add it as credit": the kind of entry
    corrected, the money said before is the entry's; with no "it" to say so, asked."""
    f = correction.found
    if correction.intent not in _NEEDS_AMOUNT or f.amount is not None or f.amount_doubt:
        return correction
    if said.found.amount is None or said.intent not in _NEEDS_AMOUNT | {Intent.CREATE_INVOICE}:
        return correction
    verdict = correction.verdict
    if verdict == gate.ACT and _THAT_MONEY.isdisjoint(_keys(correction)):
        verdict = gate.Verdict(Decision.ASK, "correction")
    return replace(correction, found=replace(f, amount=said.found.amount), verdict=verdict)


_THAT_MONEY = lx.words("it ise isko isse use usko ye yeh wo woh इसे इसको उसे उसको ये वो")


def _hour_said_again(said: _Clause, new: Found) -> datetime | None:
    """A bare number that corrects the hour a reminder said, and no money: "at 3, no, make it
    4" is 4 in the same half of the day."""
    old = said.found
    if _AT_AN_HOUR.isdisjoint(_keys(said)):
        return None  # "kal reminder, nahi 5": the 5th? ask the number, not an hour
    if old.when is None or old.amount is not None or new.when is not None or new.amount is None:
        return None
    if new.amount != int(new.amount) or not 1 <= new.amount <= _HOURS_ON_A_CLOCK:
        return None
    hour = int(new.amount) % _HOURS_ON_A_CLOCK + (_HOURS_ON_A_CLOCK if old.when.hour >= 12 else 0)
    return old.when.replace(hour=hour, minute=0)


_HOURS_ON_A_CLOCK = 12
_AT_AN_HOUR = lx.words("at baje bje pm am oclock बजे")


def _what(f: Found) -> tuple[Any, ...]:
    """What a clause says, whichever of its words said it."""
    return (f.who.name, f.who.ref, f.who.others, f.amount, f.mode, f.items, f.when, f.phone)


def _unexplained(correction: _Clause, intent: Intent | None) -> bool:
    """A correction holding a word that changes nothing it could correct: a name read as a
    day ("Mangal"), a capitalised word no one placed ("to Sunny"), an unknown word."""
    # "…, सुबह नहीं रात को": for a reminder, a time before "ko" is its new time, no one's name
    # ("Mangal ko" may be someone's).
    timed = intent in _TIMED and correction.found.when is not None
    said = [t for t in correction.tokens if not (timed and _only_a_time(t.key))]
    # "…, नहीं फोनपे से": for a payment, an app before "se" is how it was paid.
    if correction.unknown or _someone_unplaced(said, intent is not Intent.RECORD_PAYMENT):
        return True
    if correction.found.when is not None and intent not in _TIMED:
        return True
    return any(
        t.surface[:1].isupper()
        and not t.surface.isupper()  # "UPI", "NEFT": a mode, not a name
        and t.key not in lx.MODES
        and i > 0
        and i not in correction.found.who.used
        for i, t in enumerate(correction.tokens)
    )


def _only_a_time(word: str) -> bool:
    return word in TIME_WORDS and (word not in WEEKDAYS or word.endswith(_WHOLE_WEEKDAY))


_WHOLE_WEEKDAY = ("var", "vaar", "day")


def _corrected_time(old: Found, new: Found) -> datetime | None:
    """ "kal subah, nahi, shaam": a new hour or period with no day keeps the day said before."""
    if new.when is None or old.when is None or new.when_dated:
        return new.when or old.when
    return datetime.combine(old.when.date(), new.when.timetz())


def _inside_number(tokens: Sequence[Token], i: int) -> bool:
    # "two hundred and fifty": the "and" belongs to the number.
    if tokens[i].key != "and" or i == 0 or i + 1 >= len(tokens):
        return False
    after = [t.key for t in tokens[i + 1 : i + 3]]
    before = tokens[i - 1].key
    if (after[:1] == [_HALF] or after == ["a", _HALF]) and (before in SMALL or before.isdigit()):
        return True  # "two and a half thousand"
    return tokens[i - 1].key in MULTIPLIERS and (
        tokens[i + 1].key in SMALL or tokens[i + 1].key in ENGLISH_TENS
    )


def _analyse(
    tokens: tuple[Token, ...], after: bool, now: datetime, question: bool = False
) -> _Clause:
    found = find(tokens, now)
    keys = [t.key for t in tokens]
    # The customer's name said again ("Pinky ki mummy ne Pinky ke khate mein") is known too.
    name_keys = {keys[i] for i in found.who.used} if found.who.name else set()
    unknown = sum(
        1
        for i, k in enumerate(keys)
        if k.isalpha()
        and k not in KNOWN
        and i not in found.who.used
        and k not in name_keys
        and len(k) > 1
        and not is_title(tokens[i])
    )
    # A name that is also a ledger noun is no trigger: "Bill ne 500 diye" is no bill ("Bill ka
    # bill" still is); other words a name holds ("supplier") still speak.
    named = found.who.used if found.who.name else frozenset()
    clue = Clue(
        keys=keys,
        keyset=frozenset(
            k for i, k in enumerate(keys) if i not in named or not _silent_in_name(tokens[i])
        ),
        unknown=unknown,
        text=" " + " ".join(keys) + " ",
        who=found.who,
        # An unsure amount is still money spoken: the clause is a write, and the gate holds it.
        has_amount=found.amount is not None or found.amount_doubt is not None,
        has_items=bool(found.items),
        has_when=found.when is not None,
        has_phone=found.phone is not None,
        only_task_words=all(k in lx.TASK_WORDS or i in found.who.used for i, k in enumerate(keys)),
    )
    intent = _reconsider(classify(clue), clue, tokens)
    # The customer's own name holds nothing: "Bhola" is not "bola" (said) once it is the name.
    # Its place stays, blank: "Rekha has paid" does not begin with "has" (a question).
    heard = [k if i not in named else "" for i, k in enumerate(keys)] if named else keys
    verdict = gate.verdict(heard, question) if intent in WRITES else gate.ACT
    return _Clause(tokens, after, found, intent, question, False, verdict, unknown)


def _reconsider(intent: Intent | None, clue: Clue, tokens: Sequence[Token]) -> Intent | None:
    """Corrections to the word rules that safety needs whatever the vocabulary says."""
    k = clue.keyset
    if intent in (Intent.UPDATE_STOCK, Intent.CHECK_STOCK) and k & _MONEY_WORDS:
        return Intent.RECORD_PAYMENT if clue.has_amount and k & _MONEY_WORDS else None
    named = clue.who.name is not None  # "Priya wala reminder band karo" is her reminder
    if (
        k & (lx.CANCEL | lx.STOP)
        and k & _WALA
        and not named
        and (k & frozenset(ORDINALS) or intent not in (None, Intent.UNKNOWN))
    ):
        return Intent.CANCEL_TASK  # "pehla wala cancel", "udhaar wala cancel"
    if intent is None and clue.has_amount and not clue.has_items and clue.unknown == 0:
        if k & _ADD:
            return Intent.ADD_CREDIT  # "100 add karo": a credit for the customer in focus
        if (clue.who.name or clue.who.ref) and gate.promises_to_pay(clue.keys):
            return Intent.RECORD_PAYMENT  # "Rahul kal 500 de dega": a promise, held by the gate
    if (
        intent in (None, Intent.UNKNOWN)
        and clue.has_amount
        and not clue.has_items
        and gate.to_the_customer(clue.keys)
        and k & (lx.CREDIT | lx.KHATA | lx.GIVE | lx.PAYMENT)
    ):
        # "aapka 640 hua, kal de dena": what the customer owes, told to them; the gate holds it.
        return Intent.ADD_CREDIT
    if (
        intent in (Intent.CREATE_INVOICE, Intent.UNKNOWN, None)
        and k & lx.NEW
        and k & (lx.CUSTOMER | lx.KHATA)
        and any(
            t.key in lx.BILL and (t.surface[:1].isupper() or tokens[i - 1].key in lx.CUSTOMER)
            for i, t in enumerate(tokens)
            if i > 0 or t.surface[:1].isupper()
        )
    ):
        return Intent.CREATE_CUSTOMER  # "naya customer Bill banao": Bill is the name, it asks
    if intent is Intent.ADD_CREDIT and not clue.has_amount and k & lx.TOTAL:
        return Intent.TOTAL_PENDING_AMOUNT  # "kul udhaar batao": the shop's total, not a credit
    if clue.who.ref == "all" and intent is Intent.CHECK_BALANCE:
        return Intent.TOTAL_PENDING_AMOUNT if k & lx.TOTAL else Intent.LIST_CUSTOMER_BALANCES
    return intent


def _merge(clauses: list[_Clause], now: datetime) -> list[_Clause]:
    out: list[_Clause] = []
    pending: list[_Clause] = []  # clauses waiting for an intent spoken later
    for c in clauses:
        if pending:
            last = pending[-1]
            if c.intent is None:
                if _complete(last) and _complete(c):
                    pending.append(c)  # "Rahul ko 100, Priya ko 200 aur Suresh ko 300 likho"
                else:
                    joined = _analyse(last.tokens + (_AND,) + c.tokens, last.after, now)
                    # "Shankar ne, shayad, 300 diye": the doubt said on a part holds the whole.
                    held = next((p.verdict for p in (last, c) if p.verdict != gate.ACT), None)
                    if joined.verdict == gate.ACT and held is not None:
                        joined = replace(joined, verdict=held)
                    pending[-1] = replace(joined, corrects=last.corrects or c.corrects)
                continue
            # Clauses that take the verb of `c` take its doubt too ("A ko 100 aur B ko 50
            # likho kya?": the question is about both).
            out.extend(
                _borrowing(_held_as(_with_intent(p, c.intent), c), p, c) for p in pending[:-1]
            )
            pending = []
            bare = last.found.amount is None and not last.found.items
            bare = bare and not last.found.amount_doubt
            if _shops_own(last) and not _shops_own(c):
                out.append(c)  # "akhbaar wale ko 350 diye aur Deepa ne 350 jama kiye": Deepa's only
                continue
            hold = _own_hold(last)
            if c.found.who.name and bare and (_called_out(last) or hold):
                # "Sunita bhabhi, Girish ka 1200 likho" is said to Sunita; "Rahul bolta hai,
                # Priya ko 100 likho" is what Rahul says: neither is Rahul's entry.
                out.append(replace(c, verdict=hold) if hold and _acts(c) else c)
                continue
            if last.found.who.name and c.found.who.name:
                # "Rahul ko aur Priya ko 100 likho": the bare name takes the other's words.
                first = replace(c, found=replace(c.found, who=last.found.who)) if bare else None
                out.append(_borrowing(first or _held_as(_with_intent(last, c.intent), c), last, c))
                out.append(c)
            else:
                joined = _analyse(
                    last.tokens + (_AND,) + c.tokens, last.after, now, last.question or c.question
                )
                out.append(_joined_or_alone(joined, last, c))
            continue
        if out and _adds_phone(out[-1], c):
            joined = _analyse(out[-1].tokens + c.tokens, out[-1].after, now, c.question)
            # "कुसुम लता को ऐड करो, फ़ोन नंबर 870…": the number is the new customer's ("…ka
            # account khol do, number 98…" reads as a new account once the number is heard).
            if out[-1].intent is not Intent.SET_FOCUS:
                joined = replace(joined, intent=out[-1].intent)
            out[-1] = _held_as(joined, out[-1], c)
            continue
        if c.intent is Intent.RECORD_PAYMENT and out and _completes_mode(out[-1], c):
            # "…800 jama karo, Google Pay se aaya": a payment word, but only the mode is new.
            out[-1] = _with_mode(out[-1], c)
            continue
        if c.intent is None and out and (attached := _attach(out[-1], c, now)) is not None:
            if len(attached) == 1:  # one clause read again: it keeps a doubt either part had
                attached = [_held_as(attached[0], out[-1], c)]
            out[-1:] = attached
            continue
        if c.intent is None:
            pending = [c]
            continue
        out.append(c)
    if pending and pending[-1].intent is not None and not out and not pending[-1].unknown:
        # "Pooja ka bill, 3 packet maggi": the clauses joined found their intent together.
        # Read again from their words, a correction or a half said in one of them is lost.
        joined = pending.pop()
        out.append(joined if _plain(joined) else _unsure(joined))
    if pending and out and any(p.unknown or _someone_unplaced(p.tokens) for p in pending):
        out[-1] = _unsure(out[-1])  # "..., chhutta wapas kiya": words left unexplained
    if pending and not out:
        first = pending[0]
        fallback = Intent.UNDO_LAST_ENTRY if first.tokens and _undo_words(first) else None
        held = first.verdict
        if fallback and held == gate.ACT:
            held = gate.verdict(_keys(first), first.question)  # "agar galti ho gayi": held
        out.append(replace(first, intent=fallback or Intent.UNKNOWN, verdict=held))
    return out


def _plain(c: _Clause) -> bool:
    """No correction, and goods or money with no half and at most one number: words that
    read the same joined."""
    keys = _keys(c)
    if c.corrects or gate.correction_prefix(keys):
        return False
    if c.found.items and c.found.amount is None:
        return True  # goods and their quantities: no money to misread
    if not _HALVES.isdisjoint(keys):
        return False
    numbers, i = 0, 0
    while i < len(keys):
        found = read_number(keys, i, frozenset())
        numbers += found is not None
        i = found[1] if found is not None else i + 1
    return numbers <= 1


def _own_hold(c: _Clause) -> gate.Verdict | None:
    """The hold a clause's own words put on what follows ("kya pata bhai, …": a doubt),
    its name left out ("Bhola" is no "bola")."""
    used = c.found.who.used
    heard = [k for i, k in enumerate(_keys(c)) if i not in used]
    if not heard:
        return None
    verdict = gate.verdict(heard, c.question)
    return None if verdict == gate.ACT else verdict


def _called_out(c: _Clause) -> bool:
    """A clause of words with no case marker, no time and no number before another clause
    is said to the person there, not about a customer ("haan didi, …", "Sunita bhabhi, …")."""
    f = c.found
    return (
        f.when is None and f.phone is None and all(t.key not in lx.CASE_MARKERS for t in c.tokens)
    )


def _joined_or_alone(joined: _Clause, last: _Clause, c: _Clause) -> _Clause:
    """A clause with no intent joined to the next one: the joined reading only when it keeps
    the next clause's intent, and never with a looser verdict than the next clause had
    ("suno, Suresh ne 500 diye, cash ya upi pata nahi" still asks)."""
    if c.corrects:
        return c  # read again from its words, "300 likho, nahi nahi, 30" would be 300 again
    if joined.intent is None or (c.intent in WRITES and joined.intent is not c.intent):
        # Dropping words left unexplained ("Lucky Singh, 350 on credit"): ask.
        dropped = last.unknown or _someone_unplaced(last.tokens)
        return _unsure(c) if dropped else c
    if joined.intent in WRITES and c.verdict != gate.ACT and joined.verdict == gate.ACT:
        return replace(joined, verdict=c.verdict)
    return joined


def _held_as(joined: _Clause, *parts: _Clause) -> _Clause:
    """A write joined from parts is never looser than a part that was held or asked."""
    if joined.intent not in WRITES or joined.verdict != gate.ACT:
        return joined
    held = next((p.verdict for p in parts if p.verdict != gate.ACT), None)
    return replace(joined, verdict=held) if held else joined


def _unsure(c: _Clause) -> _Clause:
    if c.intent in WRITES and c.verdict == gate.ACT:
        return replace(c, verdict=gate.Verdict(Decision.ASK, "unclear"))
    return c


def _complete(c: _Clause) -> bool:
    """A customer and an amount (or goods) of their own: waits for the intent on its own."""
    f = c.found
    return bool(f.who.name) and (f.amount is not None or bool(f.items)) and not f.amount_doubt


def _with_intent(c: _Clause, intent: Intent) -> _Clause:
    """A clause given the intent spoken in another one, and the gate's verdict on its words."""
    verdict = gate.verdict(_keys(c), c.question) if intent in WRITES else gate.ACT
    if intent in WRITES and verdict == gate.ACT:
        verdict = c.verdict  # a doubt said on it before ("…, not sure" closing the utterance)
    return replace(c, intent=intent, verdict=verdict)


# What a clause that borrows the command before it may hold beside its customer: "…, Priya ko
# bhi", "…, aur Sharma ji ka 200 cash", "…, Anu's too, 2 kilo".
_BORROWABLE = (
    lx.CASE_MARKERS | lx.HONORIFICS | lx.JOINERS | lx.AFTER | lx.CREDIT | lx.PAYMENT | lx.KHATA
    | frozenset(lx.MODES) | frozenset(SMALL)
    | frozenset(MULTIPLIERS) | frozenset(PREFIXES) | frozenset(FRACTIONS) | frozenset(ENGLISH_TENS)
    | money.WRITE | lx.STOP | lx.TODAY
    | lx.words("bhi bhee also too same as well for to from the of on rupaye rupees rs wahi wohi vahi "
               "usi time that's thats all that it's its haan han ha yes ok okay ho gaya hua record "
               "karo kardo kar do dena de achha accha acha theek thik please plz yaar listen "
               "suno bas paise paisa pese money mein me ye yeh these aaye aae hain "
               "भी रुपये वही उसी टाइम हाँ हां हो गया अच्छा ठीक बस पैसे में ये आए हैं")
)  # fmt: skip


_GOODS_WORDS = frozenset(lx.UNITS) | frozenset(lx.PRODUCTS)


def _borrowing(borrowed: _Clause, own: _Clause, lender: _Clause) -> _Clause:
    """A clause that takes the verb of another's command ("Sunita ko chai do, aur Jeetu ka
    bill cancel karo") asks when its own words are talk beside its name; one about the same
    person ("Ramesh's son came …, add 200 to Ramesh's account") is that command's story."""
    name = own.found.who.name
    if not name or name == lender.found.who.name or not _talk_beside(own, borrowed.intent):
        return borrowed
    return _unsure(borrowed)


def _talk_beside(c: _Clause, intent: Intent | None) -> bool:
    """ "…, Kamla ji baithiye", "…, Mohan is here", "…, Sunita ko chai do": words beside the
    name that no borrowed command holds (goods only a bill's) are talk about or to that
    person, not the same entry for them."""
    goods = intent is Intent.CREATE_INVOICE and bool(c.found.items)  # "…, Anu ko bhi 2 kilo"
    return any(
        k.isalpha()
        and i not in c.found.who.used
        and k not in _BORROWABLE
        and not (goods and k in _GOODS_WORDS)
        for i, k in enumerate(_keys(c))
    )


def _attach(prev: _Clause, c: _Clause, now: datetime) -> list[_Clause] | None:
    """A trailing clause with no intent: the same intent for another customer, or more items."""
    if prev.intent is None:
        return None
    if _names_the_one_before(prev, c):
        # "add 100, not 200, to Rahul": the name said last is the entry's, not another's.
        return [
            replace(prev, found=replace(prev.found, who=c.found.who), tokens=prev.tokens + c.tokens)
        ]
    if c.found.who.name and prev.intent in CUSTOMER_INTENTS and _tells_of_the_one_before(c):
        return [prev]  # "close Kishore's khata, he has shifted to Pune": why, not a second one
    if prev.intent in _NEEDS_AMOUNT and _owed_from_before(c):
        return [prev]  # "मांझी ने 800 दिए, मांझी का पिछला 1,300 अभी भी बाकी है": what is owed
    if c.found.who.name and prev.intent in CUSTOMER_INTENTS:
        # A word of its own left unexplained ("then record 300 from Sona") may be another verb.
        # It takes the hold on the clause it borrows from ("… mat bhejna, wo shahar se bahar hai").
        # Its own hold first ("nahi Suresh ko mat likho", "Komal's bill we'll do later"), else
        # the one of the clause it borrows from.
        own = c.verdict if c.verdict != gate.ACT else gate.verdict(_keys(c), c.question)
        held = own if own != gate.ACT else prev.verdict
        borrowed = replace(c, intent=prev.intent, verdict=held, found=_also(prev, c))
        # "add 200 to Raja and then record 300 from Sona": money the other way is not the same entry.
        turned = (_FROM in _keys(c)) != (_FROM in _keys(prev))
        return [
            prev,
            _unsure(borrowed) if c.unknown or turned or _talk_beside(c, prev.intent) else borrowed,
        ]
    if c.found.items and prev.intent in {Intent.CREATE_INVOICE, Intent.UPDATE_STOCK}:
        question = prev.question or c.question  # "…, 2 bottles of Pepsi?"
        joined = _analyse(prev.tokens + (_AND,) + c.tokens, prev.after, now, question)
        return [replace(joined, intent=prev.intent)]
    if (
        prev.intent is Intent.CREATE_CUSTOMER
        and not prev.found.who.name
        and (name := _bare_name(c))
    ):
        # "naya customer banao, Raju Yadav": the name of the customer just asked for.
        who = Who(
            name=name, used=frozenset(range(len(prev.tokens), len(prev.tokens) + len(c.tokens)))
        )
        return [replace(prev, found=replace(prev.found, who=who), tokens=prev.tokens + c.tokens)]
    if _completes_phone(prev, c):
        # "Tanvir ka number badlo, naya 98290 11223": the number of the change just spoken.
        joined = _analyse(prev.tokens + c.tokens, prev.after, now, c.question)
        return [replace(joined, intent=prev.intent)]
    if (
        _takes_a_number(prev)
        and not (prev.found.phone or c.found.who.name)
        and _digits_said(_keys(c))
    ):
        # "naya customer Hiralal, mobile 7720 5513 8": a number said that is no phone number
        # stays with the customer, and makes it ask.
        return [replace(prev, tokens=prev.tokens + c.tokens)]
    if _tells_the_due(prev, c):
        # "नंदिनी को कल याद दिलाना, ₹1,500 बाकी हैं": the sum the reminder is for.
        found = replace(prev.found, amount=c.found.amount)
        return [replace(prev, found=found, tokens=prev.tokens + c.tokens)]
    if _completes_time(prev, c):
        # "Sonu ke reminder ka time badlo, 1 tarikh ko kar do": the time of the change;
        # "Pereira's reminder, move it to Friday 5 pm": a change.
        moved = prev.intent is Intent.CREATE_REMINDER and not lx.CHANGE.isdisjoint(_keys(c))
        intent = Intent.MODIFY_REMINDER if moved else prev.intent
        found = replace(prev.found, when=c.found.when)
        return [replace(prev, found=found, tokens=prev.tokens + c.tokens, intent=intent)]
    if _refines_time(prev, c):
        # "Rahul ko kal ka reminder bhej do, shaam ko": the hour of the day just said.
        joined = _analyse(prev.tokens + c.tokens, prev.after, now, prev.question or c.question)
        return [_held_as(replace(joined, intent=prev.intent), prev)]
    if _completes_mode(prev, c):
        # "Govind ka 600 jama karo, phonepe se aaye hain": the mode of the payment just spoken.
        return [_with_mode(prev, c)]
    if _completes_amount(prev, c):
        # "Joseph ne aadha payment kiya, 500": the amount of the entry just spoken.
        found = replace(prev.found, amount=c.found.amount, mode=prev.found.mode or c.found.mode)
        return [replace(prev, found=found, tokens=prev.tokens + c.tokens)]
    if prev.intent in _NEEDS_AMOUNT and _shops_own(c):
        return [prev]  # "Pinki ne 400 diye, bank mein 10000 jama kiye maine": the shop's own
    if c.found.amount is not None and prev.intent in _NEEDS_AMOUNT and _left_owing(c):
        # "Sonu ne 1000 diye, 500 baaki hai abhi": what is still owed, not another entry;
        # "…, baaki 400 agle hafte" is the rest promised.
        if c.found.when is None and _LATER_DAYS.isdisjoint(_keys(c)):
            return [prev]
        promised = replace(c, intent=prev.intent, verdict=gate.Verdict(Decision.SKIP, "promise"))
        return [prev, promised]
    if c.found.amount is not None and prev.intent in {Intent.ADD_CREDIT, Intent.RECORD_PAYMENT}:
        # "... aur 100 add karo", ", phir 100 add karo": the same kind of entry again.
        held = c.verdict if c.verdict != gate.ACT else gate.verdict(_keys(c), c.question)
        if held == gate.ACT and prev.verdict != gate.ACT:
            held = gate.Verdict(Decision.ASK, "unclear")  # more of an entry that is held
        # "nitin paid 1000 and then took rice for 350": goods taken after paying are credit.
        took = prev.intent is Intent.RECORD_PAYMENT and not money.TOOK.isdisjoint(_keys(c))
        took = took and _BACK.isdisjoint(_keys(c))  # "… aur 150 wapas liye": change
        return [prev, replace(c, intent=Intent.ADD_CREDIT if took else prev.intent, verdict=held)]
    return None


def _also(prev: _Clause, c: _Clause) -> Found:
    """ "Vinod ko Saturday ko reminder lagao aur Pramod ko bhi": the same entry for another
    customer, with what was said for the first (the day, the amount, the goods)."""
    f = c.found
    if _ALSO.isdisjoint(_keys(c)) or f.amount is not None or f.when or f.items or f.amount_doubt:
        return f
    p = prev.found
    return replace(f, amount=p.amount, when=p.when, items=p.items, mode=f.mode or p.mode)


_ALSO = lx.words("bhi also too भी")


_STILL_OWED = lx.words("baaki baki bakaya बाकी बकाया owes owe remaining rest pending")
# "he still has an old balance of 1,100", "मांझी का पिछला 1,300 अभी भी बाकी है"
_OWED_FROM_BEFORE = _STILL_OWED | lx.words("still pichla पिछला")
_LATER_DAYS = lx.words("kal parso agle agla agli next कल परसों अगले अगली")
_ENTRY_VERBS = lx.GIVE | lx.GAVE | lx.PAYMENT | lx.CREDIT


def _shops_own(c: _Clause) -> bool:
    """The shop's own money, whatever the verb: never a customer's entry, and never lending
    its verb to one ("supplier ko 2000 diye aur Ramesh ne 500 jama kiye")."""
    return money.shop_money(_keys(c), bool(c.found.who.name and not _described_one(c)))


def _described_one(c: _Clause) -> bool:
    return c.found.who.described


def _owed_from_before(c: _Clause) -> bool:
    """What is still owed, told beside a payment: no entry, and no promise either."""
    keys = frozenset(_keys(c))
    told = not keys.isdisjoint(_OWED_FROM_BEFORE) and keys.isdisjoint(_ENTRY_VERBS)
    return told and keys.isdisjoint(_LATER_DAYS) and _unheld(c)


def _left_owing(c: _Clause) -> bool:
    """A clause that says how much is still owed, with no verb of an entry of its own."""
    keys = frozenset(_keys(c))
    return not keys.isdisjoint(_STILL_OWED) and keys.isdisjoint(_ENTRY_VERBS - _STILL_OWED)


def _names_the_one_before(prev: _Clause, c: _Clause) -> bool:
    """A clause of only "to/for <name>" after an entry that names no one."""
    if prev.intent not in CUSTOMER_INTENTS or prev.found.who.name or prev.found.who.ref:
        return False
    f = c.found
    if not f.who.name or f.who.others or f.amount is not None or f.items or f.when or c.unknown:
        return False
    return all(i in f.who.used or t.key in _TO_NAME for i, t in enumerate(c.tokens))


_TO_NAME = lx.words("to for on of ka ke ki ko account khata khate tab credit naam mein me में")


_HE_OR_SHE = lx.words("he she wo woh vo usne unhone वो उसने उन्होंने")


def _tells_of_the_one_before(c: _Clause) -> bool:
    """A clause whose subject is "he"/"wo": it goes on about the customer just named."""
    return any(t.key in _HE_OR_SHE and i not in c.found.who.used for i, t in enumerate(c.tokens))


# "…, ₹1,500 baaki hain", "…, 600 each": the sum each reminder is for.
_DUE = lx.words("baaki baki bakaya pending due बाकी बकाया each har harek हर")


def _tells_the_due(prev: _Clause, c: _Clause) -> bool:
    f = c.found
    if prev.intent is not Intent.CREATE_REMINDER or prev.found.amount is not None:
        return False
    return f.amount is not None and not (f.who.name or c.unknown) and not _DUE.isdisjoint(_keys(c))


def _entry_of(c: _Clause, name: str) -> bool:
    """An entry for `name` that would be carried out (or one whose verb comes later)."""
    entry = _acts(c) or (c.intent is None and c.found.amount is not None)
    return entry and c.found.who.name == name


def _takes_a_number(c: _Clause) -> bool:
    return c.intent in (Intent.CREATE_CUSTOMER, Intent.UPDATE_CUSTOMER_PHONE)


def _completes_phone(prev: _Clause, c: _Clause) -> bool:
    """A clause of only a phone number after a number change or a new customer that has
    none ("add new customer Meenakshi Sundaram, 9940123456")."""
    f = c.found
    if not _takes_a_number(prev) or prev.found.phone or f.phone is None:
        return False
    return not (f.who.name or f.who.ref or c.unknown)


_NAME_WORDS = lx.words("naam nam name नाम")
_NAME_LINKS = lx.words("se hai is से है")


def _bare_name(c: _Clause) -> str | None:
    """The clause is only a name (and honorifics): "Raju Yadav", "Sharma ji"."""
    f = c.found
    if f.amount is not None or f.items or f.when or f.phone or f.who.ref:
        return None
    names = [t for t in c.tokens if t.key not in lx.HONORIFICS]
    if any(t.key in _NAME_WORDS for t in names):  # "naam Kusum Pande", "Tarun Bhatia naam se"
        names = [t for t in names if t.key not in _NAME_WORDS | _NAME_LINKS]
    if f.who.name and {i for i, t in enumerate(c.tokens) if t in names} <= f.who.used:
        return f.who.name  # "naam Hardik Bhatt": the name found, a word ("baat") in it too
    if not names or len(names) > 3 or not all(is_name_like(t) for t in names):
        return None
    return spoken(names)


def _completes_time(prev: _Clause, c: _Clause) -> bool:
    """A clause of only a time after a reminder that names none."""
    f = c.found
    if prev.intent not in _TIMED or prev.found.when is not None or f.when is None:
        return False
    if f.amount is not None or f.who.name or f.who.ref or f.items or f.phone or c.unknown:
        return False
    return gate.verdict(_keys(c), c.question) == gate.ACT


def _refines_time(prev: _Clause, c: _Clause) -> bool:
    """A clause of only a time after a reminder that has one: said together, they are one."""
    f = c.found
    if prev.intent not in _TIMED or prev.found.when is None or f.when is None:
        return False
    return not (f.amount is not None or f.who.name or f.who.ref or f.items or f.phone or c.unknown)


def _with_mode(prev: _Clause, c: _Clause) -> _Clause:
    """The payment before, with the mode the clause `c` says (a second mode asks)."""
    said = prev.found.mode
    held = prev.verdict
    if (said and said != c.found.mode) or c.unknown:
        held = gate.Verdict(Decision.ASK, "mode" if said else "unclear")
    found = replace(prev.found, mode=said or c.found.mode)
    return replace(prev, found=found, tokens=prev.tokens + c.tokens, verdict=held)


def _completes_mode(prev: _Clause, c: _Clause) -> bool:
    """A clause that only says how a payment just spoken was made ("..., online")."""
    f = c.found
    if prev.intent is not Intent.RECORD_PAYMENT or f.mode is None:
        return False
    # "…, paytm kiya tha usne": "he" is the one who just paid.
    other = f.who.ref and not (f.who.ref == "active" and prev.found.who.name)
    if f.amount is not None or f.amount_doubt or f.who.name or other or f.items:
        return False
    return gate.verdict(_keys(c), c.question) == gate.ACT or _mode_was(c)


def _mode_was(c: _Clause) -> bool:
    """ "…, cash tha": how the payment was made, a fact about it, no report of another."""
    said = gate.verdict(_keys(c), c.question)
    return c.found.mode is not None and said.reason == "report" and len(_keys(c)) <= _MODE_WAS


_MODE_WAS = 3


def _completes_amount(prev: _Clause, c: _Clause) -> bool:
    """A clause of just an amount (and a mode) after a money entry that has none."""
    if prev.intent not in _NEEDS_AMOUNT or prev.found.amount is not None:
        return False
    if prev.found.amount_doubt or c.found.amount is None or c.found.who.name or c.found.who.ref:
        return False
    return all(k in _AMOUNT_ONLY or k in lx.MODES or not k.isalpha() for k in _keys(c))


def _keys(c: _Clause) -> list[str]:
    return [t.key for t in c.tokens]


def _digits_said(keys: Sequence[str]) -> bool:
    """A number word and digits that make no phone number (too few, too many)."""
    return not lx.PHONE.isdisjoint(keys) and any(k[:1].isdigit() or is_digit_word(k) for k in keys)


def _adds_phone(prev: _Clause, c: _Clause) -> bool:
    """ "naya customer Pooja jodo, number 98..." - the number belongs to the new customer;
    "Hariprasad ka number badlo, naya number 88…" - to the change just asked for."""
    opens = prev.intent is Intent.SET_FOCUS and not lx.KHATA.isdisjoint(_keys(prev))
    return (
        (_takes_a_number(prev) or opens)
        and prev.found.phone is None
        and c.intent is Intent.UPDATE_CUSTOMER_PHONE
        and c.found.who.name is None
        and c.found.who.ref in {None, "active"}  # "…, his number is 98…": the new customer's
    )


def _undo_words(c: _Clause) -> bool:
    return any(t.key in lx.UNDO for t in c.tokens)


def _commands(c: _Clause, now: datetime) -> list[Command]:
    """The clause's command, once per customer when it names several."""
    assert c.intent is not None
    entities: dict[str, Any] = entities_for(c.intent, c.found, c.tokens, now)
    used = tuple(
        t.surface or t.text
        for i, t in enumerate(c.tokens)
        if t.key in KNOWN or not t.key.isalpha() or i in c.found.who.used
    )
    confidence = round(max(0.0, 1.0 - 0.25 * c.unknown), 2)
    verdict = c.verdict
    if c.intent in WRITES and verdict.decision is Decision.ACT:
        verdict = _doubts(c, confidence)
    command = Command(
        c.intent,
        entities,
        after_previous=c.after,
        decision=verdict.decision,
        reason=verdict.reason,
        confidence=confidence,
        used=used,
    )
    others = c.found.who.others if "customer" in entities else ()
    if not others:
        return [command]
    names = (entities["customer"], *others)
    if command.writes and command.decision is Decision.ACT and any(map(_may_be_two, names)):
        # "add 80 each to Pinky Dolly and Sunny": two people or three? Ask.
        command = replace(command, decision=Decision.ASK, reason="customer")
    return [replace(command, entities=entities | {"customer": n}, group=-1) for n in names]


def _may_be_two(name: str) -> bool:
    """A name of a list that may be two people: two words or more, no family name last."""
    words = name.split()
    return len(words) > 1 and key(words[-1]) not in lx.SURNAMES


_WRITTEN = tuple(
    " " + " ".join(key(w) for w in p.split()) + " "
    for p in (
        "likh diya",
        "likh di",
        "likh diye",
        "लिख दिया",
        "लिख दी",
        "जोड़ दिया",
        "chadha diya",
        "jod diya",
    )
)


def _found(phrases: tuple[str, ...], keys: Sequence[str]) -> bool:
    text = " " + " ".join(keys) + " "
    return any(p in text for p in phrases)


def _doubts(c: _Clause, confidence: float) -> gate.Verdict:
    """A write is carried out only when its amount and mode are each sure."""
    keys = _keys(c)
    keys_set = frozenset(keys)
    who = c.found.who
    speaker = gate.for_the_speaker(keys)
    if c.intent in _REMINDERS and not (who.name or who.ref) and speaker:
        return gate.Verdict(Decision.SKIP, "for_you")  # "mujhe yaad dilana": not a customer's
    if c.intent is Intent.CREATE_REMINDER and speaker and not who.ref:
        # "muje kal jane ke liye remind karaye": "jane" is what to do, not who to remind.
        return gate.Verdict(Decision.SKIP, "for_you")
    if c.intent is Intent.CREATE_REMINDER and speaker and who.ref == "active":
        # "remind me tomorrow to collect from her": the speaker's reminder, about her.
        return gate.Verdict(Decision.ASK, "for_you")
    if c.intent is Intent.CREATE_REMINDER and not (who.name or who.ref) and not keys_set & _STRONG:
        return gate.Verdict(Decision.ASK, "customer")  # "Wednesday ka alert": whose, if any?
    if c.intent in _NEEDS_AMOUNT and c.found.amount is None and not c.found.amount_doubt:
        return gate.Verdict(Decision.SKIP, "no_amount")  # "add it to Rahul": how much?
    if c.intent in _NEEDS_AMOUNT and not (who.name or who.ref) and _found(_WRITTEN, keys):
        # "haan haan likh diya, 180 ka saman hai": told to the customer at the counter, whose?
        return gate.Verdict(Decision.ASK, "customer")
    empty_bill = c.intent is Intent.CREATE_INVOICE and not (c.found.items or c.found.amount_doubt)
    if empty_bill and c.found.amount is None and not (who.name or who.ref):
        return gate.Verdict(Decision.SKIP, "no_amount")  # "make two bills, …": a bill of what?
    if c.intent is Intent.CREATE_CUSTOMER and not who.name:
        return gate.Verdict(Decision.ASK, "customer")  # "naya customer Sunny add karo": who?
    if c.intent is Intent.UPDATE_CUSTOMER_PHONE and c.found.phone is None:
        return gate.Verdict(Decision.ASK, "no_phone")  # "number badlo": to which number?
    if c.intent is Intent.CREATE_CUSTOMER and c.found.phone is None and _digits_said(keys):
        return gate.Verdict(Decision.ASK, "no_phone")  # "number 98765 4321": a digit short
    if who.miscounted:
        return gate.Verdict(Decision.ASK, "customer")  # "Rahul, Priya, teeno ko": who else?
    if len({lx.MODES[k] for k in keys if k in lx.MODES}) > 1:
        return gate.Verdict(Decision.ASK, "mode")
    if gate.has_alternatives(keys):
        return gate.Verdict(Decision.ASK, "alternatives")  # "100 ya 200": ask which
    if c.found.amount_doubt or (c.found.amount is not None and c.found.amount <= 0):
        return gate.Verdict(Decision.SKIP, "amount")  # nothing sure to read back: say it again
    if c.intent in CUSTOMER_INTENTS and who.described:
        return gate.Verdict(Decision.ASK, "customer")  # "Pinky ki mummy ne 300 diye": whose?
    someone_else = who.ref == "active" and word_who_went(c.tokens)  # "Sunny … le gayi, uske …"
    if c.intent in CUSTOMER_INTENTS and (
        (not (who.name or who.ref) and _name_unplaced(c)) or someone_else
    ):
        return gate.Verdict(Decision.ASK, "customer")  # a name was heard but not placed
    if c.intent in CUSTOMER_INTENTS and who.ref == "active" and _named_beside(c):
        return gate.Verdict(Decision.ASK, "customer")  # "Shakti cleared his dues": his is hers
    if confidence < _UNSURE_BELOW:
        return gate.Verdict(Decision.ASK, "unclear")
    return gate.ACT


# Before "ka/ke/se/wala": goods, times, amounts and ledger words name no one either; a
# function word does not ("Shakti ka 150": "sakti" is "can").
# Weekdays and payment apps are names too ("Mangal", "Bheem" / BHIM): a write does not
# belong to a day or an app.
_OWNERS_NOT = (
    _PRONOUNS | lx.TODAY
    | (_NOT_A_PERSON - lx.FILLER - gate.VOCABULARY - frozenset(WEEKDAYS) - frozenset(lx.MODES))
)  # fmt: skip


_POSSESSIVES = lx.words("ka ki ke")
# "halwai ka number 91… hai, usko phone lagao": a number told so as to call it, not to store.
_CALLS = lx.words("lagao lagana lagado lagaiye call dial ring milao लगाओ लगा लगाना मिलाओ")
_DO = lx.words("karo kar kariye karna करो कर करिए")
_SETS_A_NUMBER = lx.CHANGE | lx.NEW | lx.words("save likho likh likhna update naya new नया")
# Words that are also people's names ("Bill", "May", "बिल"): before "ka/ke/se", written with
# a capital or in Devanagari, they may be the customer, so a write with no one else asks.
_ALSO_GIVEN_NAMES = lx.words("bill bil") | frozenset(MONTHS)
_LEDGER_NOUNS = lx.BILL | lx.REMINDER | lx.BALANCE | lx.STOCK | lx.ENTRY | lx.KHATA
_ENTRY_WORDS = lx.CREDIT | lx.PAYMENT | lx.GIVE


def _silent_in_name(token: Token) -> bool:
    """A word of the customer's name that says nothing of the intent: a ledger noun ("Bill ka
    bill"), or a capitalised verb of entries ("Mark ne 500 diye" is a payment by Mark)."""
    k = token.key
    return k in _LEDGER_NOUNS or (_may_be_name(token.surface) and k in _ENTRY_WORDS)


# Verbs of giving after a capitalised word make it their subject, even a word ("May sent").
_GIVING = lx.words(
    "paid pays gave sent deposited repaid cleared settled took bought borrowed returned transferred "
    "scanned handed is"  # "May is taking …", "Mangal aunty scanned the QR"
)
# Words after which a capitalised word is the customer, even a word ("for Bill", "remind May").
_NAME_SLOT = lx.words("for to from remind send give bill charge of")
# Between a subject and its verb: "May has paid", "Bill just sent", "Sunny already gave".
_AUXILIARIES = lx.words("has had have just already also")
_HAS = lx.words("has had")


def _name_unplaced(c: _Clause) -> bool:
    """A capitalised name-like word no one placed, or a name the vocabulary took for a word
    ("Sunny ko 500": "sunny" reads as "sunya", zero)."""
    used = c.found.who.used
    return (
        _someone_unplaced(c.tokens)
        or word_who_went(c.tokens)
        or any(
            is_name_like(t) and t.surface[:1].isupper() and i not in used
            for i, t in enumerate(c.tokens)
        )
    )


def _named_beside(c: _Clause) -> bool:
    """Beside "his/uska", a word the vocabulary knows standing where a name does ("Shakti
    cleared his dues", "remind Mark about his dues"): "his" is that person's, not the focus."""
    tokens = c.tokens
    timed = c.found.when is not None
    unused = [
        t
        for i, t in enumerate(tokens)
        if i not in c.found.who.used and not (timed and _the_day(tokens, i))
    ]
    return _someone_unplaced(unused, apps_are_names=False)


def _the_day(tokens: Sequence[Token], i: int) -> bool:
    """ "remind him on Friday evening", "agle Mangal ko": a day, where a word before says so
    ("Mangal cleared his dues", "मंगल ने" are people)."""
    return tokens[i].key in TIME_WORDS and i > 0 and tokens[i - 1].key in _BEFORE_A_DAY


_BEFORE_A_DAY = lx.words("on next this last coming by till until every agle agla is pichle har")


def _someone_unplaced(tokens: Sequence[Token], apps_are_names: bool = True) -> bool:
    """A capitalised or Devanagari word before "ko/ne" (or "ka/ke/se/wala" when it names no
    goods, time or ledger word), honorifics between: a name the vocabulary took for a word
    ("Sunny" reads as "sunya", zero; "Mark", "मार्क")."""
    for i, marker in enumerate(tokens):
        honoured = marker.key in _HONOURS and (
            i + 1 == len(tokens) or tokens[i + 1].key not in lx.HONORIFICS
        )
        if marker.key not in _PERSON_MARKERS and not honoured:
            continue
        j = i - 1
        while j > 0 and tokens[j].key in lx.HONORIFICS:
            j -= 1  # "Sunny ji ko"
        if j < 0 or not _may_be_name(tokens[j].surface) or not tokens[j].key.isalpha():
            continue
        word = tokens[j].key
        # "Shakti bhaiya aaye the": capitalised before an honorific, a word ("sakti", can)
        # is someone's name.
        called = _NOT_CALLED_CAPITALISED if tokens[j].surface[:1].isupper() else _NOT_CALLED
        if honoured and word in called:
            continue  # "aur kuch bhai?": no one is called "kuch"
        # "May ke khate mein": an account is a person's, whatever the word before.
        owner = i + 1 < len(tokens) and tokens[i + 1].key in lx.KHATA
        recipient = marker.key in _RECIPIENT or owner
        if word in (_PRONOUNS if recipient else _OWNERS_NOT - _ALSO_GIVEN_NAMES):
            continue
        if not apps_are_names and word in lx.MODES:
            continue  # "उसका ३०० फोनपे से आया": beside "his", an app before "se" is the mode
        if SMALL.get(word, 0) and not recipient:
            continue  # "Pachas ka saman": an amount
        return True
    return any(
        (_named_anyway(tokens, i) and (apps_are_names or tokens[i].key not in lx.MODES))
        or _owns_itself(tokens, i)
        for i in range(len(tokens))
    )


def _owns_itself(tokens: Sequence[Token], i: int) -> bool:
    """A word that owns the same word ("Bill ka bill", "बिल का बिल", "Bill's bill") is a name:
    nothing is its own possession."""
    if not 0 < i < len(tokens) - 1 or tokens[i].key not in _POSSESSIVES:
        return False
    owner = tokens[i - 1].key
    return owner == tokens[i + 1].key and owner.isalpha() and owner not in _PRONOUNS


def _may_be_name(surface: str) -> bool:
    """Capitalised, or in Devanagari (which has no capitals): "Sunny", "मार्क"."""
    return surface[:1].isupper() or "\u0900" <= surface[:1] <= "\u097f"


def _named_anyway(tokens: Sequence[Token], i: int) -> bool:
    """A capitalised word the vocabulary knows, where a name stands: before "paid/took"
    ("Sunny paid 300") or inside the sentence ("add 500 to Sunny")."""
    t = tokens[i]
    if len(t.key) < 2 or not t.key.isalpha() or not t.surface[:1].isupper() or t.surface.isupper():
        return False
    if t.key in _PRONOUNS or t.key in lx.TODAY:
        return False
    j = i + 1
    while j < len(tokens) and tokens[j].key in lx.HONORIFICS | _AUXILIARIES:
        j += 1
    after = tokens[j] if j < len(tokens) else None
    if j > i + 1 and tokens[j - 1].key in _HAS and (after is None or after.key not in _GIVING):
        return True  # "May has a new phone number": the one who has it
    if after is not None and (after.surface == "'s" or after.key in _GIVING):
        return True  # "May's reminder", "Bill's bill", "May sent 400": a word as a name
    if i > 0 and tokens[i - 1].key in _NAME_SLOT:
        return True  # "for Bill", "remind May", "send Bill a reminder"
    if t.key in MONTHS and after is not None and after.key in _PERSON_MARKERS:
        return True  # "May ka reminder": a month owns no reminder, a girl called May does
    if t.key in _OWNERS_NOT:
        return False
    return i > 0 or (after is not None and after.key in lx.SUBJECT_VERBS)


def _numbered(commands: list[Command]) -> list[Command]:
    """Commands split from one write share the index of the first of them."""
    out: list[Command] = []
    for index, cmd in enumerate(commands):
        if cmd.group == -1:
            first = index if not out or out[-1].group is None else out[-1].group
            cmd = replace(cmd, group=first)
        out.append(cmd)
    return out


def _once(commands: list[Command]) -> list[Command]:
    """The same non-money command said twice in a row ("galti ho gayi, undo karo") is one."""
    return [
        c
        for i, c in enumerate(commands)
        if i == 0 or c.intent in _REPEATS or c.to_json() != commands[i - 1].to_json()
    ]


def _doubt_repeats(commands: list[Command]) -> list[Command]:
    """The same entry twice in a row may be one said twice: ask before writing it again."""
    out = list(commands)
    for i in range(1, len(out)):
        same = out[i].to_json() == out[i - 1].to_json()
        if same and out[i].intent in _REPEATS and out[i].decision is Decision.ACT:
            out[i] = replace(out[i], decision=Decision.ASK, reason="repeated")
    return out


def _named_before(cmd: Command, names: list[str], index: int) -> list[Command] | None:
    """ "dono"/"teeno" after as many customers named in the same utterance: one command each,
    for those names, instead of the customers last in focus; one group, so a write to more
    than two is read back like any list of names."""
    ref = cmd.entities.get("customer_ref", "")
    if not ref.startswith("recent:") or len(names) < int(ref[7:]):
        return None
    rest = {k: v for k, v in cmd.entities.items() if k != "customer_ref"}
    return [
        replace(
            cmd,
            entities={"customer": name} | rest,
            group=index,
            after_previous=cmd.after_previous and not i,
        )
        for i, name in enumerate(names[-int(ref[7:]) :])
    ]


def _carry_names(commands: list[Command]) -> list[Command]:
    out: list[Command] = []
    last_name: str | None = None
    names: list[str] = []  # the customers named so far, in spoken order
    unplaced = False  # a name was heard that no command could place
    for index, cmd in enumerate(commands):
        ents = cmd.entities
        takes_name = cmd.intent in CUSTOMER_INTENTS or cmd.intent in _NAMED_LISTS
        if (group := _named_before(cmd, names, index)) is not None:
            # "Heera ko 150, Sona ko 80, aur dono ko kal reminder": the two just named.
            out += group
            continue
        if "customer" in ents:
            last_name = ents["customer"]
            if last_name not in names:
                names.append(last_name)
        elif cmd.reason == "customer" and not ents.get("customer_ref"):
            unplaced = True
        elif (
            takes_name
            and not last_name
            and not ents.get("customer_ref")
            and cmd.decision is not Decision.ACT
        ):
            unplaced = True  # "दिनेश 650 दे गया है और उसे …": whoever was meant, it was held
            # (a later "uska" is that person, never the customer in focus)
        elif (
            unplaced
            and cmd.writes
            and cmd.decision is Decision.ACT
            and ents.get("customer_ref", "active") == "active"
        ):
            # "Sunny ko 500 likho aur kal reminder bhejo": the reminder is Sunny's, unplaced too.
            cmd = replace(cmd, decision=Decision.ASK, reason="customer")
        elif cmd.writes and len(names) > 1 and ents.get("customer_ref") == "active":
            # "Memon ke 400 aur Bohra ke 300 jama karo, aur usko kal ka reminder": which one?
            if cmd.decision is Decision.ACT:
                cmd = replace(cmd, decision=Decision.ASK, reason="customer")
        elif takes_name and last_name and ents.get("customer_ref", "active") == "active":
            ents = {"customer": last_name} | {k: v for k, v in ents.items() if k != "customer_ref"}
        after = cmd.after_previous and index > 0
        if ents is not cmd.entities or after != cmd.after_previous:
            cmd = replace(cmd, entities=ents, after_previous=after)
        out.append(cmd)
    return out
