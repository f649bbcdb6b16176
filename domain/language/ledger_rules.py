"""The khata's own intents: credit, payment, balances, and the talk that is not a khata entry.

A write is read only from words that say whose money moved and which way. The shop's own
bills and payments ("bijli ka bill", "I have to pay the milkman"), money a customer gave
someone else, a customer's own sale, and plans to come and take goods ("lene aayega") are
never a customer's entry. Promises and reports ("kal 500 de dega", "Priya said she paid")
are read as the write they speak of, so that the safety gate can hold them back.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.intents import Intent
from domain.language import lexicon as lx
from domain.language.clue import Clue
from domain.language.normalize import key

_W = lx.words


def phrases(*texts: str) -> tuple[str, ...]:
    """Phrases as " k1 k2 " key strings, to look for in Clue.text."""
    return tuple(" " + " ".join(key(w) for w in p.split()) + " " for p in texts)


KITNA = _W("kitna kitne kitni much many")
WRITE = _W(
    "likho likh likhna likhdo daalo dalo daal jodo jod add chadhao chadha put write likhe likhen "
    "likhiye jode joden jodiye dale dalen chadhae chadhaye"
)
# Goods taken: "Priya ne 300 ka saman liya" (she took goods on credit), "Amit took goods";
# the future forms ("kal lega") are promises the safety gate holds back.
TOOK = _W(
    "le liya liye li lia took taken take bought purchased kharida kharide lega legi lenge picked "
    "uthaya uthaye uthai उठाया उठाए उठाई"
)
# Future "will give": a promise to pay ("Rahul kal 500 de dega"), held back by the gate.
WILL_GIVE = _W("dega degi denge dengi dunga dungi bhejega bhejegi chukayega chukayegi")
SUPPLIER = _W(
    "supplier wholesaler wholeseller distributor company dealer vendor agency सप्लायर होलसेलर "
    "डिस्ट्रीब्यूटर डीलर कंपनी एजेंसी traders trader wholesale ट्रेडर्स होलसेल"
)
# "doodh wale ko 3200 diye", "Amul wale ka hisaab chukaya": the one who sells to the shop.
_SELLER = _W("wala wale wali walo वाला वाले वाली")
_SELLERS = _W("doodhwala doodhwale दूधवाला दूधवाले")
# The shopkeeper's own family: "apni behen ko 2000 bheje", "borrowed 25,000 from my uncle".
_MY = _W(
    "my mera meri mere apna apni apne hamara hamari hamare मेरा मेरी मेरे अपना अपनी अपने हमारा हमारी"
)
_KIN = _W(
    "maa mummy mumma mom mother papa pitaji dad father behen bahan sister bhai brother wife "
    "biwi patni pati husband beta beti son daughter chacha chachi mama mami uncle aunty "
    "family ghar sasur saas माँ मां मम्मी पापा पिताजी बहन भाई पत्नी पति बेटा बेटी चाचा मामा "
    "bete बेटे चाची मामी"
)
# "mama se 20,000 liye the", "बेटे को 4,000 भेजे": a relation first, before its case marker,
# is the speaker's own (a customer's relation comes after the customer: "Rahul ke chacha").
_KIN_FIRST = _KIN - _W("bhai ghar family भाई")
_CASE = _W("ko se ne ka ki ke ji को से ने का की के जी")
# The shop's own bills and payments: never a customer's khata.
UTILITY = _W(
    "bijli electricity light pani water gas rent kiraya recharge wifi internet बिजली पानी किराया "
    "tankhwah tankha pagar vetan wages mazdoori तनख्वाह तनख़्वाह पगार वेतन मजदूरी emi"
)
# "dukaan ke liye 30000 liye", "for the shop": money the shop itself borrows or spends.
_I_PAID = phrases(
    "i paid",
    "i gave",
    "i sent",
    "i have paid",
    "i already paid",
    "maine diye",
    "maine de diye",
    "मैंने दिए",
    "मैंने दे दिए",
    # Change handed back by the speaker: "she gave 500 and I returned 160".
    "i returned",
    "i gave back",
    "i handed back",
    "maine lautaye",
    "maine lauta diye",
    "maine wapas diye",
    "मैंने लौटाए",
    "मैंने लौटा दिए",
    "मैंने वापस दिए",
)
_FOR_THE_SHOP = phrases("dukaan ke liye", "dukan ke liye", "दुकान के लिए", "for the shop")
# Futures of coming and going ("lene aayega", "le jayegi", "lekar aayega") are plans, and the
# safety gate does not hold them as promises: no money intent is read from them.
LATER = _W(
    "aayega aayegi aayenge aaega aaegi jayega jayegi jayenge jaega jaegi आएगा आएगी आएंगे जाएगा जाएगी"
)
_GOODS = _W(
    "saman samaan saamaan maal gaya gayi gai gaye gae goods items stuff groceries ration worth things"
)
_TOOK_EN = _W("took")
# Whoever "usne" is, the customer paid: "usne 150 jama kiye" like "Rahul ne".
_HE_DID = _W("usne isne unhone inhone उसने इसने उन्होंने")
_SETTLE = _W("clear cleared settled settle chukta saaf")
# "Amit ne bike bech di": the customer sold something of his own.
_SOLD = _W("bech becha bechi beche bechna bechdi sold")
_RECEIVED = _W("received receive got")
_RECORD = _W("record recorded note noted")
_MONEY = _W("paise paisa money")
_NOT_LEDGER = _W("bank बैंक")
# The shopkeeper paying someone: the khata records what customers owe and pay the shop.
_SHOP_PAYS = phrases("have to", "need to", "send", "bhejna hai", "karna hai", "dena hai")
_ALL_TOGETHER = _W("milake milakar milaake milaakar kul overall altogether combined मिलाकर कुल")
_HUA = _W("hua hue ho gaya gayi bana banta")
# "market mein kitna paisa pending hai": the total owed to the shop, out in the market.
_MARKET = _W("market bazaar bahar")
_WILL = _W("will gonna")
_GAVE_AND_WENT = phrases("de gaya", "de gayi", "de gaye", "de gae", "de gai", "de ke gaya")
_DURATIONS = _W("minute minutes second seconds ghante ghanta hour hours din days")
# A payment word with no amount needs someone doing it: "payment kar diya", "jama karegi".
_DOING = _W(
    "kiya kiye kia kie kar karo kardo kardiya karna karega karegi karenge karti karta kijiye "
    "diye diya die de do dena hua hui ho gaya gayi record recorded mark chadhana chadhao"
)
_PAY_VERBS = _W("give pay send clear settle")
# Lowering what a customer owes: "200 kam kar do", "100 ghata do", "minus karo".
_REDUCE = _W("kam ghata ghatao ghatado कम घटा घटाओ")
_ADDS = _W("jodo jod add likho likh chadhao chadha daalo dalo जोड़ो लिखो चढ़ाओ")
# "ye 300 Vikas ke khate mein": money put in a customer's account; not "... mein 500 hai".
_IN = _W("mein me main में")
_IS = _W("hai hain he tha the thi है हैं था थे थी")


_SQUARED = phrases("hisab pura", "hisab poora", "hisab barabar", "हिसाब पूरा", "हिसाब बराबर")


def settles(c: Clue) -> bool:
    """ "pura hisaab clear karegi", "has Vikas cleared the dues": the customer pays up."""
    k = c.keyset
    clears = k & _SETTLE and not k & _W("going")  # "is going to clear": the gate misses it
    clears = clears or (k & _W("hisab hisaab") and k & _W("karega karegi karenge"))
    # "Salma ka hisaab poora ho gaya, 900 de diye": the account made whole is paid.
    clears = clears or any(p in c.text for p in _SQUARED)
    # Dues must be spoken, or an amount by a customer who is the subject ("Rahul cleared
    # 500"): "kya exit 14 ke paas jam clear ho gaya" is traffic.
    owed = k & (lx.BALANCE | _W("amount")) or (c.has_amount and _subject_verb(c))
    return bool(clears and owed and c.named)


def speaks_of_money(c: Clue) -> bool:
    """The clause moves money: an amount, a credit or payment word, money given, a promise."""
    k = c.keyset
    will_pay = _will_pay(c)
    return bool(
        c.has_amount or k & (lx.CREDIT | lx.PAYMENT | WILL_GIVE) or gave_money(c) or will_pay
    )


def _will_pay(c: Clue) -> bool:
    """ "she will pay", "he'll give 1000": not "will you send a video to Abby"."""
    k = c.keyset
    if not k & _WILL:
        return False
    return bool(k & _W("pay clear settle") or (k & _PAY_VERBS and (c.has_amount or k & _MONEY)))


def gave(c: Clue) -> bool:
    """A past "gave": "diye", "sent", and "de gaya" (gave and left)."""
    return bool(c.keyset & lx.GAVE) or _gave_and_went(c)


def _gave_and_went(c: Clue) -> bool:
    return any(p in c.text for p in _GAVE_AND_WENT)


def _to_a_seller(c: Clue) -> bool:
    """ "doodh wale ko", "Amul wale ka hisaab": a seller (the word before "wala") is paid,
    never "pehle wale" (the customer before) or "Priya wala" (her task)."""
    keys = c.keys
    if c.keyset & _SELLERS:
        return True
    return any(
        k in _SELLER
        and i > 0
        and keys[i - 1] not in lx.PREVIOUS_REFS
        and i + 1 < len(keys)
        and keys[i + 1] in _PAID_PARTY
        for i, k in enumerate(keys)
    )


_PAID_PARTY = _W("ko ka ke ki को का के की")


def gave_money(c: Clue) -> bool:
    """ "paise bhej diye", "paise de gaya": money given to the shop, amount unsaid. Not "usne
    Raju ko paise de diye" or "he gave the money to Raju": that money went to someone else."""
    to_someone = " ko " in c.text or " to " in c.text
    return gave(c) and bool(c.keyset & _MONEY) and not to_someone


