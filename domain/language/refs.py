"""Who a clause is about: a name, several names, "uska" (in focus), "pehle wale", "sabko", "dono".

Several names before one case marker ("Rahul aur Priya dono ko", "Rahul, Priya aur Amit
ko") are one write per customer: `Who.name` is the first and `Who.others` the rest. Without
names, "sabko"/"sab customers"/"everyone" is `ref` "all", "dono"/"both" is "recent:2" and
"teeno" is "recent:3" (the customers last in focus).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from domain.language import gate
from domain.language import lexicon as lx
from domain.language.normalize import SEPARATOR, Token, has_devanagari, key
from domain.language.numbers import ENGLISH_TENS, FRACTIONS, MULTIPLIERS, PREFIXES, SMALL
from domain.language.timewords import DAYS, MONTHS, WEEKDAYS
from domain.language.timewords import TIME_WORDS as _TIME_WORDS

# Words that gather customers: "Rahul aur Priya dono ko", "teeno ko", "sabko".
GROUPS = {
    **dict.fromkeys(lx.words("dono donon dono-ko both दोनों दोनो"), "recent:2"),
    **dict.fromkeys(lx.words("teeno teenon tino tinon three तीनों तीनो"), "recent:3"),
    **dict.fromkeys(lx.words("charo charon chaaro chaaron four चारों चारो"), "recent:4"),
    **dict.fromkeys(lx.words("paancho paanchon pancho panchon five पांचों पाँचों"), "recent:5"),
    **dict.fromkeys(
        lx.words("sab sabhi sabko sabhiko saare sare everyone everybody all सब सबको सभी"), "all"
    ),
}
_COUNTS = {"recent:2": 2, "recent:3": 3, "recent:4": 4, "recent:5": 5}
# "saab" (sir) shares its phonetic key with "sab" (all); after a word it is the honorific.
_SAAB = frozenset({"saab", "saheb", "sahab"})
# "each" too: "Naseem, Dolly and Harish each took 40" is one entry per name.
_PLURAL_CUSTOMERS = lx.words("customers costumers grahakon grahako logon log people each ग्राहकों")
_LIST_JOINERS = lx.JOINERS | frozenset({","})
_HINDI_MARKERS = lx.words("ko ka ki ke ne se wala wale vala vali wali को का की के ने से वाला")
# English adverbs between a subject and its verb: "Pooja just sent 800", "Kishore still owes".
_BEFORE_MARKER = (
    lx.HONORIFICS | lx.OCCUPATIONS | lx.words("naam name just still already also actually finally")
)  # "Raju tailor ko": Raju
# "usne 400 diye": the one in focus, as the subject of a payment.
_ACTIVE_SUBJECTS = lx.words("usne isne unhone inhone unne inne he him her his them उसने इसने उन्होंने")
_SHE = "she"
# उसे / इसे (him, her): their key is the English "use", so only the Devanagari spelling counts.
_HIM_IN_HINDI = lx.words("उसे इसे")
_EVERYONE = lx.words(
    "everyone everybody"
)  # its phonetic key is "se", the case marker: matched on the text
# English phrases for the customer in focus and the one before.
_ACTIVE_PHRASES = (
    ("this", "customer"), ("this", "one"), ("same", "customer"),
    # "this gentleman took 180 worth", "ये भैया का 120": the one at the counter, in focus.
    *((this, person) for this in lx.words("this ye yeh ये") for person in lx.words(
        "gentleman lady uncle aunty bhaiya bhai didi madam sahab भैया भाई आंटी अंकल दीदी"
    )),
)  # fmt: skip
_PREVIOUS_PHRASES = (("previous", "one"), ("previous", "customer"), ("last", "customer"))
# Ordinals and intents a cancel can point at: "pehla wala", "udhaar wala cancel".
ORDINALS = {
    **dict.fromkeys(lx.words("pehla pehle pahla pahle pehli first पहला पहले पहली"), 1),
    **dict.fromkeys(lx.words("dusra doosra dusre doosre dusri doosri second दूसरा दूसरे दूसरी"), 2),
    **dict.fromkeys(lx.words("teesra tisra teesre tisre teesri third तीसरा तीसरे"), 3),
    **dict.fromkeys(lx.words("chautha chauthe chauthi fourth चौथा"), 4),
}
_TASK_INTENTS = (
    (lx.CREDIT, "ADD_CREDIT"),
    (lx.PAYMENT, "RECORD_PAYMENT"),
    (lx.BILL, "CREATE_INVOICE"),
    (lx.REMINDER, "CREATE_REMINDER"),
    (lx.BALANCE, "CHECK_BALANCE"),
    (lx.STOCK, "UPDATE_STOCK"),
)

# Every word the parser knows is not a name; names are what is left before a case marker.
KNOWN = (
    lx.CREDIT | lx.PAYMENT | lx.GAVE | lx.GIVE | lx.BILL | lx.MAKE | lx.REMINDER | lx.CANCEL
    | lx.CHANGE | lx.LIST | lx.BALANCE | lx.TOTAL | lx.WHO | lx.INFO | lx.PHONE | lx.KHATA
    | lx.NEW | lx.CUSTOMER | lx.UNDO | lx.ENTRY | lx.STOCK | lx.ARRIVED | lx.SALE | lx.TODAY
    | lx.HELP | lx.FOCUS | lx.STOP | lx.CASE_MARKERS | lx.HONORIFICS | lx.ACTIVE_REFS
    | lx.PREVIOUS_REFS | lx.FOREIGN | lx.AFTER | lx.JOINERS | lx.FILLER | _TIME_WORDS
    | lx.RULE_WORDS | lx.SPOKEN_FORMS | lx.OCCUPATIONS | lx.PLACES
    | frozenset(lx.MODES) | frozenset(lx.UNITS) | frozenset(lx.PRODUCTS) | frozenset(SMALL)
    | frozenset(MULTIPLIERS) | frozenset(FRACTIONS) | frozenset(PREFIXES) | frozenset(ENGLISH_TENS)
    | lx.words("saman samaan saamaan maal baat karte karenge chahiye wapas mil liye le")
    | frozenset(GROUPS) | _PLURAL_CUSTOMERS | frozenset(ORDINALS) | gate.VOCABULARY
    | _ACTIVE_SUBJECTS | lx.words("naam name")
    | lx.words("dekho dekhiye dekhie देखो देखिए देखिये thought think guess")  # "look", "I thought"
    | lx.words("second seconds sec secs सेकंड")  # "30 seconds ko add kare": a timer, no one
    | lx.words("herself himself myself themselves khud little dad daddy mom")  # "600 for herself"
)  # fmt: skip
_NAME_AFTER = lx.CUSTOMER | lx.words("to for from of naam")
_MAX_NAME_WORDS = 3
_OPENING_VERBS = lx.MAKE | lx.words("add jodo jod kholo khol karo kar do open register")
_TITLES_BEFORE = lx.words(
    "mr mrs ms dr miss mister shri smt shrimati maulana maulvi "
    "श्री श्रीमती मिस्टर मिसेज मिसेज़ मौलाना मौलवी"
)
_BEFORE_A_LIST = lx.HONORIFICS | lx.words("both")


@dataclass(frozen=True)
class Who:
    """The customer a clause names (`name`), or how it refers to one (`ref`)."""

    name: str | None = None
    ref: str | None = None
    used: frozenset[int] = frozenset()
    others: tuple[str, ...] = ()
    # "Rahul, Priya, teeno ko": the names heard are not as many as the count spoken.
    miscounted: bool = False
    # "Pinky ki mummy", "chashme wale uncle", "wahi jo kal aaya tha", "her mother": someone
    # told by a relation or a description, not a name: whose khata it is is not sure.
    described: bool = False


_BESIDE = lx.words("peeche piche aage upar neeche niche bagal samne पीछे आगे ऊपर नीचे बगल सामने")
# Never a name, yet still words a write cannot explain: the shop itself ("dukaan ka kul
# udhaar"), and उसे/इसे ("him"), kept out of ACTIVE_REFS because English "use" shares the key.
_NO_ONE = (
    lx.words(
        "dukaan dukan shop store bazaar bazar market दुकान बाज़ार बाजार उसे इसे "
        "apna apni apne अपना अपनी अपने doodhwala doodhwale दूधवाला दूधवाले "  # own, the milkman
        "kisi kisika koi किसी कोई someone somebody anyone"  # "likh do kisi ke khate mein": nobody
        " hoon hun हूँ हूं"  # "sochta hoon Bablu ka …": the speaker; unknown still, it says who acts
    )
    # "apne dost ke saath", "wo peeche wali", "this gentleman", "put 600 on hers": a friend, a
    # place beside, a person or a pronoun, never a name.
    | lx.words("dost dosth friend padosi padosan neighbour saheli दोस्त पड़ोसी पड़ोसन सहेली")
    | _BESIDE
    | lx.words("gentleman gentlemen lady ladies hers theirs")
    # "pichhle hafte wale 150": last week's, nobody's name.
    | lx.words("pichle pichla pichli agle agla agli पिछले पिछला पिछली अगले अगला अगली")
    | lx.words("roz rozana daily रोज़ रोज रोजाना")  # "54 roz ka": daily
    | lx.words("kids kid children child")  # "Shakti's two kids took 50 each"
    | lx.words("bhaav bhav bhao rate daam भाव रेट दाम")  # "70 ke bhaav se"
    | lx.OCCUPATIONS
    | lx.PLACES
    | lx.words(
        "supplier wholesaler distributor dealer vendor agency सप्लायर होलसेलर डिस्ट्रीब्यूटर डीलर "
        "kharcha kharche खर्चा खर्चे"
    )
)


def is_name_like(token: Token) -> bool:
    k = token.key
    return len(k) >= 2 and k.isalpha() and k not in KNOWN and k not in _NO_ONE


def spoken(tokens: Sequence[Token]) -> str:
    """The name as spoken: Latin words capitalised, Devanagari kept in its script."""
    return " ".join(t.surface if not t.surface.islower() else t.surface.title() for t in tokens)


def find_who(tokens: Sequence[Token]) -> Who:
    who = _with_word_before(tokens, _without_title_after(tokens, _find_who(tokens)))
    if _described(tokens, who):
        return replace(who, described=True)
    return who


# First names that are also days, months, planets or words: before a family name they are
# the name ("mangal singh", "June Rodrigues"), alone they are asked about (parser).
WORD_FIRST_NAMES = lx.words(
    "sunday monday tuesday wednesday thursday friday saturday january february march april "
    "may june july august september october november december mangal budh guru shani "
    "somvar ravivar rose lily happy lucky baby sunny raja rani moti heera badal suraj kamal "
    "chand sona मंगल बुध गुरु शनि सोमवार रविवार"
)
# Of those, the ones that are also a day or a month: alone before "ko" they may be a date.
DAY_NAMES = lx.words(
    "sunday monday tuesday wednesday thursday friday saturday january february march april "
    "may june july august september october november december mangal budh somvar ravivar"
)
# A shop's name starts with one of these before its own words and ends in a kind of shop:
# "new sai kirana", "maa durga hotel", "श्री बालाजी मेडिकल".
_SHOP_OPENERS = lx.words("new naya nayi maa jai shri sri मां माँ जय श्री न्यू")
_SHOPS = lx.words(
    "kirana store stores medical medicals hotel dhaba bakery traders enterprises dairy "
    "sweets provision general mart किराना स्टोर मेडिकल होटल ढाबा बेकरी डेयरी"
)


def _with_word_before(tokens: Sequence[Token], who: Who) -> Who:
    """The name starts one word earlier at a first name that is a word before a family name
    ("mangal singh ko", "June Dsouza"), or at "new" / "maa" before a shop's name."""
    if not who.name or not who.used or min(who.used) == 0:
        return who
    start, before = min(who.used), tokens[min(who.used) - 1]
    first = key(who.name.split()[0])
    last = key(who.name.split()[-1])
    word_name = before.key in WORD_FIRST_NAMES and first in lx.SURNAMES
    shop = before.key in _SHOP_OPENERS and last in _SHOPS and len(who.used) > 1
    if not (word_name or shop):
        return who
    name = f"{spoken([before])} {who.name}"
    return replace(who, name=name, used=who.used | {start - 1})


