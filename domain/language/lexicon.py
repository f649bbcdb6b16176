"""Word lists the parser matches on, stored as phonetic keys so spelling variants share them."""

from __future__ import annotations

from domain.language.normalize import key


def words(text: str) -> frozenset[str]:
    """Phonetic keys of space-separated words (each spelling variant listed once)."""
    return frozenset(key(w) for w in text.split())


CREDIT = words("udhaar udhar udhari udhaari udaar credit karz karza qarz udhaarr उधार क्रेडिट")
PAYMENT = words(
    "jama jma jamaa jamma payment paid received receive chukaya chukaye chukta chuka "
    "lautaya lautaye lotaye bhugtan जमा भुगतान पेमेंट"
)
GAVE = words("diye diya di dia diyee dediye dediya bheje bheja bheji kiya kiye kia mile mila")
GIVE = words("do dena de dedo diya daalo dalo daal jodo jod add likho likh likhna chadhao")
BILL = words("bill bil invoice receipt parchi बिल")
MAKE = words("banao bana banado banaiye banana banaye banaa kato kaato kaat generate create make")
REMINDER = words(
    "reminder reminders remainder remind reminde yaad yad yaaad alert tagada रिमाइंडर याद"
)
CANCEL = words(
    "cancel cancle kensal radd rad hatao hata hatana hataiye delete mitao mita remove nikalo "
    "band khatam stop रद्द हटाओ हटा"
)
CHANGE = words(
    "badlo badal badle change shift modify update reschedule postpone aage badhao badha "
    "sarkao badalna"
)
LIST = words("kaun kon konse kaunse kitne list dikhao dikha sare saare sab sabhi saari sari all")
BALANCE = words(
    "balance baki baaki bakaya bakaaya hisab hisaab hishab pending outstanding बाकी बकाया हिसाब बैलेंस"
)
TOTAL = words("kul total overall sab sabka milake milakar pura poora")
WHO = words("kiski kiska kiske kis kaun kon kinki kinka konse kaunse list sabki sabke sabka")
INFO = words("jankari jaankari details detail info information profile poori jaankaari जानकारी")
PHONE = words("phone fone mobile number nambar numbar no फोन मोबाइल नंबर")
KHATA = words("khata khaata khate account खाता")
NEW = words("naya nayi naye new नया")
CUSTOMER = words("customer costumer grahak graahak kastamar ग्राहक")
UNDO = words("undo galti galat mistake wrong")
ENTRY = words("entry entri last pichli pichhli aakhri akhri")
STOCK = words("stock stok inventory स्टॉक")
ARRIVED = words("aaya aayi aaye aai aya ayi aa aagaya received arrived आया आई आए")
SALE = words("sale sales bikri bikkri kamai collection summary dhandha galla बिक्री")
TODAY = words("aaj today din")
HELP = words("madad help sahayata sahayta helpline मदद")
FOCUS = words("baat focus select chalo")
STOP = words("ruko ruk rukiye rok roko stop bas cancel cancle rehne chhodo chodo mat")
TASK_WORDS = words(
    "ruko ruk rukiye rok roko stop bas cancel cancle rehne do karo kar sab sabhi all pichla "
    "pichhla pichle last wala vala wale vale woh vo task kaam command abhi please plz yaar "
    "chhodo chodo mat dijiye jao ek minute hai the tha"
)
CASE_MARKERS = words("ko ka ki ke ne se wala wale vala vali wali waale")
HONORIFICS = words("ji jee bhai bhaiya bhaiyya sahab saab sahib didi behen bhabhi uncle aunty")
ACTIVE_REFS = words("uska iska usko isko unka inka unko inko uski iski unki inki uske iske unke")
PREVIOUS_REFS = words("pehle pahle pehla pahla previous")
MODES = {key("cash"): "cash", key("nakad"): "cash", key("naqad"): "cash", key("upi"): "upi",
         key("gpay"): "upi", key("phonepe"): "upi", key("paytm"): "upi", key("online"): "upi",
         key("card"): "card", key("debit"): "card"}  # fmt: skip