def reports_payment(c: Clue) -> bool:
    """ "Deepak ne message kiya ki 700 bhej diye": a customer's message about money sent."""
    k = c.keyset
    return c.has_amount and " ne " in c.text and bool(k & lx.GAVE) and not k & lx.REMINDER


# Money the shop gives that is no customer's entry: a temple's collection, change handed back,
# the household's spending.
_NOT_KHATA = _W(
    "mandir temple masjid gurudwara church donation daan दान मंदिर मस्जिद गुरुद्वारा "
    "change chutta chhutta छुट्टा kharcha kharche खर्चा खर्चे"
)


_BACK = _W("back wapas vapas वापस")


_PAYS = _W("paid pay paying gave give")
_TO = _W("ko को")


def _pays_its_people(keys: Sequence[str]) -> bool:
    """The shop paying a job's person: "X ko diye" or "paid the X"; not the dhobi taking goods
    or paying in (those are customers told by their job, asked about)."""
    for i, k in enumerate(keys):
        if k not in lx.OCCUPATIONS:
            continue
        after = keys[i + 1 : i + 3]
        before = keys[max(0, i - 3) : i]
        if any(w in _TO for w in after) or any(w in _PAYS for w in before):
            return True
    return False


def _kin_first(keys: Sequence[str]) -> bool:
    at = next((i for i, k in enumerate(keys) if k not in lx.FILLER), len(keys))  # "achha, …"
    return len(keys) > at + 1 and keys[at] in _KIN_FIRST and keys[at + 1] in _CASE