def is_title(token: Token) -> bool:
    """ "anna", "ben" written small after a name (or in Devanagari, which has no capitals)
    are titles; "Anna" and "Ben" are names."""
    return token.surface in lx.TITLES_AFTER


def _without_title_after(tokens: Sequence[Token], who: Who) -> Who:
    """ "murugan anna ka 1200 gpay se aaya hai": Murugan, elder brother - not "Murugan Anna"."""
    if not who.name or len(who.used) < 2 or not is_title(tokens[max(who.used)]):
        return who
    return replace(who, name=who.name.rsplit(" ", 1)[0])  # the title stays a word it used


def _described(tokens: Sequence[Token], who: Who) -> bool:
    """Someone told by a relation of a person, a description, or "wahi jo …", unless the
    clause also says whose khata it is ("Pinky ki mummy ne Pinky ke khate mein 300 diye")."""
    keys = [t.key for t in tokens]
    if _DESCRIBING.isdisjoint(keys):
        return False  # most clauses: none of the words that describe someone
    for i, k in enumerate(keys[:-1]):
        nxt = keys[i + 1]
        if (k in _POSSESSIVE or k in _HIS) and nxt in _RELATIONS and not _khata_named(keys, i + 1):
            return True  # "Ramesh ki wife", "uske papa", "her mother", "his brother's account"
        if k in _ONE and nxt in lx.WALA and i + 2 < len(keys) and is_name_like(tokens[i + 2]):
            return True  # "do Amit hain na, ek wale Amit ka": which of the two
        if k in _BESIDE and nxt in lx.WALA:
            return True  # "wo peeche wali": someone told by where she stands
        if k in GROUPS and who.name and not _HIS.isdisjoint(keys[i + 1 :]):
            return True  # "Sharma ji aur Verma ji dono aaye the, unka 500": whose?
        if (k, nxt) == _ONE_OF and keys[i + 2 : i + 3] == [_THE]:
            return True  # "one of the Rahuls paid 200"
        if k in lx.WALA and nxt in _PERSONS | lx.PLACES and i > 0:
            return True  # "chashme wale uncle", "Mumbai wale bhaiya", "upar wale flat"
        if k in lx.PLACES and nxt in _POSSESSIVE | _FROM_PLACE:
            return True  # "flat ke bhaiya", "फ्लैट से 300 आए"
        if k in lx.OCCUPATIONS and not (i > 0 and is_name_like(tokens[i - 1])):
            return True  # "dhobi ka 150", "the milkman's account"; not "Raju tailor"
        if k in _ELDERS and nxt in _POSSESSIVE and not (i > 0 and is_name_like(tokens[i - 1])):
            return True  # "90 on amma's account": whose mother; not "Selvi amma ka"
        if k in _THAT_ONE and nxt in _WHO_CAME | _PERSONS:
            return True  # "wahi jo kal aaya tha", "wahi aunty jo parso aayi thi"
        if k == _THE and nxt in _ADJECTIVES | _PERSONS and i + 2 <= len(keys):
            return nxt in _PERSONS or (i + 2 < len(keys) and keys[i + 2] in _PERSONS)
    return False


