"""The safety gate: words that change what a write means, and the verdict they lead to.

A continuously listening session hears negations ("mat likhna"), questions ("diye kya?"),
promises ("kal de dega"), reports ("keh raha tha") and conditions ("agar"). A write that
carries one of them is never carried out as heard: it is skipped (nothing written, the reply
says why) or asked back. Self-corrections are repaired first ("100 nahi, 200" is 200), so
the "nahi" they use is not read as a negation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain.intents import Decision
from domain.language.lexicon import GAVE, GIVE, JOINERS, MODES, PAYMENT, UNITS, words
from domain.language.normalize import SEPARATOR, key
from domain.language.numbers import SMALL, read_number


def _phrases(*said: str) -> re.Pattern[str]:
    """One regex for phrases, each as its " k1 k2 " keys, to search a clause's keys text."""
    return re.compile("|".join(re.escape(" " + " ".join(map(key, p.split())) + " ") for p in said))


NEGATIONS = words(
    "mat mt mut nahi nahin nai nhi na no don't dont never not didnt doesnt hasnt havent wont "
    "cant isnt wasnt shouldnt मत नहीं नही ना न"
)
# "nahi" is also the first word of a correction ("nahi nahi, 30 likho", "arre nahi, Priya").
CORRECTION_WORDS = words(
    "nahi nahin nai nhi no arre are arey areh oh sorry galti matlab mean wait sory "
    "i actually balki instead correction galat se bola bol gaya ek minute minat sori sec second "
    "गलती से बोला नहीं नही अरे सॉरी मतलब बल्कि एक मिनट सेकंड "
    "ruko रुको"  # "600 likho, nahi ruko, 650": holding the first value back
)
_CORRECTION_STARTS = words(
    "nahi nahin nai nhi no arre are arey sorry sori matlab galti oops wait oh नहीं अरे मतलब गलती सॉरी"
)
# Phrases that start a correction: "I mean 65", "actually make it 50", "oh no, to Priya".
_CORRECTION_PHRASES = tuple(
    tuple(key(w) for w in p.split())
    for p in (
        "i mean", "actually", "make it", "oh no", "oh wait", "oh sorry", "oops", "one minute",
        "ek minute", "no wait", "ek sec", "one sec", "ek second", "one second", "एक सेकंड",
        "wait", "sorry", "एक मिनट", "मेरा मतलब", "mera matlab", "आई मीन",
    )
)  # fmt: skip
# Words after which a negation is not one: "bhoolna mat" (do not forget) asks for a reminder.
_FORGET = words("bhulna bhoolna bhool bhul bhulna bhoolna forget भूलना भूलें")
# "koi baat nahi", "koi jaldi nahi", "no hurry", "no problem", "no doubt": words of comfort or
# of certainty, no negation.
_NO_WORRIES = words(
    "baat bat jaldi hurry problem worries worry tension dikkat doubt shak shaq बात जल्दी दिक्कत शक"
)
_QUESTION = words("kya kyaa kyun kyon kab kaise did does has have should shall क्या क्यों कब कैसे")
_WHICH = key("which")
_TAG = words("na ना")
_ENGLISH_TAGS = words("right remember")
_ENGLISH_PAST = words("took paid gave bought picked sent")
_POLITE_END = words("please plz yaar yar")
_POLITE = words("sakte sakti sakta sakenge can could would सकते सकती सकता")
_YOU = words("aap ap you आप")
# Anywhere in a write these ask, they do not tell ("udhaar kaise likhte hain").
_QUESTION_ANYWHERE = words(
    "kya kyaa kyun kyon kab kaise क्या क्यों कब कैसे "
    "kaunsa kaunse konsa konse kaunsi konsi कौनसा कौनसे "  # "kaunsa Raju?"
    "doon dun दूँ दूं"  # "khate mein likh doon?": shall I write it - asked, not told
)
_QUESTION_PHRASES = _phrases("ki nahi", "ya nahi", "or not", "hai na", "ki na", "कि नहीं", "या नहीं")
# Future and promises: the customer will pay, the goods will come.
_PROMISE = words(
    "dega degi denge dengi dunga dungi dooga doongi karega karegi karenge lega legi lenge "
    "chukayega chukayegi lautayega lautayegi bhejega bhejegi jama-karega will gonna promise "
    "promised vada wada waada going aayega aayegi aaega aaegi jayega jayegi jaayega jaayegi "
    "वादा देगा देगी देंगे दूंगा दूंगी करेगा करेगी लेगा लेगी आएगा आएगी जाएगा जाएगी"
)
# Talk to the customer ("aapka 450 hua, kal de dena", "your total is 450, pay me tomorrow"):
# the shop tells the customer, it does not tell the ledger; nothing is written.
_TO_CUSTOMER = words("your yours aapka aapke aapki tumhara tumhare tumhari आपका आपके आपकी तुम्हारा")
# "500 dene wali hai": about to give.
_PROMISE_PHRASES = _phrases(
    "dene wala", "dene wali", "dene wale", "dene vala", "dene vali", "chukane wala",
    "chukane wali", "देने वाला", "देने वाली", "देने वाले",
    # "kal 800 de jayega": will drop off (gave-and-went, in the future).
    "de jayega", "de jayegi", "de jaega", "de jaegi", "de jaayega", "de jaayegi",
    "दे जाएगा", "दे जाएगी", "दे जायेगा", "दे जायेगी",
)  # fmt: skip
# "keh"/"kah" share their phonetic keys with "ke"/"ka": they count only before "raha/rahi".
_SPEAKER = words("mujhe muje mujhko mujhe humein hamein hume मुझे मुझको हमें")
_SPEAKER_PHRASES = _phrases("remind me", "tell me", "for me", "mere liye", "apne liye", "मेरे लिए")
_PAY_LATER = words("dega degi denge dunga dungi chukayega chukayegi lautayega lautayegi देगा देगी देंगे")
_REPORT = words(
    "bol bola boli bolta bolti bole kaha kahe kehta kehti kehna said says told "
    "claim claims claimed suna saying mentioned according बोल बोला बोली कहा कहता कहती कहना"
)
# "Kamla ka 400 to likh diya tha", "pehle hi likh diya hai": written already, not to write.
_ALREADY_WRITTEN = _phrases(
    "likh diya tha", "likh di thi", "likh diye the", "likh diya hai", "likh chuka",
    "likh chuki", "pehle hi likh", "to likh diya", "already written", "already wrote",
    "already added", "लिख दिया था", "लिख दिया है", "लिख चुका", "पहले ही लिख",
)  # fmt: skip
_REPORT_PHRASES = _phrases(
    "keh raha", "keh rahi", "keh rahe", "kah raha", "kah rahi", "kah rahe", "कह रहा",
    "कह रही", "कह रहे", "bata raha", "bata rahi", "bata rahe", "bataya ki", "bataya tha",
    "बता रहा", "बता रही", "बता रहे", "बताया कि", "बताया था",
    "ka kehna", "ka kahna", "का कहना", "message kiya ki", "मैसेज किया कि", "msg kiya ki",
)  # fmt: skip
# The speaker is not sure: ask before writing ("shayad 400", "cash ya upi pata nahi").
_DOUBT = words("shayad shaayad lagbhag takriban maybe perhaps probably approx around शायद लगभग")
_DOUBT_PHRASES = _phrases(
    "pata nahi", "pata nahin", "yaad nahi", "yaad nahin", "sure nahi", "not sure",
    "i think", "don t know", "don t remember", "dont know", "dont remember",
    "not sure", "nahi pata", "nahin pata", "pakka nahi", "pakka nahin", "पता नहीं", "याद नहीं",
    "नहीं पता", "पक्का नहीं", "dhyan nahi", "dhyaan nahi", "ध्यान नहीं",
    "samajh nahi", "samajh nahin", "समझ नहीं", "can t recall", "cant recall", "no idea",
    "didn t see", "didnt see",
)  # fmt: skip
# "tha" closing an entry with no verb of giving or writing: a state told, not dictated
# ("Vikas ka 600 udhaar tha"); "Priya ne 300 diye the" is dictation.
# "Chhotu, Sharma ji ka 200 likh lena register mein": the paper book is written by hand; whether
# the app writes it too is asked.
_PAPER_BOOK = _phrases(
    "register mein", "register me", "register main", "in the register", "diary mein",
    "diary me", "in the diary", "bahi mein", "bahi me", "copy mein", "copy me",
    "in the notebook", "रजिस्टर में", "डायरी में", "बही में", "कॉपी में",
)  # fmt: skip
_WAS = words("tha thi the था थी थे")
_ENTRY_VERBS = GIVE | GAVE | PAYMENT | words("liya liye li lia le gaya gayi लिया लिए ले")
_CONDITION = words("agar yadi if unless jab agr अगर यदि")
_IF = key("if")
# "सामान चाहिए हो तो 300 तक लिख देना": a condition with no "agar".
_IF_PHRASES = _phrases("ho to", "ho toh", "हो तो")
_ALONE_STOPS = words("bas ruko ruk stop itna hi bus that thats it enough बस रुको") | {"ka"}
_OR = words("ya or athva athwa either या")
# A clause that takes back the whole of what was just said: "..., rehne do", "..., leave it".
_TAKE_BACK = words(
    "rehne rahne chhodo chodo chhod chod jane jaane leave forget nevermind रहने छोड़ो छोड़ जाने"
)
_TAKE_BACK_FILLERS = (
    words("do dijiye it mind never na yaar bhai please abhi bas दो दीजिए अभी बस") | NEGATIONS
)
ALTERNATIVES = _OR
_MODES = frozenset(MODES)
# Every word above is the parser's own: never part of a name.
_REVERSED = words("ulta ulte ulti ulat उल्टा उलटा उल्टे उलटे reverse reversed swap")
VOCABULARY = (
    NEGATIONS | CORRECTION_WORDS | _FORGET | _QUESTION | _PROMISE | _REPORT | _CONDITION
    | _ALONE_STOPS | _OR | _DOUBT | _POLITE | _YOU | _TO_CUSTOMER | _QUESTION_ANYWHERE
    | _REVERSED
)  # fmt: skip