def shop_money(keys: Sequence[str], named: bool) -> bool:
    """The shop's own money (a supplier, a bill of its own, wages, its bank, a seller, the
    speaker's family, "I paid", a temple, change): no customer's khata, whatever its verb."""
    k = frozenset(keys)
    t = " " + " ".join(keys) + " "
    if k & (SUPPLIER | UTILITY | _NOT_LEDGER | _SOLD | _NOT_KHATA | lx.OCCUPATIONS):
        return True
    if not named and (k & _MY and k & _KIN or any(p in t for p in _I_PAID + _FOR_THE_SHOP)):
        return True
    if _kin_first(keys):
        return True
    if not named and k & lx.GAVE and k & _BACK:
        return True  # "…, gave 20 back": the change, handed back by the shop
    if not k & _SELLER:
        return False
    return any(
        w in _SELLER
        and i > 0
        and i + 1 < len(keys)
        and keys[i + 1] in _PAID_PARTY
        and keys[i - 1] not in lx.PREVIOUS_REFS
        for i, w in enumerate(keys)
    )


# Put in, told as done: "daale", "डाले", "डाला" (not the order "daalo", "डालें").
_PUT_IN = _W("dale daale dala daala डाले डाला")


def money(c: Clue) -> Intent | None:
    """ADD_CREDIT or RECORD_PAYMENT, or None when the money is not a customer's entry."""
    k = c.keyset
    t = c.text
    subject = " ne " in t or k & _HE_DID or _subject_verb(c)
    if not (c.has_amount or c.named) and c.unknown:
        return None  # "rent pay karna hai": no amount, no customer, and a word we don't know
    by_bank = bool(k & _NOT_LEDGER) and c.named and bool(k & frozenset(lx.MODES))
    # "बिजली ने १८० दे दिए": one who gives (before "ne") is a person, whatever the word.
    giver = {c.keys[i] for i in c.who.used} if c.who.name and " ne " in t else set()
    if (k - giver) & (SUPPLIER | UTILITY | _SOLD | _NOT_KHATA) or (k & _NOT_LEDGER and not by_bank):
        # "supplier ko 5000 ka payment karna hai": the shop pays, not a khata; but "Murugan
        # sent 1,500 through bank transfer" is Murugan's payment.
        return None
    if not c.who.name and any(p in t for p in _I_PAID):
        return None  # "I paid 200 last time": the customer speaking, or the shop paying
    if not c.who.name and _pays_its_people(c.keys):
        return None  # "paid the newspaper guy 450", "mazdooron ko 3000 diye": the shop pays
    if any(p in t for p in _FOR_THE_SHOP) and not c.who.name:
        return None  # "mama ji se 30000 liye dukaan ke liye"
    if _to_a_seller(c) or (k & _MY and k & _KIN and not c.who.name) or _kin_first(c.keys):
        return None  # "doodh wale ko 3200 ka payment kar diya", "sent 3,000 to my mother"
    if not (c.named or subject) and any(p in t for p in _SHOP_PAYS):
        return None  # "I have to pay the milkman 3000", "send 500 to my wife on GPay"
    if k & lx.PAYMENT and not (
        c.has_amount or subject or k & (_DOING | WRITE | WILL_GIVE | lx.ARRIVED)
    ):
        return None  # "stadium ke paas jama hai": a crowd, not a deposit
    # "ek kaam karo, ... jodo": "kaam" (a task) shares its key with "kam" (less); an adding
    # verb says which way the money goes.
    if c.has_amount and c.named and k & _REDUCE and not k & (lx.CREDIT | _ADDS):
        return Intent.RECORD_PAYMENT  # "Lakshmi ka 200 kam kar do": less owed, she paid
    if k & lx.PAYMENT or (subject and gave(c) and not k & TOOK) or gave_money(c):
        return Intent.RECORD_PAYMENT
    if " ne " in t and c.has_amount and k & _PUT_IN and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT  # "गुड़िया के पापा ने गुड़िया के खाते में 250 डाले": put in
    if c.has_amount and _gave_and_went(c) and " ko " not in t and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT  # "Chintu ki mummy 300 de gayi": paid, never a credit
    if k & frozenset(lx.MODES) and c.has_amount and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT
    if " se " in t and c.has_amount and k & (TOOK | _W("mile mila mili mil")):
        return Intent.RECORD_PAYMENT
    if c.has_amount and k & _RECEIVED and not c.has_items and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT  # "received 700", "received 500 from Amit"
    if c.has_amount and c.named and k & _RECORD and " from " in t and not k & lx.CREDIT:
        return Intent.RECORD_PAYMENT  # "record 300 from Sona": money from someone
    # "ijaazat dega" (will allow) gives no money: an amount, money or a payer must be said.
    if k & WILL_GIVE and not k & lx.CREDIT and (c.has_amount or k & _MONEY or subject):
        return Intent.RECORD_PAYMENT  # "Rahul kal 500 de dega": a promise, the gate holds it
    if _will_pay(c):
        return Intent.RECORD_PAYMENT  # "Priya says she'll give 1000 next week": a promise
    return _credit(c)


