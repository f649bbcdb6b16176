"""Word lists the parser matches on, stored as phonetic keys so spelling variants share them."""

from __future__ import annotations

from functools import lru_cache

from domain.language.normalize import key


@lru_cache(maxsize=1024)
def words(text: str) -> frozenset[str]:
    """Phonetic keys of space-separated words (each spelling variant listed once).

    Cached: the intent rules spell small word lists inline, and they run on every clause.
    """
    return frozenset(key(w) for w in text.split())


CREDIT = words(
    "udhaar udhar udhari udhaari udaar credit karz karza qarz udhaarr lend lent borrowed borrow "
    "उधार उधारी क्रेडिट"
)
PAYMENT = words(
    # Not "received": "received 5 packets of biscuits" is stock (see ARRIVED).
    "jama jma jamaa jamma payment paid chukaya chukaye chukta chuka "
    "lautaya lautaye lotaye bhugtan जमा भुगतान पेमेंट चुकाए चुकाया चुकाई लौटाए लौटाया "
    # English: the customer is the one who pays ("Rahul paid 300", "Priya repaid 200").
    # Not "pays": "she always pays on time" is a habit, not a payment.
    # "cleared"/"settled" only with dues (ledger_rules.py): "did the snow get cleared" is not.
    "pay paying repaid repay deposited deposit wasool vasool vasul wasul collected वसूल "
    "cheque cheques"  # a cheque is a payment; its mode is none of cash/upi/card
)
# Past "gave"; Devanagari दिए/किए romanize as "die"/"kie". English "gave"/"sent" are a payment
# when the customer is the subject ("Priya gave 200"), a credit otherwise ("gave Amit 500").
GAVE = words(
    "diye diya di dia diyee dediye dediya bheje bheja bheji kiya kiye kia mile mila die kie "
    "gave sent transferred returned return given "
    # Handed over: "haath mein 200 pakdaye", "हाथ में 150 थमा दिए".
    "pakdaye pakdaya pakda thamaye thamaya thamaa थमा थमाए थमाया पकड़ाए पकड़ाया handed"
)
GIVE = words(
    "do dena de dedo diya daalo dalo daal jodo jod add likho likh likhna chadhao "
    "give put write note enter charge likhdo chadha chadhado mark jodna ऐड "
    # The polite forms a Hindi speech-to-text writes: लिखें, जोड़ें, डालें, चढ़ाएं.
    "likhe likhen likhiye jode joden jodiye dale dalen daliye chadhae chadhaye "
    "dijiye dijie dijiyega deejiye दीजिए दीजिये दीजियेगा likhun likhu लिखूँ लिखूं"
)
BILL = words("bill bil bills invoice receipt parchi बिल पर्ची")
MAKE = words(
    "banao bana banado banaiye banana banaye banaa kato kaato kaat generate create make prepare "
    "raise made ban bani bane kaatna katna बनाओ बना बनाइए बन"
)
REMINDER = words(
    "reminder reminders remainder remind reminde yaad yad yaaad alert tagada remember "
    "रिमाइंडर रिमाइंडर्स रिमाइंड याद तगादा"
)
CANCEL = words(
    "cancel cancle kensal radd rad hatao hata hatana hataiye delete mitao mita remove nikalo "
    "band khatam stop cancelled erase void hataye hatayen hataen hatade hatado hataado nikal "
    "nikaal nikaalo nikaliye nikaal chutkara chhutkara chutkaara chhutkaara mitaye "
    "रद्द हटाओ हटा कैंसल कैंसिल कैन्सल डिलीट मिटाओ"
)
CHANGE = words(
    "badlo badal badle change shift modify update reschedule postpone aage badhao badha "
    "sarkao badalna move push prepone updated changed badaliye badlein badlen badle badliye "
    "बदलो बदल बदलें चेंज अपडेट"
)
LIST = words(
    "kaun kon konse kaunse kitne list dikhao dikha sare saare sab sabhi saari sari all every लिस्ट"
)
BALANCE = words(
    "balance baki baaki bakaya bakaaya hisab hisaab hishab pending outstanding dues due owe owes "
    "owed owing balances defaulters defaulter बाकी बकाया हिसाब बैलेंस"
)
TOTAL = words("kul total overall sab sabka milake milakar pura poora altogether combined टोटल")
WHO = words(
    "kiski kiska kiske kis kaun kon kinki kinka konse kaunse list sabki sabke sabka who whose "
    "which everyone everybody kisne kisko kisse defaulters defaulter किसने किसको"
)
INFO = words(
    "jankari jaankari details detail info information profile poori jaankaari जानकारी डिटेल डिटेल्स"
)
PHONE = words("phone fone mobile number nambar numbar no contact फोन फ़ोन मोबाइल नंबर")
KHATA = words("khata khaata khate account accounts tab खाता खाते अकाउंट")
# STOP_MESSAGES / ALLOW_MESSAGES: "Rahul ko message mat bhejna", "Rahul ke message chalu karo".
MESSAGES = words("message messages msg msgs sms whatsapp मैसेज मेसेज व्हाट्सएप")
MESSAGES_OFF = words("mat mt nahi nahin nhi band bund bnd stop dont don never मत नहीं बंद")
MESSAGES_ON = words("chalu shuru start resume allow dobara wapas चालू शुरू दोबारा")
# SEND_STATEMENT: the statement, and sending it ("Rahul ko hisaab bhej do").
STATEMENT = words("hisab hisaab hishab statement statment स्टेटमेंट हिसाब")
SEND = words(
    "bhej bhejo bhejna bhejiye bhejde bhejdo bhejdena bhejdijiye bhejen bhejein bhejiyega "
    "send share forward भेज भेजो भेजना भेजें भेजिए भेजदो शेयर"
)
NEW = words("naya nayi naye new नया नई नए")
CUSTOMER_NOUNS = words(
    "customer customers costumer grahak graahak kastamar client clients ग्राहक कस्टमर"
)
# English verbs said right before the customer's name ("remind Priya", "give Amit 500",
# "charge Rahul 200"): refs.py reads a name after each word of CUSTOMER.
NAME_LEADS = words(
    "remind give charge bill lend about named called against send add register remove delete on "
    "banao"
    "close select focus jodo by"
)
CUSTOMER = CUSTOMER_NOUNS | NAME_LEADS
UNDO = words("undo galti galat mistake wrong अंडू गलती गलत")
ENTRY = words("entry entri last latest pichli pichhli aakhri akhri transaction एंट्री पिछली आखिरी")
STOCK = words("stock stok inventory स्टॉक")
ARRIVED = words(
    "aaya aayi aaye aai aya ayi aa aagaya received arrived came come delivered got utra utara "
    "utri utre आया आई आए"
)
SALE = words(
    "sale sales bikri bikkri kamai collection summary dhandha galla sold sell business "
    "earnings income earn earned becha beche bika biki बिक्री सेल कमाई कलेक्शन"
)
TODAY = words("aaj today")  # not "din": "Friday ke din ki report" is a weather report
HELP = words("madad help sahayata sahayta helpline मदद हेल्प")
FOCUS = words("baat focus select chalo talk switch aate aao dekhte chuno chunlo चुनो")
STOP = words(
    "ruko ruk rukiye rok roko stop bas cancel cancle rehne rahne chhodo chodo mat wait hold drop "
    "nevermind रुको रोको कैंसल कैंसिल"
)
TASK_WORDS = words(
    "ruko ruk rukiye rok roko stop bas cancel cancle rehne rahne do karo kro kar sab sabhi all pichla "
    "pichhla pichle last wala vala wale vale woh vo task kaam command abhi please plz yaar "
    "chhodo chodo mat dijiye jao ek minute hai the tha "
    "that it this everything current running one now on never mind ja jao jo chal raha chalu "
    "bhai ji band wait hold drop the ka for कैंसल कैंसिल रुको रोको"
)
# Verbs an English speaker says right after the customer ("Rahul paid 300", "Priya owes
# 200", "Amit took goods"): the name stands before them as before "ne" or "ka".
SUBJECT_VERBS = words(
    "paid pays pay gave sent deposited repaid cleared settled owes owe took bought purchased has "
    "will returned transferred said says told claims claimed promised is was return didnt "
    "doesnt hasnt borrowed collected"
)
# Said right after a customer's name in Hindi too: the reports ("Amit bol raha tha", "Pooja
# bata rahi thi") and the times of a promise ("Rahul kal 500 de dega", "Salma mahine ke end").
NAME_FOLLOWERS = words(
    "bol bola boli bole bolti bolta bata bataya keh kah kaha बोलती बोला बोली "
    "kal parso aaj agle agli shaam subah raat dopahar mahine hafte sunday monday tuesday "
    "wednesday thursday friday saturday somvar mangalvar budhvar guruvar shukravar shanivar "
    "ravivar"
)
# Words right after a customer's name: Hindi postpositions, and the English verbs above.
CASE_MARKERS = (
    words("ko ka ki ke ne se wala wale vala vali wali waale pe par")
    | SUBJECT_VERBS
    | NAME_FOLLOWERS
)
# Jobs and places people are told by ("Raju tailor", "dhobi ka 150", "upar wale flat se"):
# never a name themselves.
OCCUPATIONS = words(
    "tailor darzi darji halwai mechanic dhobi dhobhi press istriwala guard security chowkidar "
    "watchman driver plumber electrician barber nai pandit panditji maali mali milkman "
    "doodhwala doodhwale sabziwala sabzi sabji akhbaar akhbar newspaper paperwala kabadi "
    "mazdoor mazdooron majdoor labour labourer workers staff naukar doctor daktar vakil "
    "munshi masterji "
    "दर्जी हलवाई मैकेनिक धोबी गार्ड चौकीदार ड्राइवर प्लंबर नाई पंडित माली सब्ज़ी सब्जी अखबार "
    "कबाड़ी मज़दूर मज़दूरों मजदूर मजदूरों डॉक्टर डाक्टर वकील मुंशी मास्टरजी"
)
PLACES = words(
    "flat building block gali lane mandir temple masjid gurudwara church school office "
    "ghar house colony society sector floor "
    "फ्लैट बिल्डिंग ब्लॉक गली मंदिर मस्जिद गुरुद्वारा स्कूल ऑफिस घर कॉलोनी सोसाइटी"
)
HONORIFICS = words(
    "ji jee bhai bhaiya bhaiyya sahab saab sahib didi behen bhabhi uncle aunty sir madam "
    "mr mrs ms shri smt shrimati behan bahan ankal anti dr "
    "जी भाई भैया साहब दीदी बहन बहनजी भाभी अंकल आंटी श्री श्रीमती "
    "मिसेज़ मिसेज मिस्टर मैडम सर "
    "bitiya beta beti बिटिया बेटा बेटी "  # "Roshni bitiya": the girl, not part of her name
    # South and East Indian ones: "Selvi akka", "Naidu garu", "Banerjee dada" ("babu" is a
    # name as often: "Babu Rao", "Raja Babu").
    "akka garu dada chechi bhau अक्का गारू दादा भाऊ "
    # After a name, an elder's title: "tapan da", "महेश चाचा", "कमला ताई".
    "da chacha chachi tai taiji mausi bua kaka kaki दा चाचा चाची ताई ताईजी मौसी बुआ काका काकी "
    "paaji paji tau taau mashi masi ताऊ मासी पाजी "
    # Elders by family: "Ganga dadi", "Selvi amma", "सुशीला अम्मा".
    "dadi daadi nani naani amma ammi दादी नानी अम्मा अम्मी "
    "maulana maulvi मौलाना मौलवी "  # before a name: "Maulana Iqbal sahab"
    # Kin and elders across India after a name ("Rahim miyan", "Lata boudi", "Kannan thatha",
    # "Salma khala"); not those that are also names or surnames (Chetan, Seth, Lala, Rao,
    # Begum, Bibi, Kutty, Ben, Kaku) or share a spelling key with a word (मामी, मम्मी).
    "phupho phuphi phuphu fufa khala khalu baji apa appa appaji thatha thambi annaiya "
    "annayya anayya chetta chettai ettan etta ikka itha babai pinni avare bebe beeji aaba "
    "saheb fai boudi jethu pishi jethi sethji babuji bauji maaji mamaji mama jijaji jiju "
    "bhaiyaji bhabhiji sardarji mian miyan bhaijaan dadu dadaji nanaji nana bapu baba "
    "खाला बाजी आपा अप्पा सेठजी बाबूजी माँजी मांजी मामाजी मामा जीजाजी जीजू मियाँ मियां भाईजान "
    "बापू बाबा"
)
# Titles that are also names ("Anna", "Ben"): only written small after a name are they titles.
# Compared as written, not by key: "aana" (come) shares the key of "anna".
TITLES_AFTER = frozenset({"anna", "अन्ना", "ben", "बेन"})
# Common family names: in a list of customers with no commas ("Ramesh Kumar aur Suresh"), a
# two-word name ends in one of these; "Pinky Dolly and Sunny" may be three people.
SURNAMES = words(
    "kumar kumari sharma verma varma gupta singh sinha yadav mishra misra tiwari tripathi "
    "pandey pande dubey dwivedi chaturvedi shukla srivastava saxena mathur agarwal aggarwal "
    "agrawal bansal goel goyal garg mittal jain mehta shah patel desai joshi kulkarni "
    "deshpande patil pawar jadhav shinde more gaikwad naik nayak kamat shetty hegde rao reddy "
    "naidu raju chowdary choudhary chaudhary chaudhry iyer iyengar nair menon pillai kurup "
    "panicker namboodiri das dass ghosh bose basu banerjee mukherjee chatterjee sen roy ray "
    "dutta datta paul pal saha biswas mondal mandal sarkar majumdar bhattacharya chakraborty "
    "barua bora gogoi kalita hazarika mahanta khan pathan sheikh shaikh ansari qureshi siddiqui "
    "ahmed ahmad ali hussain husain syed rizvi mirza malik khanna kapoor kapur malhotra arora "
    "chopra bhatia sethi ahuja grover gill sandhu sidhu dhillon brar bajwa bedi kohli anand "
    "bhatt bhat thakur rathore rajput chauhan solanki parmar jha thakkar modi soni "
    "fernandes fernandez dsouza souza pereira pinto rodrigues gomes dcosta lobo dias mascarenhas "
    "thomas george joseph mathew varghese kurian chacko jacob francis "
    "murthy murthi swamy gowda shenoy pai prabhu kamath acharya bhandari negi rawat bisht "
    "कुमार शर्मा वर्मा गुप्ता सिंह सिन्हा यादव मिश्रा तिवारी पांडे पाण्डेय दुबे शुक्ला "
    "श्रीवास्तव सक्सेना अग्रवाल जैन मेहता शाह पटेल जोशी राव रेड्डी नायर दास घोष बोस बनर्जी "
    "मुखर्जी चटर्जी सेन रॉय पाल साहा सरकार खान पठान शेख अंसारी कुरैशी अहमद अली हुसैन मलिक "
    "खन्ना कपूर मल्होत्रा अरोड़ा चोपड़ा ठाकुर चौहान झा चौधरी"
)
# "Rahul wala", "gali number 3 wale", "वाली": the one of, the one who.
WALA = words("wala wale wali waale waali वाला वाले वाली")
ACTIVE_REFS = words(
    # Not "use"/"ise" (उसे): the English "use" has the same key.
    "uska iska usko isko unka inka unko inko uski iski unki inki uske iske unke unhe "
    # Not "he": Hinglish types "hai" as "he" ("kar sakte he").
    "usne isne unhone inhone his her him them their she उसने इसने उन्होंने "
    "usi isi unhi उसी इसी उन्हीं"  # "१०० उसी ने दे भी दिए": the same one
)
PREVIOUS_REFS = words("pehle pahle pehla pahla previous पहले")
MODES = {key("cash"): "cash", key("nakad"): "cash", key("naqad"): "cash", key("upi"): "upi",
         key("gpay"): "upi", key("phonepe"): "upi", key("paytm"): "upi", key("online"): "upi",
         key("card"): "card", key("debit"): "card", key("bhim"): "upi", key("google"): "upi",
         key("गूगल"): "upi",
         key("कैश"): "cash", key("नकद"): "cash", key("यूपीआई"): "upi", key("ऑनलाइन"): "upi",
         key("कार्ड"): "card", key("फोनपे"): "upi", key("पेटीएम"): "upi",
         # Bank transfers and QR scans are online payments, put with UPI; "haath mein" is cash.
         # Not "qr": its key is "kr", the way "kar" is typed.
         key("neft"): "upi", key("imps"): "upi", key("rtgs"): "upi", key("एनईएफटी"): "upi",
         key("transfer"): "upi", key("ट्रांसफर"): "upi", key("क्यूआर"): "upi",
         key("scan"): "upi", key("scanned"): "upi", key("स्कैन"): "upi", key("भीम"): "upi",
         key("haath"): "cash", key("हाथ"): "cash"}  # fmt: skip