def _khata_named(keys: Sequence[str], relation: int) -> bool:
    """A khata named as someone's other than the relation's ("Pinky ki mummy ne Pinky ke
    khate mein"; not "his brother's account")."""
    return any(
        k in _POSSESSIVE and i + 1 < len(keys) and keys[i + 1] in lx.KHATA and i - 1 != relation
        for i, k in enumerate(keys)
    )


_POSSESSIVE = lx.words("ka ki ke का की के")
_HIS = lx.words("uska uski uske unka unki unke his her their उसका उसकी उसके उनका उनकी उनके")
_RELATIONS = lx.words(
    "wife biwi patni husband pati mummy mumma maa mother papa pitaji father beta beti son "
    "daughter bhai brother behen bahan sister bahu damad sasur saas chacha chachi mama mami "
    "nephew bhatija bhatiji ladka ladki boy girl naukar driver dost friend dad daddy mom "
    "neighbour neighbor padosi padosan पड़ोसी पड़ोसन "
    "बीवी पत्नी पति मम्मी माँ मां पापा पिताजी बेटा बेटी भाई बहन बहू दामाद ससुर सास चाचा मामा लड़का लड़की दोस्त "
    # Honorifics after a name ("Sunaina bhabhi"), relations after "ki" ("Suman ki bhabhi").
    "bhabhi didi aunty uncle bhaiya nani nana dadi dada bua jija devar nanad "
    "भाभी दीदी आंटी अंकल भैया नानी नाना दादी दादा बुआ जीजा देवर ननद "
    "amma ammi अम्मा अम्मी"
)
_ELDERS = lx.words("amma ammi dadi nani अम्मा अम्मी दादी नानी")  # mothers and grandmothers
_PERSONS = lx.words(
    "uncle aunty bhaiya bhai sir madam didi ladka ladki boy girl guy man lady sahab saab log "
    "अंकल आंटी भैया भाई सर दीदी लड़का लड़की"
)
_THAT_ONE = lx.words("wahi vahi वही")
_ONE = lx.words("ek एक")
_ONE_OF = (key("one"), key("of"))
_FROM_PLACE = lx.words("se से from")
_WHO_CAME = lx.words("jo जो who")
_THE = next(iter(lx.words("the")))
_ADJECTIVES = lx.words("new old tall short young naya purana")