def _credit(c: Clue) -> Intent | None:
    k = c.keyset
    if k & lx.CREDIT:
        return Intent.ADD_CREDIT
    if k & _DURATIONS:
        return None  # "add 5 more minutes": time, not money
    if c.has_amount and (" ko " in c.text or c.named) and k & (lx.GIVE | lx.GAVE):
        return Intent.ADD_CREDIT
    if c.has_amount and k & WRITE and k & (lx.KHATA | lx.BALANCE | _W("ke ko naam")):
        return Intent.ADD_CREDIT
    if c.has_amount and k & TOOK and k & (_GOODS | lx.CREDIT):
        return Intent.ADD_CREDIT  # "Priya ne 300 ka saman liya", "Amit took goods worth 300"
    if c.has_amount and k & _TOOK_EN and _subject_verb(c) and " from " not in c.text:
        return Intent.ADD_CREDIT  # "Ramesh took 300": at a counter, goods on his khata
    if c.has_amount and c.named and k & lx.KHATA and k & _IN and not k & (lx.BALANCE | _IS):
        return Intent.ADD_CREDIT
    if c.has_amount and c.named and c.came() and not c.has_items:
        return Intent.RECORD_PAYMENT  # "rahul ka 1,500 aa gaya"
    return None


# "Verma uncle cleared", "Raju tailor gave", "Ravi anna gave": between the payer and the verb.
_TITLES = lx.HONORIFICS | lx.OCCUPATIONS | frozenset(map(key, lx.TITLES_AFTER))