def _found(phrases: re.Pattern[str], text: str) -> bool:
    """Whether any of the phrases is in the clause's " keys " text."""
    return phrases.search(text) is not None


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    reason: str | None = None


ACT = Verdict(Decision.ACT)


def is_choice(k: str) -> bool:
    """An amount or a mode: what "or" may stand between."""
    if not k:
        return False
    return (
        k in _MODES or k.replace(".", "").isdigit() or read_number([k], 0, frozenset()) is not None
    )


def doubtful(keys: Sequence[str]) -> bool:
    text = " " + " ".join(keys) + " "
    return not _DOUBT.isdisjoint(keys) or _found(_DOUBT_PHRASES, text)


def correction_prefix(keys: Sequence[str]) -> int:
    """How many leading words of a clause are a correction ("arre nahi Priya ko" -> 2,
    "I mean 65" -> 2, "actually make it 50" -> 3)."""
    n = 0
    while n < len(keys):
        phrase = next((p for p in _CORRECTION_PHRASES if tuple(keys[n : n + len(p)]) == p), None)
        if phrase is not None:
            n += len(phrase)
        elif (n == 0 and keys[n] in _CORRECTION_STARTS) or (n and keys[n] in CORRECTION_WORDS):
            n += 1
        else:
            break
    return n if n < len(keys) else 0