_DESCRIBING = (
    _RELATIONS | lx.WALA | _THAT_ONE | lx.PLACES | lx.OCCUPATIONS | frozenset(GROUPS)
    | frozenset({_THE, _ONE_OF[1]})
)  # fmt: skip


def _find_who(tokens: Sequence[Token]) -> Who:
    keys = [t.key for t in tokens]
    if (group := _group(tokens)) is not None:
        return group
    name = (
        _name_before_marker(tokens)
        or _name_after_word(tokens)
        or _name_after_title(tokens)
        or _subject_who_went(tokens)
    )
    if name is None and (group := _english_group(keys)) is not None:
        return group
    if name is not None:
        start, end = name
        lead = start - 1
        while lead > 0 and tokens[lead].key in _BEFORE_A_LIST:
            lead -= 1
        rest = _names_to_the_end(tokens, end) if tokens[lead].key in _NAME_AFTER else []
        others = tuple(spoken(tokens[a:b]) for a, b in rest)
        last = rest[-1][1] if rest else end
        return Who(spoken(tokens[start:end]), used=frozenset(range(start, last)), others=others)
    pairs = list(zip(keys, keys[1:], strict=False))
    for phrases, ref in ((_ACTIVE_PHRASES, "active"), (_PREVIOUS_PHRASES, "previous")):
        at = next((i for i, pair in enumerate(pairs) if pair in phrases), None)
        if at is not None:
            return Who(ref=ref, used=frozenset({at, at + 1}))
    for i, k in enumerate(keys):
        devanagari_ref = (
            k in _HIM_IN_HINDI
            and has_devanagari(tokens[i].surface)
            and not any(t.key in lx.ENTRY for t in tokens)  # "एंट्री गलत हो गई, उसे हटा दो": it
        )
        if k in lx.ACTIVE_REFS or k in _ACTIVE_SUBJECTS or tokens[i].text == _SHE or devanagari_ref:
            return Who(ref="active", used=frozenset({i}))
        if k in lx.PREVIOUS_REFS and i + 1 < len(keys) and keys[i + 1] in lx.WALA:
            # "pehle wale ko": the previous customer; "pehle ka 700 baaki hai" is from before.
            return Who(ref="previous", used=frozenset({i, i + 1}))
    return Who()


def _group(tokens: Sequence[Token]) -> Who | None:
    """Several names before one case marker, or a gathering word with no names."""
    for i, token in enumerate(tokens):
        if token.key not in lx.CASE_MARKERS and token.key != key("sabko"):
            continue
        end = i + 1 if token.key == key("sabko") else i
        ref = None
        while end > 0 and (
            tokens[end - 1].key in GROUPS or tokens[end - 1].key in _PLURAL_CUSTOMERS
        ):
            if tokens[end - 1].text in _SAAB and end > 1:
                break  # "Sunny saab ka": the honorific, not "sab" (all)
            ref = ref or GROUPS.get(tokens[end - 1].key)
            end -= 1
        if ref is not None and end > 1 and tokens[end - 1].key in _LIST_JOINERS:
            end -= 1  # "Tanvir, Salim, Govind, teeno ka": the list the group word gathers
        names = _names_before(tokens, end)
        if ref is None and not _joined_by_and(tokens, names):
            names = names[-1:]  # "Sunita bhabhi, Girish ka 1200": she is spoken to, not listed
        if len(names) >= 2:
            used = frozenset(range(names[0][0], i + 1))
            spans = [spoken(tokens[a:b]) for a, b in names]
            miscounted = ref is not None and ref != "all" and _COUNTS[ref] != len(names)
            return Who(spans[0], others=tuple(spans[1:]), used=used, miscounted=miscounted)
        if ref is not None and not names:
            return Who(ref=ref, used=frozenset(range(end, i + 1)))
    return None