def _subject_verb(c: Clue) -> bool:
    """An English sentence with the customer as subject: "Rahul paid", "Priya gave 200"."""
    if not c.who.used:
        return False
    after = max(c.who.used) + 1
    while after < len(c.keys) and c.keys[after] in _TITLES:
        after += 1  # "Verma uncle cleared fifty", "Raju tailor gave 1000"
    return after < len(c.keys) and c.keys[after] in lx.SUBJECT_VERBS


def asks_amount(c: Clue) -> bool:
    """ "kitna hua", "kitna lena hai", "total udhaar", "kaun kaun udhaar pe hai"."""
    k = c.keyset
    owed = _W("lena lene pending collect fasa fase phansa fansa nikalta nikalte banta chadha pada")
    if k & KITNA and k & (_HUA | lx.CREDIT | lx.TOTAL | lx.KHATA | owed):
        return True
    if k & (lx.WHO | lx.TOTAL) and k & lx.CREDIT:
        return True
    return bool(k & lx.WHO and k & _MONEY and k & _W("pas paas lena lene"))


def asks_balance(c: Clue) -> bool:
    """Whether a balance question is really about the khata, and sure enough to answer."""
    k = c.keyset
    if k & _NOT_LEDGER:
        return False  # "mera bank balance": not the khata
    if k & _W("mera mere my") and k & lx.KHATA and not c.named:
        return False  # "mere account mein kitna paisa hai": the shopkeeper's own account
    if k & _W("balance balances hisab bakaya pending outstanding dues owe owes owed"):
        return c.unknown <= 1
    # "baaki"/"kitna hua" alone are common words: they need a person, "kitna" or "kul".
    asks = c.named or k & (KITNA | lx.TOTAL | lx.WHO | _W("mera mere"))
    durations = k & (_DURATIONS | _W("time baje"))
    return c.unknown == 0 and bool(asks) and not durations


def balance(c: Clue) -> Intent:
    """Which balance: one customer's, the list of who owes, or the total owed to the shop."""
    k = c.keyset
    if k & _ALL_TOGETHER and c.who.name is None:
        return Intent.TOTAL_PENDING_AMOUNT  # "sabka milake kitna baaki hai"
    if k & lx.WHO:
        return Intent.LIST_CUSTOMER_BALANCES
    if (k & lx.TOTAL or k & _MARKET) and c.who.name is None and c.who.ref != "active":
        return Intent.TOTAL_PENDING_AMOUNT
    if not c.named and k & _W("balances all sabka sabke everyone"):
        return Intent.LIST_CUSTOMER_BALANCES  # "show all balances"
    return Intent.CHECK_BALANCE