def is_correction_marker(keys: Sequence[str]) -> bool:
    """A clause that only takes back what came before: "nahi nahi", "arre nahi", "sorry"."""
    if not keys:
        return False
    whole = tuple(keys) in _CORRECTION_PHRASES
    return whole or (keys[0] in _CORRECTION_STARTS and all(k in CORRECTION_WORDS for k in keys))


def is_take_back(keys: Sequence[str]) -> bool:
    """ "rehne do", "chhodo", "leave it", "nahi, jane do": what came before is not wanted."""
    if _TAKE_BACK.isdisjoint(keys):
        return False
    return all(k in _TAKE_BACK or k in _TAKE_BACK_FILLERS for k in keys)


# What a take-back points at: every entry just said, or the last one.
_EVERY_ONE = words("sab sabhi saara sara dono both all everything kuch anything सब सभी दोनों कुछ")
_THAT_ONE = words("that it ye yeh isko ise vo wo woh इसे इसको ये यह वो")
_CANCEL_WORDS = words("cancel cancle kensal radd कैंसिल रद्द")
_WRITE_VERBS = words("likho likhna likh likhunga likhenge write add लिखो लिखना लिख लिखूँगा लिखूंगा")
_BACK_FILLERS = _TAKE_BACK_FILLERS | words(
    "ruko ruk wait nahi galat hai karo kar to toh tho then i will पर तो रुको गलत है करो कर मैं"
    # "…, scratch that whole entry": the entry just said, not one written before.
    " whole entry poori puri wali wala पूरी एंट्री वाली वाला"
)