# Other assistants' domains: with these and no ledger word, the answer is UNKNOWN.
FOREIGN = words(
    "weather mausam barish baarish temperature garmi thand gaana gana song songs music play "
    "bajao alarm alarms timer timers message messages msg sms text whatsapp email mail call phone-call navigation "
    "rasta route traffic direction directions movie film news joke"
)
AFTER = words("phir fir then baad")
JOINERS = words("aur and or")
UNITS = {key(w): u for w, u in (
    ("kilo", "kg"), ("kg", "kg"), ("kgs", "kg"), ("kilogram", "kg"), ("kila", "kg"),
    ("gram", "g"), ("gm", "g"), ("grams", "g"), ("litre", "l"), ("liter", "l"), ("ltr", "l"),
    ("litres", "l"), ("ml", "ml"), ("packet", "packet"), ("packets", "packet"),
    ("pack", "packet"), ("pkt", "packet"), ("paket", "packet"), ("dozen", "dozen"),
    ("darjan", "dozen"), ("piece", "piece"), ("pieces", "piece"), ("pc", "piece"),
    ("pcs", "piece"), ("nag", "piece"), ("bottle", "bottle"), ("botal", "bottle"),
    ("dabba", "box"), ("box", "box"), ("bori", "bag"), ("bag", "bag"), ("katta", "bag"),
    ("pouch", "pouch"), ("thaili", "pouch"), ("किलो", "kg"), ("लीटर", "l"), ("पैकेट", "packet"),
)}  # fmt: skip
# Catalogue names for common synonyms, so "doodh" and "milk" reach the same product.
PRODUCTS = {key(w): p for w, p in (
    ("milk", "milk"), ("doodh", "milk"), ("dudh", "milk"), ("bread", "bread"),
    ("pav", "bread"), ("egg", "eggs"), ("eggs", "eggs"), ("anda", "eggs"), ("ande", "eggs"),
    ("rice", "rice"), ("chawal", "rice"), ("chaawal", "rice"), ("oil", "oil"), ("tel", "oil"),
    ("sugar", "sugar"), ("cheeni", "sugar"), ("chini", "sugar"), ("salt", "salt"),
    ("namak", "salt"), ("atta", "atta"), ("aata", "atta"), ("dal", "dal"), ("daal", "dal"),
    ("biscuit", "biscuit"), ("biscuits", "biscuit"), ("biskut", "biscuit"), ("maggi", "maggi"),
    ("soap", "soap"), ("sabun", "soap"), ("tea", "tea"), ("chai", "tea"), ("ghee", "ghee"),
    ("butter", "butter"), ("makhan", "butter"), ("paneer", "paneer"), ("dahi", "curd"),
    ("curd", "curd"), ("besan", "besan"), ("maida", "maida"), ("sooji", "sooji"),
    ("poha", "poha"), ("namkeen", "namkeen"), ("chips", "chips"), ("coke", "coke"),
    ("pepsi", "pepsi"), ("toothpaste", "toothpaste"), ("shampoo", "shampoo"),
    ("surf", "surf"), ("detergent", "detergent"), ("haldi", "haldi"), ("mirch", "mirch"),
    ("masala", "masala"), ("cigarette", "cigarette"), ("machis", "matchbox"),
    ("candle", "candle"), ("pyaz", "onion"), ("pyaaz", "onion"), ("onion", "onion"),
    ("aloo", "potato"), ("potato", "potato"), ("tamatar", "tomato"), ("tomato", "tomato"),
    ("दूध", "milk"), ("चावल", "rice"), ("आटा", "atta"), ("चीनी", "sugar"), ("तेल", "oil"),
    ("अंडे", "eggs"), ("ब्रेड", "bread"), ("दाल", "dal"), ("बिस्किट", "biscuit"),
)}  # fmt: skip
# Words the intent rules test for; known words never count as "unknown" in a clause.
RULE_WORDS = words(
    "bacha bache bachi available le liya liye li lia entry entri entries kitna kitne kitni "
    "hua hue ho gaya gayi bana banta create send karwana karaye karayen karaiye karwaye "
    "karwayen karado rakho rakh dikhana dikhaye dikhaiye koi upcoming aane close bund open "
    "kholo khol save badhao chahiye pe par market bazaar fasa fase phansa nahi ab dono donon both"
)
FILLER = words(
    "karo kro kar karna karen karein kariye krdo kardo karde kijiye please plz zara jara "
    "hai he hain h ho hua hui tha the thi gaya gayi gaye ga gi ge raha rahi rahe sakte sakta "
    "mera mere meri mujhe muje mujhko main mai me mein hum hamara aap ap tum tu is us ye yeh "
    "vo woh wo kya kitna kitne kitni kab kaise kaisa abhi jaldi bhi to toh na nahi ek the a an "
    "the to for of in on at my me i is are was what how please and with par pe tak liye lie "
    "wala wale waala rupaye rs batao bata btao bataiye dikhao check chek likho likh bhejo "
    "bhej bhejna bhejiye set lagao laga dalo daalo aaj kal parso subah shaam raat baje bje "
    "new add naya nayi jodo sari saari sab sabhi amount paisa paise paisay rakam"
)