def _joined_by_and(tokens: Sequence[Token], names: Sequence[tuple[int, int]]) -> bool:
    """Whether a list of names says "aur"/"and" somewhere: commas alone also follow a name
    called out to ("Rahul, Priya ko 100 likho" is said to Rahul)."""
    for _, b in names[:-1]:
        while tokens[b].key in lx.HONORIFICS:
            b += 1  # "Sharma ji aur Gupta ji"
        if tokens[b].key in lx.JOINERS:
            return True
    return False


def _names_to_the_end(tokens: Sequence[Token], end: int) -> list[tuple[int, int]]:
    """ "to Heera and Babloo": the names joined to the first one when the list ends the clause."""
    spans: list[tuple[int, int]] = []
    i = end
    while i < len(tokens) and tokens[i].key in _LIST_JOINERS:
        first = i + 1
        while first < len(tokens) and tokens[first].key in lx.HONORIFICS:
            first += 1  # "to Mr Sharma and Mrs Gupta"
        last = first
        while last < len(tokens) and last - first < _MAX_NAME_WORDS and is_name_like(tokens[last]):
            last += 1
        if last == first:
            return []
        spans.append((first, last))
        i = last
    return spans if _closes_a_list(tokens, i) else []


# What may follow a list of names to the end of its clause: "remind Raju and Meena on
# Monday", "to Rahul and Priya, 100 each".
_DATE_LEADS = lx.words("the at on by")
_AFTER_A_LIST = _TIME_WORDS | lx.words(
    "on at by the this next after each both about their dues money payment rest baaki"
    " please plz yaar yar"  # "remind Mr Sharma and Mrs Gupta tomorrow evening please"
)


def _closes_a_list(tokens: Sequence[Token], i: int) -> bool:
    """Whether a list of names ending at `i` ends its clause, but for a time or "each"."""
    if i < len(tokens) and tokens[i].key == SEPARATOR:
        return True
    rest = tokens[i:]
    end = next((j for j, t in enumerate(rest) if t.key == SEPARATOR), len(rest))
    return all(
        t.key in _AFTER_A_LIST or (t.key.isdigit() and j > 0 and rest[j - 1].key in _DATE_LEADS)
        for j, t in enumerate(rest[:end])
    )  # "remind Salim and Rafiq on the 20th, both owe me money"


def _english_group(keys: Sequence[str]) -> Who | None:
    """ "everyone", "all customers", "all three", "both of them": no case marker in English."""
    for i, k in enumerate(keys):
        nxt = keys[i + 1] if i + 1 < len(keys) else ""
        if k in _EVERYONE or (k == key("all") and nxt in _PLURAL_CUSTOMERS):
            return Who(ref="all", used=frozenset({i}))
        if k == key("all") and nxt in GROUPS and GROUPS[nxt] != "all":
            return Who(ref=GROUPS[nxt], used=frozenset({i, i + 1}))
        if k == key("both"):
            return Who(ref="recent:2", used=frozenset({i}))
    return None


def _names_before(tokens: Sequence[Token], end: int) -> list[tuple[int, int]]:
    """Name spans joined by "aur"/"and"/"," that end at `end`, in spoken order."""
    spans: list[tuple[int, int]] = []
    stop = end
    while True:
        last = stop
        while last > 0 and tokens[last - 1].key in lx.HONORIFICS:
            last -= 1
        first = last
        while first > 0 and last - first < _MAX_NAME_WORDS and is_name_like(tokens[first - 1]):
            first -= 1
        if first == last:
            return spans[::-1]
        first = _with_first_name(tokens, first)
        spans.append((first, last))
        if first == 0 or tokens[first - 1].key not in _LIST_JOINERS:
            return spans[::-1]
        stop = first - 1


def joins_names(tokens: Sequence[Token], i: int, clause_start: int = 0) -> bool:
    """Whether the joiner at `i` sits inside a list of names ("Rahul aur Priya dono ko").

    After words of its own ("add 60 to Nisha and Farhan paid 90") a list needs a Hindi case
    marker: English verbs that follow a name end one command and start the next.
    """
    before = i
    while before > 0 and tokens[before - 1].key in lx.HONORIFICS:
        before -= 1  # "Sharma ji aur Gupta ji dono ko"
    if before == 0 or not is_name_like(tokens[before - 1]):
        return False
    leading = all(
        is_name_like(t) or t.key in lx.HONORIFICS or t.key in _LIST_JOINERS
        for t in tokens[clause_start:i]
    )
    # Commas alone may follow a name called out to: a list says "aur"/"and" somewhere.
    said_and = any(t.key in lx.JOINERS for t in tokens[clause_start : i + 1])
    j = i + 1
    while j < len(tokens):
        if tokens[j].key in GROUPS and GROUPS[tokens[j].key] != "all" and j > i + 1:
            # "Tanvir, Salim, Govind, teeno ka": the group word closes the list of names.
            return j + 1 < len(tokens) and tokens[j + 1].key in _HINDI_MARKERS and leading
        while j < len(tokens) and tokens[j].key in lx.HONORIFICS:
            j += 1  # "Mr Sharma and Mrs Gupta"
        width = 0
        while j < len(tokens) and width < _MAX_NAME_WORDS and is_name_like(tokens[j]):
            j += 1
            width += 1
        if width == 0:
            return False
        while j < len(tokens) and tokens[j].key in lx.HONORIFICS:
            j += 1
        while j < len(tokens) and (tokens[j].key in GROUPS or tokens[j].key in _PLURAL_CUSTOMERS):
            j += 1
        if j < len(tokens) and tokens[j].key in lx.CASE_MARKERS:
            return said_and and (leading or tokens[j].key in _HINDI_MARKERS)
        if j < len(tokens) and tokens[j].key in _LIST_JOINERS:
            said_and = said_and or tokens[j].key in lx.JOINERS
            j += 1
            continue
        # "add 90 to Heera and Babloo": a list after "to" that ends the utterance.
        return _closes_a_list(tokens, j) and _after_to(tokens, before)
    return False