_NOW = words("abhi abi now main mai मैं अभी")


def takes_back(keys: Sequence[str]) -> str | None:
    """ "…, sab chhodo", "…, dono galat hai, rehne do", "…, cancel that", "…, kuch mat likho":
    the entries just said are not wanted ("all" of them, or the "last"); None when not."""
    scope = "all" if not _EVERY_ONE.isdisjoint(keys) else "last"
    said = [k for k in keys if k not in _EVERY_ONE and k not in _THAT_ONE]
    pointed = scope == "all" or not _THAT_ONE.isdisjoint(keys)
    if not said or (not pointed and _TAKE_BACK.isdisjoint(said)):
        return None  # "rehne do" alone still takes back the last one
    verbs = _TAKE_BACK | _CANCEL_WORDS
    if not verbs.isdisjoint(said) and all(k in verbs or k in _BACK_FILLERS for k in said):
        return scope  # "sab chhodo", "cancel that", "dono galat hai, rehne do abhi"
    negated = not NEGATIONS.isdisjoint(said) and not _WRITE_VERBS.isdisjoint(said)
    if (
        negated
        and pointed
        and all(
            k in NEGATIONS or k in _WRITE_VERBS or k in _BACK_FILLERS or k in _NOW for k in said
        )
    ):
        return scope  # "to kuch mat likho", "don't write anything", "वो मैं अभी नहीं लिखूँगा"
    return None


def reverses(keys: Sequence[str]) -> bool:
    """ "nahi ulta", "उल्टा कर दो", "the other way round": the entries said are swapped."""
    text = " " + " ".join(keys) + " "
    return not _REVERSED.isdisjoint(keys) or _found(_OTHER_WAY, text)


_OTHER_WAY = _phrases("other way round", "other way around")
_BUT = words("par pr lekin magar but पर लेकिन मगर")


_REST = words("baaki baki bakaya rest remaining बाकी बकाया")


def _ends_taken_back(keys: Sequence[str]) -> bool:
    """ "अर्जुन को 400 उधार लिखो छोड़ो रहने दो": the write, then, with no comma, "leave it"."""
    at = len(keys)
    while at > 0 and (keys[at - 1] in _TAKE_BACK or keys[at - 1] in _TAKE_BACK_FILLERS):
        at -= 1
    rest = at > 0 and keys[at - 1] in _REST  # "…, baaki rehne do": the rest stays owed
    return 0 < at < len(keys) and not rest and not _TAKE_BACK.isdisjoint(keys[at:])


