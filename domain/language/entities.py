"""The entities of one clause (amount, mode, items, time, phone, customer) as DESIGN.md names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.intents import CUSTOMER_INTENTS, Intent
from domain.language import lexicon as lx
from domain.language import numerals
from domain.language.items import find_items, is_put_verb, product_name, unit_at
from domain.language.normalize import SEPARATOR, Token, key
from domain.language.numbers import as_json_number, read_number
from domain.language.phones import find_phone
from domain.language.refs import Who, find_who, task_ref
from domain.language.when import default_when, find_when

_AMOUNT_CONTEXT = frozenset({"rs"})
# 100 crore and up is a phone or account number read as digits, never a khata amount.
_TOO_MUCH = 1_000_000_000
_MINUS = lx.words("minus mainus maainas negative")
_PAISE = lx.words("paise paisa pese paisay पैसे पैसा")
_EN_ONES = lx.words("one two three four five six seven eight nine")
_EN_TENS = lx.words(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
    "thirty forty fifty sixty seventy eighty ninety"
)
_NOTE = lx.words("note notes nota नोट")
_OF_NOTE = lx.words("ka ke ki rupee rupaye rs का के की")
_NAMED = CUSTOMER_INTENTS | {Intent.CREATE_CUSTOMER, Intent.LIST_REMINDERS}
# A number followed by one of these is a quantity, a duration or a distance, not money.
# Durations, times and dates: "2-3 din", "10-15 minute" are ranges of time, never money.
_TIME_NEXT = lx.words(
    "second seconds sec minute minutes min ghante ghanta hour hours din days day"
) | lx.words("baje bje tarikh saal year years")
# "teen baar kiya", "called 3 times": how often, not money (beside money, it asks).
_TIMES = lx.words("baar times dafa दफा बार")
_QUANTITY_NEXT = (
    frozenset(lx.UNITS)
    | frozenset(lx.PRODUCTS)
    | _TIME_NEXT
    | lx.words("miles km degree degrees percent")
    # "make two bills, 450 for Kurian …": a count of bills or entries, not money.
    | lx.words("bills invoices entries reminders customers accounts")
    # "रामू के 6 बच्चे हैं": a count of children. "bachche" and "bache" (left over) are one key,
    # so that word alone is told by the number (_COUNT_OF_CHILDREN).
    | lx.words("kids children bachon bachcha baccha बच्चों")
    # "56 number bus", "12 नंबर बस", "the 42 bus": a number that names something.
    | lx.words("number nambar नंबर bus")
    | _TIMES
)
# "flat 402", "turned 18", "umar 60": a number that names or ages, not money.
_NOT_MONEY_AFTER = lx.words("flat फ्लैट room plot turned turns aged umar उम्र number nambar नंबर")
_BACHE = key("bachche")
# Nobody has 20 children; "500 bache hain" is money left over.
_COUNT_OF_CHILDREN = 20


@dataclass(frozen=True)
class Found:
    """Everything found in a clause, before its intent decides what to keep."""

    who: Who
    amount: float | None
    mode: str | None
    items: tuple[dict[str, Any], ...]
    when: datetime | None
    phone: str | None
    # Why the clause's amount or quantity is unsure ("amount_sign", "amount_format",
    # "amount_too_large"); `amount` is then None and the gate asks before any write.
    amount_doubt: str | None = None
    # False when the time names only an hour or a period ("no, evening"): a correction
    # then keeps the day said before.
    when_dated: bool = True


def find(tokens: Sequence[Token], now: datetime) -> Found:
    keys = [t.key for t in tokens]
    who = find_who(tokens)
    # A month or a weekday that is the customer's name ("May ko kal reminder bhejo", "Mangal
    # ji ko 8 baje") is no date.
    named = set(who.used) if who.name else set()
    when = find_when([SEPARATOR if i in named else k for i, k in enumerate(keys)], now)
    phone = find_phone(keys)
    skip = (when.used if when else frozenset()) | (phone.used if phone else frozenset())
    # "भीम ने 250 दिए": the customer called Bhim is no BHIM payment.
    mode = next((lx.MODES[k] for i, k in enumerate(keys) if k in lx.MODES and i not in named), None)
    # Words that name who ("all three", "dono") are never the money.
    amount, doubt = _amount(keys, skip | who.used)
    if (half := _half_of(keys, skip)) is not None:
        amount, doubt = _halved(keys, skip | who.used, half, amount, doubt)
    if amount is not None and not (who.others or who.ref) and _in_a_row(keys, skip, amount):
        # "Kamla ke 2 bachche aaye, 50 50 ka liya": each of whom? for one customer, the sum
        # is not said.
        amount, doubt = None, numerals.AMOUNTS
    return Found(
        who=who,
        amount=amount,
        mode=mode,
        items=tuple(find_items(tokens, skip | who.used)),  # "bill for Sunny": no zero items
        when=when.at if when else None,
        phone=phone.digits if phone else None,
        amount_doubt=doubt,
        when_dated=when.dated if when else True,
    )


def _amount(keys: Sequence[str], skip: frozenset[int]) -> tuple[float | None, str | None]:
    """The money in a clause and, when it is unsure, why (then the money is None).

    A number beside "rs"/"₹" wins, else the first bare number that is not a quantity.
    Unsure: any numeral the tokenizer marked (a sign, "1/0", "1e3", bad grouping, see
    numerals.py), "minus 500", a number of 100 crore or more that is not a phone, a
    number of paise ("50 paise": "paise" is also just "money"), more than two decimals.
    One unsure number makes the whole clause's amount unsure: never fall back to another.
    """
    marked: float | None = None
    bare: float | None = None
    doubt: str | None = None
    n = len(keys)
    i = 0
    while i < n:
        if i in skip:
            i += 1
            continue
        if (reason := numerals.doubt_of(keys[i])) is not None:
            if not (i + 1 < n and keys[i + 1] in _TIME_NEXT):
                doubt = doubt or reason
            i += 1
            continue
        num = read_number(keys, i, _AMOUNT_CONTEXT)
        if num is None:
            i += 1
            continue
        value, j = num
        value, j = _spoken_hundreds(keys, i, value, j)
        if i > 0 and keys[i - 1] in _NOT_MONEY_AFTER:
            i = j
            continue
        priced = i > 0 and keys[i - 1] == "rs"
        if _rate(keys, j, priced) or _at_each(keys, i, j) or _after_the_goods(keys, i, j):
            i = j  # "150 rupaye kilo wala 2 kilo chawal": a price per unit, not the entry
            continue
        if _at_a_price(keys, i):
            i = j  # "150 rupaye kilo wala 2 kilo chawal": a price per unit, not the entry
            continue
        if keys[i].isalpha() and value < 10 and j < n and keys[j] == _OF:
            i = j  # "one of those", "two of them": a count of things, not money
            continue
        if _banknote(keys, j):
            doubt = doubt or numerals.NOTE  # "100 ka note diya": change given, not an entry
        if i > 0 and keys[i - 1] in _MINUS:
            doubt = doubt or numerals.SIGN
        if value >= _TOO_MUCH:
            doubt = doubt or numerals.TOO_LARGE
        elif j < n and keys[j] in _PAISE:
            rupees = marked if i > 0 and keys[i - 1] == "rs" else None
            if rupees is None or value != int(value) or value >= 100:
                doubt = doubt or numerals.FORMAT
            else:  # "10 rupaye 50 paise"
                marked = round(rupees + value / 100, 2)
            j += 1
        elif j < n and keys[j] == "rs" and _marks_next(keys, j + 1):
            pass  # "jama kar do ₹350": the ₹ is 350's; "do" is "give", not 2
        elif (j < n and keys[j] == "rs") or (i > 0 and keys[i - 1] == "rs"):
            marked = value if marked is None else marked
        elif j < n and keys[j] == _BACHE and value < _COUNT_OF_CHILDREN:
            pass
        elif j < n and keys[j] in _TIMES:
            doubt = doubt or numerals.AMOUNTS  # "2 बार 200 दिए": 200, or 400? ask
        elif value > 0 and not _is_quantity(keys, j):
            if bare is not None and value != bare:
                doubt = doubt or numerals.AMOUNTS  # "600 ... 200": which one is the entry?
            bare = value if bare is None else bare
        i = j
    amount = marked if marked is not None else bare
    if doubt is None and amount is not None and not _whole_paise(amount):
        doubt = numerals.FORMAT
    return (None, doubt) if doubt else (amount, None)


_OF = key("of")
_HALVES = lx.words("aadha adha aadhi adhi aadhe adhe half आधा आधी आधे")
# "800 ka aadha", "1000 mein se aadha", "half of his 800": the half of the number said.
_HALF_OF = lx.words("ka ke ki of का के की") | lx.words("se से")
_INSIDE_A_NUMBER = lx.words("and a")


def _half_of(keys: Sequence[str], skip: frozenset[int]) -> int | None:
    """Where a half of money is said: not "aadha kilo", "half an hour" or "two and a half"."""
    if _HALVES.isdisjoint(keys):
        return None
    for h, k in enumerate(keys):
        if k not in _HALVES or h in skip or _is_quantity(keys, h + 1):
            continue
        if h > 0 and keys[h - 1] in _INSIDE_A_NUMBER:
            continue  # "two and a half thousand": inside the number
        return h
    return None


def _halved(
    keys: Sequence[str], skip: frozenset[int], half: int, amount: float | None, doubt: str | None
) -> tuple[float | None, str | None]:
    """The entry when a half is spoken with its whole: "Sukhbir ne 800 ka aadha diya" is
    400; "1200 mein se aadha diya, 600" is 600; "aadha payment kiya, 500" is the 500 paid."""
    numbers = _numbers(keys, skip)
    values = {value for _, value in numbers}
    if len(values) == 2 and max(values) == 2 * min(values):
        return min(values), None  # the whole and its half, both said
    if doubt is not None or amount is None or len(numbers) != 1:
        return amount, doubt
    at = numbers[0][0]
    half_of_it = at < half or (half + 1 < len(keys) and keys[half + 1] in _HALF_OF)
    return (amount / 2, None) if half_of_it else (amount, None)


def _spans(keys: Sequence[str], skip: frozenset[int]) -> list[tuple[int, int, float]]:
    """Every amount-like number of the clause as (start, end, value), in spoken order."""
    found: list[tuple[int, int, float]] = []
    i = 0
    while i < len(keys):
        num = read_number(keys, i, _AMOUNT_CONTEXT) if i not in skip else None
        if num is None:
            i += 1
            continue
        found.append((i, num[1], num[0]))
        i = num[1]
    return found


def _numbers(keys: Sequence[str], skip: frozenset[int]) -> list[tuple[int, float]]:
    return [(start, value) for start, _, value in _spans(keys, skip)]


def _in_a_row(keys: Sequence[str], skip: frozenset[int], amount: float) -> bool:
    """The amount said twice running ("50 50", "150 150 150"), as for each of several."""
    end = -1
    for start, stop, value in _spans(keys, skip):
        if value == amount and start == end:
            return True
        end = stop if value == amount else -1
    return False


def _marks_next(keys: Sequence[str], at: int) -> bool:
    """A number right after the "rs" at `at - 1`, and not its paise ("10 rupaye 50 paise")."""
    after = read_number(keys, at, _AMOUNT_CONTEXT) if at < len(keys) else None
    return after is not None and not (after[1] < len(keys) and keys[after[1]] in _PAISE)


def _spoken_hundreds(keys: Sequence[str], i: int, value: float, j: int) -> tuple[float, int]:
    """Indian English money: "one fifty" is 150, "four twenty five" 425 (not 4, then 50)."""
    if j != i + 1 or keys[i] not in _EN_ONES or j >= len(keys) or keys[j] not in _EN_TENS:
        return value, j
    rest = read_number(keys, j)
    if rest is None or rest[0] >= 100 or (rest[1] < len(keys) and keys[rest[1]] in _TIME_NEXT):
        return value, j
    return value * 100 + rest[0], rest[1]


def _banknote(keys: Sequence[str], j: int) -> bool:
    """ "500 ka note", "2000 ke note", "a 200 note": a banknote's face value."""
    at = j + (j < len(keys) and keys[j] in _OF_NOTE)
    return at < len(keys) and keys[at] in _NOTE