def _after_to(tokens: Sequence[Token], end: int) -> bool:
    """Whether the list of names ending at `end` follows "to"/"for" ("to Rahul, Priya")."""
    while True:
        start = end
        while start > 0 and end - start < _MAX_NAME_WORDS and is_name_like(tokens[start - 1]):
            start -= 1
        while start > 0 and tokens[start - 1].key in _BEFORE_A_LIST:
            start -= 1  # "to Mrs Gupta", "to both Rahul and Priya"
        if start == end or start == 0:
            return False
        if tokens[start - 1].key in _NAME_AFTER:
            return True
        if tokens[start - 1].key not in _LIST_JOINERS:
            return False
        end = start - 1


def _name_before_marker(tokens: Sequence[Token]) -> tuple[int, int] | None:
    # A case marker first, then an honorific alone: "namaste chacha ji, Vinod ka balance" is
    # Vinod's; the one greeted is spoken to.
    marked = _name_before(tokens, lx.CASE_MARKERS)
    if marked is not None:
        return marked
    honoured = _name_before(tokens, lx.HONORIFICS)
    if honoured is not None and _someone_before_a_marker(tokens):
        return None  # "namaste chacha ji, haan मार्क के 260": not chacha, whoever मार्क is
    return honoured


def _someone_before_a_marker(tokens: Sequence[Token]) -> bool:
    """A capitalised or Devanagari word the vocabulary knows before ko/ka/ke/ki/ne."""
    return any(
        t.key in PERSON_CASES
        and i > 0
        and tokens[i - 1].key.isalpha()
        and (_is_capitalised(tokens[i - 1].surface) or has_devanagari(tokens[i - 1].surface))
        and tokens[i - 1].key not in _NOT_A_SUBJECT
        for i, t in enumerate(tokens)
    )


PERSON_CASES = lx.words("ko ka ke ki ne को का के की ने")


def _name_before(tokens: Sequence[Token], markers: frozenset[str]) -> tuple[int, int] | None:
    for i, token in enumerate(tokens):
        if token.key not in markers:
            continue
        if token.key in _TITLES_BEFORE:
            continue  # "no hurry Mr Pillai": Mr comes before its name, never after one
        end = i
        while end > 0 and (tokens[end - 1].key in _BEFORE_MARKER or is_title(tokens[end - 1])):
            end -= 1  # "Sharma ji ko", "Ajay naam se", "गीता बेन को"
        start = end
        while start > 0 and end - start < _MAX_NAME_WORDS and is_name_like(tokens[start - 1]):
            start -= 1
        if 0 < start < end and _goods_named(tokens[start - 1]):
            start -= 1  # "Makhan Singh ko 2 packet makhan": the first name is also butter
        if start < end:
            return _with_first_name(tokens, start), end
        if (surname := _number_surname(tokens, end)) is not None:
            return surname, end  # "Priyanka Das paid 800": Das is her name, not ten
        if end > 0 and token.key in lx.CASE_MARKERS and _word_as_name(tokens, end - 1, i):
            start = end - 1
            while start > 0 and end - start < _MAX_NAME_WORDS and is_name_like(tokens[start - 1]):
                start -= 1  # "Lalit Bhatt ne": "bhatt" reads as "baat", the name is both words
            return start, end
        if end > 0 and token.key in lx.CASE_MARKERS and _honoured(tokens, end, i):
            return _with_first_name(tokens, end - 1), end  # "Das ji ka", "दास जी के नाम"
    return None


# Words that never name a customer, whatever slot they stand in.
_NEVER_A_NAME = (
    lx.ACTIVE_REFS | lx.PREVIOUS_REFS | frozenset(GROUPS) | lx.FILLER | lx.TODAY
    | (_TIME_WORDS - frozenset(MONTHS)) | lx.HONORIFICS | lx.CASE_MARKERS | gate.VOCABULARY
    | frozenset(SMALL) | _ACTIVE_SUBJECTS | _PLURAL_CUSTOMERS
    | lx.words("mujh mujhe muje main maine hum humne aap aapne tum tumne i you we they it this "
               "that kis kisi koi har sab")
)  # fmt: skip
_ERGATIVE = key("ne")
_OWNED_BY = lx.words("ka ki ke")
_TO = lx.words("ko")


def _honoured(tokens: Sequence[Token], end: int, i: int) -> bool:
    """A word the vocabulary knows before an honorific and a case marker is a person: "Das
    ji ka" is not "ten", "Mangal bhai ko" is not Tuesday."""
    word = tokens[end - 1].key
    if not any(tokens[x].key in lx.HONORIFICS for x in range(end, i)):
        return False
    return len(word) >= 2 and word.isalpha() and word not in _NOT_HONOURED


_NOT_HONOURED = (
    lx.ACTIVE_REFS | lx.PREVIOUS_REFS | frozenset(GROUPS) | lx.CASE_MARKERS | lx.HONORIFICS | _NO_ONE
    | lx.words("aap ap tum hum sab sabhi koi kisi is us ye yeh vo woh wo bada chhota")
)  # fmt: skip