def _but_taken_back(keys: Sequence[str]) -> bool:
    """ "Salim ko 100 likhna tha par rehne do": the write, then "but leave it"."""
    at = max((i for i, k in enumerate(keys) if k in _BUT), default=-1)
    return at >= 0 and is_take_back(keys[at + 1 :])


_WRONG = words("galat wrong incorrect गलत")
_ABOUT_WRONG = words(
    "naam name amount rakam number entry hai ho gaya gayi tha the is was that thats it sab "
    "sorry arre oh नाम रकम है हो गया गई था थी थे "
    "ruko wait bola boli bol said maine i di diya मैंने बोला बोली बोल दी दिया रुको "  # "ruko, galat bola"
    "please plz yaar yar bhai the ek minute hang hold on एक मिनट"
)


def wrong_from(keys: Sequence[str], i: int) -> bool:
    """ "record 600 from Prem wait the amount is wrong": from a "wait" at `i` to the clause's
    end, only that what came before was wrong (no comma before it)."""
    if keys[i] not in _WAITS:
        return False
    end = next((j for j in range(i, len(keys)) if keys[j] == SEPARATOR), len(keys))
    return says_wrong(keys[i:end])


_WAITS = words("wait ruko rukiye ruk hang hold sorry sori रुको रुकिए सॉरी")


def says_wrong(keys: Sequence[str]) -> bool:
    """ "naam galat ho gaya", "that's wrong", "amount galat hai": only that it was wrong."""
    return not _WRONG.isdisjoint(keys) and all(k in _WRONG or k in _ABOUT_WRONG for k in keys)


_THANKS = words("dhanyavaad dhanyawad shukriya thanks thank you धन्यवाद शुक्रिया")


def is_trailing_stop(keys: Sequence[str]) -> bool:
    """ "bas", "that's it" after a command end it; they do not cancel it."""
    return bool(keys) and all(k in _ALONE_STOPS for k in keys)


def is_thanks(keys: Sequence[str]) -> bool:
    """ "…, dhanyavaad": said to the customer after the command, nothing to do with it."""
    return bool(keys) and all(k in _THANKS for k in keys)


def repair_numbers(keys: Sequence[str]) -> set[int]:
    """Indices to drop so that "100 nahi, 200" / "not 100 but 200" keep only the second number."""
    drop: set[int] = set()
    if NEGATIONS.isdisjoint(keys) and _AMOUNT_FIXES.isdisjoint(keys):
        return drop  # most utterances: no correction to look for
    i = 0
    n = len(keys)
    while i < n:
        first = read_number(keys, i, frozenset({"rs"}))
        if first is None or first[0] == 0:  # "Sunny" reads as zero; nobody corrects zero
            i += 1
            continue
        _, j = first
        end_first = j + 1 if j < n and keys[j] == "rs" else j
        k = end_first
        unit = keys[k] if k < n and keys[k] not in NEGATIONS and keys[k] != "," else None
        k += unit is not None  # "5 baje, nahi 6 baje", "2 kilo nahi 3 kilo"
        k += k < n and keys[k] == ","
        if k < n and keys[k] in NEGATIONS:
            english_not = keys[k] == _NOT
            k += 1
            while k < n and keys[k] in _BEFORE_THE_RIGHT_ONE:
                k += 1
            second = read_number(keys, k, frozenset({"rs"})) if k < n else None
            if english_not and k == end_first + 2 + (keys[end_first] == ",") - 1 and second:
                # "write 60, not 600": English "not" after a number rejects the next one.
                drop.update(range(k - 1, second[1]))
                i = second[1]
                continue
            if second is not None and (unit is None or keys[second[1] : second[1] + 1] == [unit]):
                start = i - 1 if i > 0 and keys[i - 1] == key("not") else i
                earlier = _said_before(keys, start, first[0])
                if earlier and unit is None and "," in keys[max(earlier) : start]:
                    # "गीता ने 350 दिए, 350 नहीं 530": "नहीं 530" corrects the clause before.
                    drop.update(range(i, end_first))
                else:
                    drop.update(range(start, k))
                    drop.update(earlier)
                i = k
                continue
        if (taken_back := _taken_back_later(keys, end_first)) is not None or (
            taken_back := _said_again(keys, end_first)
        ) is not None:
            drop.update(range(i, j))  # the first number, and the words that take it back
            drop.update(taken_back)
            i = max(taken_back) + 1
            continue
        i = j
    return drop