_PER = lx.words("per prati a प्रति")
_DAY = key("day")
_DAILY = lx.words("roz rozana daily रोज़ रोज रोजाना")
_RATE = lx.words("bhaav bhav bhao rate daam भाव रेट दाम")
_EACH = lx.words("wala wale wali waala waale वाला वाले वाली")


def _rate(keys: Sequence[str], j: int, priced: bool) -> bool:
    """The number before `j` is a price per unit: "45 rupaye kilo", "₹150/kg", "150 per
    kilo", "84 रुपये दर्जन वाले", "14 rupaye wale 2 packet"."""
    n = len(keys)
    at = j + (j < n and keys[j] == "rs")
    if at >= n:
        return False
    if keys[at] in _PER and (unit_at(keys, at + 1) is not None or keys[at + 1 : at + 2] == [_DAY]):
        return True  # "60 a kilo", "30 a day"
    if keys[at] in _DAILY:
        return True  # "54 roz ka": a day's worth, not the entry
    if keys[at] in _RATE or (
        keys[at] in _OF_NOTE and keys[at + 1 : at + 2] and keys[at + 1] in _RATE
    ):
        return True  # "do kilo chawal 70 ke bhaav se": the rate
    if keys[at] in _OF_NOTE and unit_at(keys, at + 1) is not None:
        return True  # "cheeni 44 ki kilo": the price of a kilo
    if (at > j or priced) and unit_at(keys, at) is not None:
        return True  # "45 rupaye kilo"; "2 kilo" alone is a quantity (_is_quantity)
    if keys[at] not in _EACH or at + 1 >= n:
        return False
    count = read_number(keys, at + 1)  # "45 वाली 2 किलो", "14 rupaye wale 2 packet"
    return count is not None and _is_quantity(keys, count[1])