# Other assistants' domains: with these and no ledger word, the answer is UNKNOWN.
FOREIGN = words(
    "weather mausam barish baarish temperature garmi thand gaana gana song songs music play "
    "bajao alarm alarms timer timers message messages msg sms text whatsapp email mail call phone-call navigation "
    "rasta route traffic direction directions movie film news joke playlist podcast radio "
    "countdown stopwatch forecast mph radius miles flight concert station channel event events "
    "festival movies cinema umbrella chhata jacket sweater snow baraf humidity album singer "
    "artist gaane taxi cab uber ola metro airport"
)
AFTER = words("phir fir then baad")
# "kis kis ne paise nahi diye", "who hasn't paid" ("hasn't" is typed as "hasnt").
NOT = words("nahi nahin nai nhi na not no never hasnt havent didnt dont doesnt नहीं")
JOINERS = words("aur and or")
UNITS = {key(w): u for w, u in (
    ("kilo", "kg"), ("kg", "kg"), ("kgs", "kg"), ("kilogram", "kg"), ("kila", "kg"),
    ("gram", "g"), ("gm", "g"), ("grams", "g"), ("litre", "l"), ("liter", "l"), ("ltr", "l"),
    ("litres", "l"), ("ml", "ml"), ("packet", "packet"), ("packets", "packet"),
    ("pack", "packet"), ("pkt", "packet"), ("paket", "packet"), ("dozen", "dozen"),
    ("darjan", "dozen"), ("piece", "piece"), ("pieces", "piece"), ("pc", "piece"),
    ("pcs", "piece"), ("nag", "piece"), ("bottle", "bottle"), ("botal", "bottle"),
    ("dabba", "box"), ("box", "box"), ("bori", "bag"), ("bag", "bag"), ("katta", "bag"), ("कट्टा", "bag"),
    ("pouch", "pouch"), ("thaili", "pouch"), ("किलो", "kg"), ("लीटर", "l"), ("पैकेट", "packet"),
    ("kilos", "kg"), ("bottles", "bottle"), ("boxes", "box"), ("bags", "bag"),
    ("dozens", "dozen"), ("pouches", "pouch"), ("डिब्बा", "box"), ("डिब्बे", "box"),
    ("dabbe", "box"), ("डब्बा", "box"), ("डब्बे", "box"), ("पीस", "piece"), ("ग्राम", "g"),
    ("बोरी", "bag"), ("दर्जन", "dozen"), ("बोतल", "bottle"), ("थैली", "pouch"),
)}  # fmt: skip
# Catalogue names for common synonyms, so "doodh" and "milk" reach the same product.
PRODUCTS = {key(w): p for w, p in (
    ("milk", "milk"), ("doodh", "milk"), ("dudh", "milk"), ("bread", "bread"),
    ("pav", "bread"), ("egg", "eggs"), ("eggs", "eggs"), ("anda", "eggs"), ("ande", "eggs"),
    ("rice", "rice"), ("chawal", "rice"), ("chaawal", "rice"), ("oil", "oil"), ("tel", "oil"),
    ("sugar", "sugar"), ("cheeni", "sugar"), ("chini", "sugar"), ("salt", "salt"),
    ("namak", "salt"), ("atta", "atta"), ("aata", "atta"), ("dal", "dal"), ("daal", "dal"),
    ("aate", "atta"), ("atte", "atta"),
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
    ("चाय", "tea"), ("मैगी", "maggi"), ("सिगरेट", "cigarette"), ("मोमबत्ती", "candle"),
    ("शैम्पू", "shampoo"), ("टूथपेस्ट", "toothpaste"), ("सर्फ", "surf"), ("शक्कर", "sugar"),
    ("shakkar", "sugar"), ("potatoes", "potato"), ("tomatoes", "tomato"), ("onions", "onion"),
    ("शैंपू", "shampoo"), ("पाव", "bread"), ("अंडा", "eggs"), ("घी", "ghee"), ("नमकीन", "namkeen"),
    ("कोक", "coke"), ("पेप्सी", "pepsi"), ("मक्खन", "butter"), ("हल्दी", "haldi"),
    ("cigarettes", "cigarette"), ("candles", "candle"), ("matchbox", "matchbox"),
    ("matchboxes", "matchbox"), ("soaps", "soap"), ("breads", "bread"), ("shampoos", "shampoo"),
    ("teas", "tea"), ("cokes", "coke"), ("pepsis", "pepsi"), ("toothpastes", "toothpaste"),
)}  # fmt: skip
# Words the intent rules test for; known words never count as "unknown" in a clause.
RULE_WORDS = words(
    "bacha bache bachi available le liya liye li lia entry entri entries kitna kitne kitni "
    "hua hue ho gaya gayi bana banta create send karwana karaye karayen karaiye karwaye "
    "karwayen karado rakho rakh dikhana dikhaye dikhaiye koi upcoming aane close bund open "
    "kholo khol save badhao chahiye pe par market bazaar fasa fase phansa nahi ab dono donon both "
    "chahie dikhaie bataie batana left remaining much many have show open naam nam maine "
    "sabse zyada jyada bahar paas pas report sunao lena lene kamaya bika biki bike supplier "
    "wapas bare baare worth goods stuff items groceries ration record recorded schedule as "
    "against permanently everything anything tell yet already back through commands always "
    "another each saying telling collect logo logon रिपोर्ट इस्तेमाल "
    # Family: "Sharma ji ka beta bola papa ne chalees bhej diye".
    "beta beti papa mummy mammi maa pati patni biwi wife husband son daughter mother father "
    "brother sister ghar lekar jo lagaya lagaye lagayi likha likhi likhe yesterday bank बैंक "
    "bhar daily bajaye bajaaye bajay instead batae bataen bataye dikhae dikhaen were khatm "
    "khatam gai gae "
    # STOP_MESSAGES / ALLOW_MESSAGES and SEND_STATEMENT (classify.py).
    "chalu shuru start resume allow dobara statement statment share forward bhejen bhejein "
    "मैसेज मेसेज व्हाट्सएप चालू शुरू दोबारा स्टेटमेंट शेयर"
)
# Spoken forms of the verbs and nouns above that a write may carry ("yaad dila dena", "kar lo",
# "lauta diye", "kal ki jagah parso"): known, so that a write counts only the words it cannot
# explain as unknown (a write with any unknown word is asked back, see parser._doubts).
SPOKEN_FORMS = words(
    "dilana dila dilao dilaana dilaa dilaao dilaiye dilaye dilayen dilaen lo kr krna krdo "
    "lauta lautaa lautao lautana chadhana chadhaana chadhaanaa kuch kuchh pata pataa jagah "
    "end aakhir akhir taaim samay hamesha hameshaa bnd swipe via karaae karaaye karaye karae "
    "karaya karwaya aake aakar clear saaf saf pichla pichhla pichhlaa order mangwana "
    "mangvana mangana chala chalaa gaya full usme isme usmein ismein oops double triple "
    "nikalta nikalti nikalte banta bante pada padi pade upar uper ghata ghatao ghatado kam "
    # Verbs before "ke" (having done it): "pooch ke batata hu", "dekh ke likhna", "chhod ke".
    "pooch poochh puch dekh chhod chod soch samajh gin nikal rakh utha ruk baith sun "
    "पूछ देख छोड़ सोच समझ गिन निकाल रख उठा रुक बैठ सुन "
    # "the whole 1,500", "apna pura hisaab", "sara purana baaki": how much of it, not who.
    "whole entire poore पूरा पूरे purana पुराना apna अपना wahi vahi वही "
    # Relations ("Pinky ki mummy ne Pinky ke khate mein 300 diye"): people, never names.
    "wife biwi patni husband pati mummy mumma papa pitaji beta beti son daughter bahu damad "
    "sasur saas mother father brother sister बीवी पत्नी पति मम्मी पापा पिताजी बहू दामाद ससुर सास "
    "nephew niece cousin bhatija bhatije bhatiji bhanja bhanje bhanji भतीजा भतीजे भतीजी भांजा भांजे भांजी "
    "दिलाना दिला दिलाओ दिलाइए लो लौटा लौटाओ चढ़ाना कुछ पता जगह आखिर टाइम समय हमेशा "
    "कराए कराया आके आकर साफ़ साफ पिछला चला उसमें इसमें निकलता बनता पड़ा ऊपर घटा घटाओ कम"
)
FILLER = words(
    "suno suniye sunno listen सुनो सुनिए "  # "aur suno, ...": a call for attention, not a name
    "karo kro kar karna karen karein kariye krdo kardo karde kijiye please plz zara jara "
    "hai he hain h ho hua hui tha the thi gaya gayi gaye ga gi ge raha rahi rahe sakte sakta "
    "mera mere meri mujhe muje mujhko main mai me mein hum hamara aap ap tum tu is us ye yeh "
    "vo woh wo kya kitna kitne kitni kab kaise kaisa abhi jaldi bhi to toh na nahi ek the a an "
    "the to for of in on at my me i is are was what how please and with par pe tak liye lie "
    "wala wale waala rupaye rs batao bata btao bataiye dikhao check chek likho likh bhejo "
    "bhej bhejna bhejiye set lagao laga dalo daalo aaj kal parso subah shaam raat baje bje "
    "new add naya nayi jodo sari saari sab sabhi amount paisa paise paisay rakam paison paiso "
    "karke करके app ऐप swipe godown गोदाम ja jao jaa kindly itself needful shifted maaro "
    "पैसों kijie kijiyega कीजिए कीजिये "
    # English function words: they never name a customer and never count as unknown.
    "the be been do does did have has had we us our you your he she it its they this that "
    "these those from by with into just also now then there here which who when where why "
    "much many some any all every more less no yes ok okay let lets get got money want need "
    "can could would should will shall up down out off over "
    # Common English verbs and nouns, so "to buy" or "for school" is never read as a name.
    "buy buying go going come coming take taking make making see look know think like good replace "
    "leave sirf sirph सिर्फ़ सिर्फ "  # "no, leave Shetty's", "nahi, sirf Tudu aur Kujur ko"
    # Festivals ("to stock up for Pongal") and change ("छुट्टे वापस दिए"): never a name.
    "pongal diwali deepawali holi eid sankranti onam navratri dussehra दिवाली होली ईद "
    "chhutte chutte khulle छुट्टे खुल्ले kiraya kiraaya किराया "  # "किराया वाला बाद में": rent
    "bike baik बाइक scooty scooter स्कूटी स्कूटर upstairs downstairs "  # "बाइक पे आया था"
    "kare करे lagana lagaana लगाना "  # "aur 5 minutes add kare": the verb, never a name
    "bad new old big small more most very really right wrong sure time day today week month "
    "year morning evening night home school work office shop store people person man woman "
    "pair one two both all first last next again only still even too so if but because "
    "about after before while until since "
    # Interjections a counter microphone hears before and after a command: never a name
    # ("achha Rahul ko 500 likho" is Rahul's, "haan bhai, ..." is nobody's, "..., dhanyavaad").
    "achha accha acha achchha yaar yar dhanyavaad dhanyawad shukriya thanks thank hmm haan "
    "han haanji hanji अच्छा हाँ हां धन्यवाद शुक्रिया यार alright allright alrite "
    # Greetings and welcomes to the customer before a command: "namaste bhabhi ji, …".
    "namaste namaskar pranam salaam salam aaiye aiye baithiye baithiyega padhariye aao baitho "
    "hello hi hey बैठो आओ "
    "नमस्ते नमस्कार प्रणाम सलाम आइए आइये बैठिए बैठिये पधारिए "
    # Firm words beside a write ("confirm hai", "yahi final", "definitely"): the speaker is
    # sure, nothing more is said.
    "pakka pakki confirm confirmed done final definitely certainly surely bilkul sahi correct "
    "seedha sidha directly checked verified पक्का पक्की बिल्कुल सही सीधा सीधे फाइनल कन्फर्म "
    # The speaker thinking aloud ("sochta hoon Bablu ka 200 likh doon"): no part of a name.
    "sochta sochti sochte सोचता सोचती "
    # The shopkeeper's own verbs to the customer: "abhi likhta hu", "de jaana".
    "likhta likhti likhte likhunga likhungi likhenge लिखता लिखती लिखूंगा "
    "jana jaana jaiye jaaiye jayega jaayega jayegi jaayegi जाना जाइए जाइये जाएगा जाएगी जायेगा"
)