# "150 nahi, balki 250", "150 नहीं पूरे 250": words between the negation and the right number.
_BEFORE_THE_RIGHT_ONE = CORRECTION_WORDS | {","} | words("but balki pure poore pura full पूरे पूरा")


def _said_before(keys: Sequence[str], end: int, value: float) -> set[int]:
    """The same number said earlier that "200 nahi 250" takes back too: "Tulsi ka 200 jama
    karo, 200 nahi 250" is 250. Not across "aur"/"and": that 200 may be another customer's."""
    i = 0
    while i < end:
        if keys[i] in JOINERS:
            return set()
        num = read_number(keys, i, frozenset({"rs"}))
        if num is not None and num[0] == value and num[1] <= end:
            return set(range(i, num[1]))
        i = num[1] if num is not None else i + 1
    return set()


# Words between an amount and "nahi nahi" when speech-to-text wrote no comma: "250 ka udhaar
# likho nahi nahi 520", "put 200 on Sandhya's no wait 250".
_GAP = 4
_NOT = key("not")
# A quantity or a time between them is another correction's business ("2 kilo nahi 3 kilo").
_NOT_BETWEEN = frozenset(UNITS) | words("baje bje ghante ghanta minute minutes din tarikh pm am")


# "80 udhaar sorry 90", "1000 jama karo actually 1200", "90 उधार, माफ करना, 190", "120 to
# Mary's tab actually make it 210": a number said again after words of correction.
_AMOUNT_FIXES = words("sorry sori actually matlab mean oops maaf माफ सॉरी मतलब")
_FIX_WORDS = _AMOUNT_FIXES | words("i make it no oh karna kijiye करना कीजिए ,")


def _said_again(keys: Sequence[str], at: int) -> range | None:
    """The words of correction between an amount and the amount said in its place."""
    g = at
    while g < len(keys) and g - at < _GAP and keys[g] not in _AMOUNT_FIXES:
        if keys[g] in _NOT_BETWEEN or read_number(keys, g) is not None:
            return None
        g += 1
    if g >= len(keys) or keys[g] not in _AMOUNT_FIXES:
        return None
    start = g - 1 if g > at and keys[g - 1] in words("i no oh") else g  # "I mean", "no sorry"
    k = g + 1
    while k < len(keys) and keys[k] in _FIX_WORDS:
        k += 1
    second = read_number(keys, k, frozenset({"rs"})) if k < len(keys) else None
    if second is None or second[0] == 0:
        return None
    if second[1] < len(keys) and keys[second[1]] in _NOT_BETWEEN:
        return None
    return range(start, k)


def _taken_back_later(keys: Sequence[str], at: int) -> range | None:
    """The negation and correction words after a few words of the entry, when a new number
    follows them; None when none does or a unit, a time or a comma comes between."""
    g = at
    while g < len(keys) and g - at < _GAP and keys[g] not in NEGATIONS:
        if keys[g] == "," or keys[g] in _NOT_BETWEEN or read_number(keys, g) is not None:
            return None
        g += 1
    if g == at or g >= len(keys) or keys[g] not in NEGATIONS:
        return None
    k = g + 1
    while k < len(keys) and keys[k] in (CORRECTION_WORDS | NEGATIONS):
        k += 1
    second = read_number(keys, k, frozenset({"rs"})) if k < len(keys) else None
    if second is None or (second[1] < len(keys) and keys[second[1]] in _NOT_BETWEEN):
        return None
    return range(g, k)