def _after_the_goods(keys: Sequence[str], i: int, j: int) -> bool:
    """ "दो किलो चीनी ली 45 वाली": "N wali" closing a clause after the goods is their price."""
    j += j < len(keys) and keys[j] == "rs"  # "12 ande liye 6 rupaye wale"
    if j >= len(keys) or keys[j] not in _EACH:
        return False
    if j + 1 < len(keys) and keys[j + 1] not in lx.JOINERS | {SEPARATOR}:
        return False  # "45 wale 2 packet" is _rate's
    return any(unit_at(keys, g) is not None or keys[g] in lx.PRODUCTS for g in range(i))


def _at_a_price(keys: Sequence[str], i: int) -> bool:
    """ "took 2 packets of milk at 30": after the goods, "at N" is their price."""
    if i == 0 or keys[i - 1] != _AT:
        return False
    return any(unit_at(keys, g) is not None or keys[g] in lx.PRODUCTS for g in range(i))


def _at_each(keys: Sequence[str], i: int, j: int) -> bool:
    """ "12 bananas at 10 each": a price a piece, not the entry."""
    return i > 0 and keys[i - 1] == _AT and j < len(keys) and keys[j] == _EACH_ONE


_AT = key("at")
_EACH_ONE = key("each")


def _is_quantity(keys: Sequence[str], j: int) -> bool:
    """A number followed by a unit, product, duration... ("500 g", "2 kilo", "10 din")."""
    if j < len(keys) and is_put_verb(keys, j):
        return False  # "700 daal do": put 700
    return j < len(keys) and (keys[j] in _QUANTITY_NEXT or unit_at(keys, j) is not None)