def _word_as_name(tokens: Sequence[Token], at: int, i: int) -> bool:
    """A word the vocabulary knows, read as a name where only a person can stand: before
    "ne" (only people act: "Bill ne 500 diye", "बिल ने"), before an English possessive
    ("May's account"), a month before "ka/ko" ("May ka reminder": a month owns no
    reminder), a word that owns itself ("Bill ka bill"). A number before it ("5 May ko")
    makes it a date."""
    word = tokens[at]
    k = word.key
    latin_capital = _is_capitalised(word.surface)
    spoken_name = latin_capital or has_devanagari(word.surface)
    if gate.is_report_word(k) and tokens[i].key == _ERGATIVE and spoken_name:
        return True  # "Bhola ne BHIM se 1,100 bheje": "bola" (said) is also a name
    if SMALL.get(k, 1) == 0:
        return True  # "Sunny ka 250", "did Sunny pay": nobody speaks an amount of zero
    if k in WEEKDAYS and tokens[i].key == _ERGATIVE and spoken_name:
        return True  # "मंगल ने 300 दिए": a Tuesday gives nothing
    # "change Bhola's number": a capitalised "bola" inside a sentence may be a name.
    # "Bhola ka bill", "भोला को 200": nobody's "said" owns a bill or is given one.
    owned = tokens[i].key in _OWNED_BY | _TO
    named_report = gate.is_report_word(k) and (
        (latin_capital and (at > 0 or owned)) or (has_devanagari(word.surface) and owned)
    )
    if len(k) < 2 or not k.isalpha() or (k in _NEVER_A_NAME and not named_report):
        return False
    if not (latin_capital or has_devanagari(word.surface)):
        return False
    if at > 0 and not tokens[at - 1].key.isalpha():
        return False
    marker = tokens[i]
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if marker.key == _ERGATIVE or (marker.surface == "'s" and latin_capital):
        return True
    if named_report and marker.key in _OWNED_BY | _TO:
        return True
    if following is not None and marker.key in _OWNED_BY and following.key == k:
        return True
    return latin_capital and k in MONTHS and marker.key in _OWNED_BY | {key("ko")}


def _goods_named(token: Token) -> bool:
    """A capitalised word for goods before a surname is a first name ("Makhan Singh")."""
    return _is_capitalised(token.surface) and token.key in lx.PRODUCTS


def _number_surname(tokens: Sequence[Token], end: int) -> int | None:
    """Where a name starts whose surname is a capitalised number word ("Das", "Saat"?) after
    a first name, when the money is said in digits."""
    if end < 2 or not _is_capitalised(tokens[end - 1].surface) or tokens[end - 1].key not in SMALL:
        return None
    if not is_name_like(tokens[end - 2]) or not any(t.key.isdigit() for t in tokens):
        return None
    start = end - 2
    while start > 0 and end - start < _MAX_NAME_WORDS and is_name_like(tokens[start - 1]):
        start -= 1
    return start


# First names that are also a weekday or a verb, before a capitalised surname.
_DAY_AND_VERB_NAMES = lx.words("mangal badal baadal")


def _with_first_name(tokens: Sequence[Token], start: int) -> int:
    """Start the name one word earlier at a capitalised number word, "Mangal" or "Baadal"
    before it ("Sunny Deol": "sunny" reads as "sunya", zero; "Mangal Oraon": Tuesday)."""
    if start == 0 or not _is_capitalised(tokens[start - 1].surface):
        return start
    word = tokens[start - 1].key
    if word in _DAY_AND_VERB_NAMES and _is_capitalised(tokens[start].surface):
        return start - 1  # "Mangal Oraon naam se", "Baadal Soren ka": Tuesday, change
    if word not in SMALL:
        return start
    # Nobody speaks an amount of zero; any other number word needs digits for the amount.
    digits = any(t.key[:1].isdigit() for t in tokens)  # "2.5k" too
    return start - 1 if SMALL[word] == 0 or digits else start


def _is_capitalised(surface: str) -> bool:
    return surface[:1].isupper() and not surface.isupper()


# Surnames that read as words after a first name: "Bhatt" (baat, talk).
_WORD_SURNAMES = lx.words("bhatt bhat भट्ट भट")


def _name_after_word(tokens: Sequence[Token]) -> tuple[int, int] | None:
    for i, token in enumerate(tokens):
        if token.key not in _NAME_AFTER:
            continue
        while i + 1 < len(tokens) and tokens[i + 1].key in _BEFORE_A_LIST:
            i += 1  # "to Mrs Gupta", "to both Rahul and Priya"
        if token.key in lx.CUSTOMER_NOUNS:
            while i + 1 < len(tokens) and tokens[i + 1].key in _OPENING_VERBS:
                i += 1  # "naya customer banao Sukhwinder Gill"
        end = i + 1
        while (
            end < len(tokens)
            and end - i <= _MAX_NAME_WORDS
            and (is_name_like(tokens[end]) or (end > i + 1 and tokens[end].key in _WORD_SURNAMES))
        ):
            end += 1  # "naam Hardik Bhatt": "bhatt" reads as "baat" (talk)
        if end == i + 1 and end < len(tokens) and _zero_named(tokens[end]):
            end += 1  # "bill for Sunny": nobody bills zero
        if end > i + 1 and end < len(tokens) and _surname_as_word(tokens, end):
            end += 1  # "for Chameli Das": her name, not ten; "remind Imti Ao on Saturday"
        if end > i + 1:
            return i + 1, end
    return None