def for_the_speaker(keys: Sequence[str]) -> bool:
    """ "mujhe yaad dilana", "remind me": the shopkeeper's own reminder, not a customer's."""
    text = " " + " ".join(keys) + " "
    return not _SPEAKER.isdisjoint(keys) or _found(_SPEAKER_PHRASES, text)


# "900 agle mahine de dena", "aap parso de jaana 650", "you can pay the 350 next week": money
# asked of the customer, later.
_GIVE_LATER = _phrases(
    "de dena", "de jana", "de jaana", "de dijiye", "दे देना", "दे जाना", "दे दीजिए",
    "you can pay", "you pay", "pay me", "you can give", "give me", "you can bring",
)  # fmt: skip
_LATER_DAYS = words(
    "kal parso agle agla agli next monday tuesday wednesday thursday friday saturday sunday "
    "mahine hafte month week tomorrow कल परसों अगले अगली"
)


def _asked_for_later(keys: Sequence[str], text: str) -> bool:
    """A sum asked of the customer for a later day; without its sum the clause only says
    when ("aapka 450 hua, kal de dena": the clause before holds the money)."""
    if not _found(_GIVE_LATER, text) or _LATER_DAYS.isdisjoint(keys):
        return False
    return any(read_number(keys, i) is not None for i in range(len(keys)))


def promises(keys: Sequence[str]) -> bool:
    text = " " + " ".join(keys) + " "
    return not _PROMISE.isdisjoint(keys) or _found(_PROMISE_PHRASES, text)


def promises_to_pay(keys: Sequence[str]) -> bool:
    """ "kal 500 de dega": money promised, not a visit planned ("lene aayega")."""
    text = " " + " ".join(keys) + " "
    return not _PAY_LATER.isdisjoint(keys) or _found(_PROMISE_PHRASES, text)


def asks_at_the_end(last: str) -> bool:
    """ "…, 300 kya": the last word turns what was said into a question."""
    return last in _QUESTION_ANYWHERE


def is_report_word(k: str) -> bool:
    """ "bola" (said) is also the name Bhola: a name before "ne" is no report."""
    return k in _REPORT


def to_the_customer(keys: Sequence[str]) -> bool:
    """ "aapka 640 hua": the shop is talking to the customer, not to the ledger; "Alok bhaiya
    aap 500 abhi de do": asked to pay ("aap … de do"), not a credit to write."""
    if not _TO_CUSTOMER.isdisjoint(keys):
        return True
    you = next((i for i, k in enumerate(keys) if k in _YOU_SAID), None)
    if you is None or not _TO_SOMEONE.isdisjoint(keys):
        return False  # "aap Rahul ko 500 udhaar de do": to Rahul, said to the app politely
    return any(
        k in _GIVE_NOW and keys[j + 1 : j + 2] in (["do"], ["dijie"], ["dena"])
        for j, k in enumerate(keys[you + 1 :], you + 1)
    )


_YOU_SAID = words("aap ap tum आप तुम")  # not "you": "can you add 500 to Rahul"
_GIVE_NOW = words("de दे")
_TO_SOMEONE = words("ko को")