def _whole_paise(rupees: float) -> bool:
    return Decimal(str(rupees)) * 100 % 1 == 0


def entities_for(
    intent: Intent, found: Found, tokens: Sequence[Token], now: datetime
) -> dict[str, Any]:
    """The entities `intent` takes, in the order `bolkhata parse --json` prints them."""
    e: dict[str, Any] = {}
    if intent is Intent.CANCEL_TASK:
        return {"task_ref": task_ref(tokens)}
    if intent in _NAMED:
        if found.who.name:
            e["customer"] = found.who.name
        elif found.who.ref:
            e["customer_ref"] = found.who.ref
    money = {Intent.ADD_CREDIT, Intent.RECORD_PAYMENT, Intent.CREATE_REMINDER}
    if found.amount is not None and (
        intent in money or (intent is Intent.CREATE_INVOICE and not found.items)
    ):
        e["amount"] = as_json_number(found.amount)
    if intent is Intent.RECORD_PAYMENT and found.mode:
        e["mode"] = found.mode
    if intent is Intent.CREATE_INVOICE and found.items:
        e["items"] = list(found.items)
    if intent is Intent.CREATE_REMINDER:
        e["when"] = (found.when or default_when(now)).isoformat()
    if intent is Intent.MODIFY_REMINDER and found.when:
        e["when"] = found.when.isoformat()
    if intent in {Intent.UPDATE_CUSTOMER_PHONE, Intent.CREATE_CUSTOMER} and found.phone:
        e["phone"] = found.phone
    if intent is Intent.UPDATE_STOCK and found.items:
        item = found.items[0]
        e.update(product=item["product"], quantity=item["quantity"], unit=item["unit"])
    if intent is Intent.CHECK_STOCK and (product := _stock_product(tokens)):
        e["product"] = product
    return e


def _stock_product(tokens: Sequence[Token]) -> str | None:
    for t in tokens:
        if t.key in lx.PRODUCTS:
            return product_name(t)
    # "aate ka stock": the word before the case marker that precedes "stock".
    for i in range(1, len(tokens) - 1):
        if tokens[i].key in lx.CASE_MARKERS and tokens[i + 1].key in lx.STOCK:
            word = tokens[i - 1]
            if word.key.isalpha() and word.key not in lx.FILLER:
                return word.text.lower()
    return None