def _zero_named(token: Token) -> bool:
    return _is_capitalised(token.surface) and SMALL.get(token.key, 1) == 0


# "de gaya", "le gayi", "दे गया": gave or took, and went - said of a person who came.
_WENT = lx.words("gaya gayi gaye gai gae गया गई गए")
_GAVE_TOOK = lx.words("de le dekar lekar दे ले")


def _subject_who_went(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """ "Munna 300 le gaya", "दिनेश 650 दे गया है": a name first, then the money, then
    gave or took and went - the subject, with no "ne" to mark it."""
    end = 0
    while end < len(tokens) and end < _MAX_NAME_WORDS and is_name_like(tokens[end]):
        end += 1
    after = end
    while after < len(tokens) and tokens[after].key in lx.HONORIFICS:
        after += 1
    if end == 0 or after >= len(tokens) or not _starts_a_number(tokens[after].key):
        return None
    keys = [t.key for t in tokens]
    went = any(keys[i] in _GAVE_TOOK and keys[i + 1] in _WENT for i in range(after, len(keys) - 1))
    return (0, end) if went else None


def word_who_went(tokens: Sequence[Token]) -> bool:
    """ "Sunny 300 le gaya", "मार्क ३०० उधार ले गया": a word the vocabulary knows where the one
    who came and took stands - someone, though not a name it can place."""
    if len(tokens) < 3 or is_name_like(tokens[0]) or not tokens[0].key.isalpha():
        return False
    first = tokens[0]
    spoken_name = _is_capitalised(first.surface) or has_devanagari(first.surface)
    if not spoken_name or first.key in _NOT_A_SUBJECT:
        return False
    return _subject_who_went([_as_name(first), *tokens[1:]]) is not None


def _as_name(token: Token) -> Token:
    return Token("x" + token.text, "x" + token.key, token.surface)  # a stand-in name


_NOT_A_SUBJECT = (
    frozenset(DAYS) | lx.FILLER | lx.ACTIVE_REFS | lx.PREVIOUS_REFS | frozenset(GROUPS) | lx.TODAY
    | lx.HONORIFICS | frozenset(lx.PRODUCTS) | lx.CASE_MARKERS | gate.NEGATIONS | _NO_ONE
    | lx.KHATA | lx.CUSTOMER | lx.STOCK | lx.BALANCE
)  # fmt: skip


def _starts_a_number(k: str) -> bool:
    return k[:1].isdigit() or k in SMALL or k in MULTIPLIERS or k in PREFIXES


def _name_after_title(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """ "make Mrs Das a bill": after Mr/Mrs/Dr comes a name, whatever else the word means."""
    for i, token in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if token.key not in _TITLES_BEFORE or not nxt.key.isalpha() or nxt.key in _NOT_HONOURED:
            continue
        end = i + 2
        while end < len(tokens) and end - i <= _MAX_NAME_WORDS and _more_of_the_name(tokens[end]):
            end += 1
        return i + 1, end
    return None


def _surname_as_word(tokens: Sequence[Token], at: int) -> bool:
    """A word the vocabulary knows that is the surname after a first name: a number word
    written with a capital ("Chameli Das"), "das" before a number to call or a case marker,
    a short capitalised word ("Imti Ao"), a capitalised one before "'s" ("Vinod More's")."""
    token = tokens[at]
    if _is_capitalised(token.surface) and token.key in SMALL:
        return True
    surface = token.surface
    titled = surface.istitle() and surface.isalpha()
    owned = at + 1 < len(tokens) and tokens[at + 1].key in _POSSESSIVE  # "Vinod More's"
    if titled and len(surface) >= 2 and (len(surface) <= 3 or owned):
        return token.key not in lx.HONORIFICS | lx.CASE_MARKERS | lx.ACTIVE_REFS | _SHORT_WORDS
    return _lower_case_das(tokens, at)


_DAS = key("das")
# Short words a sentence may start with after a name ("… Hope Kharkongor. Her number is …").
_SHORT_WORDS = lx.words("her his him he she it its we you our my the and but not yes no ok how who")


def _lower_case_das(tokens: Sequence[Token], at: int) -> bool:
    """ "das" after a first name, then a number to call or a case marker (or nothing): the
    surname Das as speech-to-text writes it, not ten."""
    after = tokens[at + 1].key if at + 1 < len(tokens) else ""
    return tokens[at].key == _DAS and (not after or after in lx.PHONE or after in lx.CASE_MARKERS)


def _more_of_the_name(token: Token) -> bool:
    """ "Mr. Iyer dropped by": a lower-case word after the name is not part of it."""
    written = has_devanagari(token.surface) or not token.surface[:1].islower()
    return written and is_name_like(token)


def task_ref(tokens: Sequence[Token]) -> str | dict[str, str | int]:
    """Which task "ruko"/"cancel" means: "all", "last", {"ordinal": n}, {"intent": name} or
    {"customer": name}."""
    keys = {t.key for t in tokens}
    if keys & lx.words("pichla pichhla pichle last aakhri akhri latest"):
        return "last"
    if ordinal := next((ORDINALS[t.key] for t in tokens if t.key in ORDINALS), None):
        return {"ordinal": ordinal}
    for vocabulary, intent in _TASK_INTENTS:
        if keys & vocabulary:
            return {"intent": intent}
    who = find_who(tokens)
    if who.name is not None:
        return {"customer": who.name}
    return "all"