def verdict(keys: Sequence[str], question_mark: bool) -> Verdict:
    """The gate's verdict on one write clause, from the words it holds."""
    text = " " + " ".join(keys) + " "
    if _IF in keys and doubtful(keys):
        return Verdict(Decision.ASK, "unsure")  # "not sure if it was cash or UPI": whether
    if not _CONDITION.isdisjoint(keys) or _found(_IF_PHRASES, text):
        return Verdict(Decision.SKIP, "condition")
    if (
        not _REPORT.isdisjoint(keys)
        or _found(_REPORT_PHRASES, text)
        or _found(_ALREADY_WRITTEN, text)
    ):
        return Verdict(Decision.SKIP, "report")
    if _asks(keys, text, question_mark):
        return Verdict(Decision.SKIP, "question")
    if to_the_customer(keys):
        return Verdict(Decision.SKIP, "to_customer")
    if doubtful(keys) or _found(_PAPER_BOOK, text):
        return Verdict(Decision.ASK, "unsure")
    if _negated(keys) or _but_taken_back(keys) or _ends_taken_back(keys):
        return Verdict(Decision.SKIP, "negation")
    if promises(keys) or _asked_for_later(keys, text):
        return Verdict(Decision.SKIP, "promise")
    if keys[-1] in _WAS and _ENTRY_VERBS.isdisjoint(keys):
        return Verdict(Decision.SKIP, "report")
    return ACT


def _asks(keys: Sequence[str], text: str, question_mark: bool) -> bool:
    """A question about a write; "kya aap yaad dila sakte hain?" is a request, not one."""
    if not _POLITE.isdisjoint(keys) and not _YOU.isdisjoint(keys):
        return False
    tagged = len(keys) > 1 and keys[-1] in _TAG and keys[-2] in _WAS  # "300 diye the na"
    # "yesterday Bindu took 300 on credit right (please)": an English tag after a past entry.
    last = next((k for k in reversed(keys) if k not in _POLITE_END), "")
    tagged = tagged or (last in _ENGLISH_TAGS and not _ENGLISH_PAST.isdisjoint(keys))
    return (
        question_mark
        or tagged
        or _found(_QUESTION_PHRASES, text)
        or keys[0] in _QUESTION
        or keys[-1] in _QUESTION
        or not _QUESTION_ANYWHERE.isdisjoint(keys)
        or _WHICH in keys[:-1]  # "write it for Sharma, which Sharma?", not "I forget which"
    )


def _negated(keys: Sequence[str]) -> bool:
    for i, k in enumerate(keys):
        contracted = k.endswith("n") and i + 1 < len(keys) and keys[i + 1] == "t"
        if k not in NEGATIONS and not contracted:  # "don't" is tokenized "don", "t"
            continue
        near = keys[max(0, i - 1) : i + 2]
        if any(w in _FORGET for w in near):
            continue  # "bhoolna mat": do not forget
        if any(w in _NO_WORRIES for w in near):
            continue  # "koi baat nahi", "no hurry": a kindness to the customer
        if k == key("na") and i == len(keys) - 1:
            continue  # "likh do na": a softener, not a negation
        return True
    return False


def leading_hold(first: str) -> Verdict | None:
    """A first word that holds the whole utterance, every clause of it: "agar …", "shayad …",
    "kya …", "if …", "maybe …" (a condition, a doubt or a question over all it says)."""
    if first in _CONDITION:
        return Verdict(Decision.SKIP, "condition")
    if first in _DOUBT:
        return Verdict(Decision.ASK, "unsure")
    if first in _QUESTION:  # "kya …", "did you add 100 to Rahul, 200 to Priya"
        return Verdict(Decision.SKIP, "question")
    return None


def has_alternatives(keys: Sequence[str]) -> bool:
    """ "100 ya 200", "dedh sau ya do sau", "cash ya upi": the speaker has not decided."""
    if _OR.isdisjoint(keys):
        return False
    if len({k for k in keys if k in _MODES}) > 1:
        return True
    numbers = 0
    i = 0
    while i < len(keys):
        found = read_number(keys, i, frozenset({"rs"}))
        if found is None:
            numbers += keys[i] in SMALL  # "pachas ya saath": "saath" is also "with"
            i += 1
            continue
        numbers += 1
        i = found[1]
    return numbers > 1
