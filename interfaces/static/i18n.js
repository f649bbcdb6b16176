// Labels in Hinglish and English, and the words for intents and statuses.
// The shopkeeper picks one with the toggle; the choice is remembered on this device.

const LABELS = {
  hi: {
    appTagline: "Bolo, khata likh jayega",
    connecting: "Jud rahe hain…",
    online: "Jude hue",
    reconnecting: "Phir se jud rahe hain…",
    offline: "Connection toota",
    mic: "Bolna shuru karein",
    micStop: "Bolna band karein",
    micListening: "Sun rahe hain…",
    micUnavailable: "Is browser mein mic nahi chalega; likh kar bolein",
    micDenied: "Mic ki permission nahi mili",
    placeholder: "Likhein: Rahul ka balance check karo",
    send: "Bhejo",
    running: "Chal rahe",
    queued: "Line mein",
    focus: "Kiski baat",
    noFocus: "Koi customer nahi",
    cancelAll: "Sab roko",
    live: "Abhi",
    history: "Purane",
    customers: "Grahak",
    tasks: "Kaam",
    emptyLive: "Abhi koi kaam nahi. Mic dabayein ya likhein.",
    emptyHistory: "Abhi tak koi purana kaam nahi.",
    refresh: "Taaza karein",
    back: "Wapas",
    balance: "Baaki",
    advance: "Advance",
    settled: "Hisaab saaf",
    noEntries: "Koi entry nahi",
    cancel: "Roko",
    clarifyTitle: "Kaunsa customer?",
    confirmTitle: "Likhun?",
    later: "Baad mein",
    mute: "Awaaz band",
    unmute: "Awaaz chalu",
    language: "English",
    you: "Aapne kaha",
    tokenTitle: "Token sahi nahi hai",
    tokenBad: "Yeh link purana ho gaya hai ya token galat hai. “make run” se naya link lein, ya naya token yahan daalein.",
    tokenMissing: "Shuru karne ke liye token chahiye. “make run” jo link chhapta hai use kholein, ya token yahan daalein.",
    tokenLabel: "Token",
    tokenSave: "Kholo",
    loadFailed: "Grahak load nahi hue",
    shareStatement: "Hisaab WhatsApp par bhejo",
    shareReminder: "Reminder WhatsApp par bhejo",
    downloadPdf: "PDF download",
    messagesTitle: "Bheje gaye message",
    messageKinds: { reminder: "Reminder", statement: "Hisaab" },
    messageStatuses: { queued: "Line mein", sent: "Bheja", delivered: "Pahuncha", read: "Padha", failed: "Nahi gaya" },
    statuses: { queued: "Line mein", running: "Chal raha", completed: "Ho gaya", failed: "Nahi hua", cancelled: "Roka gaya" },
    kinds: { credit: "Udhaar", payment: "Jama", invoice: "Bill", invoice_cancelled: "Bill cancel", reversal: "Entry hatayi" },
    modes: { cash: "Cash", upi: "UPI", card: "Card", unspecified: "mode nahi bataya" },
  },
  en: {
    appTagline: "Speak, and the ledger writes itself",
    connecting: "Connecting…",
    online: "Connected",
    reconnecting: "Reconnecting…",
    offline: "Connection lost",
    mic: "Start talking",
    micStop: "Stop talking",
    micListening: "Listening…",
    micUnavailable: "No microphone support in this browser; type instead",
    micDenied: "Microphone permission was refused",
    placeholder: "Type: Rahul ka balance check karo",
    send: "Send",
    running: "Running",
    queued: "Queued",
    focus: "In focus",
    noFocus: "No customer",
    cancelAll: "Cancel all",
    live: "Live",
    history: "History",
    customers: "Customers",
    tasks: "Tasks",
    emptyLive: "Nothing running. Tap the mic or type a command.",
    emptyHistory: "No finished tasks yet.",
    refresh: "Refresh",
    back: "Back",
    balance: "Owes",
    advance: "Advance",
    settled: "Settled",
    noEntries: "No entries",
    cancel: "Cancel",
    clarifyTitle: "Which customer?",
    confirmTitle: "Go ahead?",
    later: "Later",
    mute: "Mute replies",
    unmute: "Unmute replies",
    language: "Hinglish",
    you: "You said",
    tokenTitle: "This link does not work",
    tokenBad: "The token in this link is wrong or has expired. Get a fresh link from “make run”, or paste a new token here.",
    tokenMissing: "A token is needed. Open the link that “make run” prints, or paste a token here.",
    tokenLabel: "Token",
    tokenSave: "Open",
    loadFailed: "Could not load customers",
    shareStatement: "Send statement on WhatsApp",
    shareReminder: "Send reminder on WhatsApp",
    downloadPdf: "Download PDF",
    messagesTitle: "Messages sent",
    messageKinds: { reminder: "Reminder", statement: "Statement" },
    messageStatuses: { queued: "Queued", sent: "Sent", delivered: "Delivered", read: "Read", failed: "Failed" },
    statuses: { queued: "Queued", running: "Running", completed: "Done", failed: "Failed", cancelled: "Cancelled" },
    kinds: { credit: "Credit", payment: "Payment", invoice: "Bill", invoice_cancelled: "Bill cancelled", reversal: "Entry undone" },
    modes: { cash: "Cash", upi: "UPI", card: "Card", unspecified: "mode not said" },
  },
};

const INTENTS = {
  CHECK_BALANCE: ["Balance check", "Balance check"],
  ADD_CREDIT: ["Udhaar likha", "Credit added"],
  RECORD_PAYMENT: ["Jama kiya", "Payment recorded"],
  CREATE_INVOICE: ["Bill banaya", "Bill created"],
  CANCEL_INVOICE: ["Bill cancel", "Bill cancelled"],
  CREATE_REMINDER: ["Reminder lagaya", "Reminder set"],
  CANCEL_REMINDER: ["Reminder hataya", "Reminder removed"],
  MODIFY_REMINDER: ["Reminder badla", "Reminder changed"],
  CREATE_CUSTOMER: ["Naya customer", "New customer"],
  GET_CUSTOMER_INFO: ["Customer ki jankari", "Customer details"],
  SEND_STATEMENT: ["Hisaab bhejo", "Send statement"],
  STOP_MESSAGES: ["Message band", "Stop messages"],
  ALLOW_MESSAGES: ["Message chalu", "Allow messages"],
  UPDATE_CUSTOMER_PHONE: ["Phone badla", "Phone updated"],
  DELETE_CUSTOMER: ["Khata band", "Close account"],
  UNDO_LAST_ENTRY: ["Last entry hatao", "Undo last entry"],
  CHECK_STOCK: ["Stock check", "Stock check"],
  UPDATE_STOCK: ["Stock aaya", "Stock update"],
  LIST_REMINDERS: ["Saare reminder", "List reminders"],
  DAILY_SUMMARY: ["Aaj ka hisaab", "Daily summary"],
  TOTAL_PENDING_AMOUNT: ["Kul baaki", "Total pending"],
  LIST_CUSTOMER_BALANCES: ["Kiska baaki hai", "Customer balances"],
  CANCEL_TASK: ["Kaam roko", "Cancel task"],
  SET_FOCUS: ["Customer chuna", "Focus customer"],
  HELP: ["Madad", "Help"],
  ANSWER: ["Haan / Nahi", "Yes / No"],
  UNKNOWN: ["Samajh nahi aaya", "Not understood"],
};

const KEY = "bolkhata.lang";
let current = localStorage.getItem(KEY) === "en" ? "en" : "hi";

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === "en" ? "en" : "hi";
  localStorage.setItem(KEY, current);
  document.documentElement.lang = current === "en" ? "en-IN" : "hi-Latn-IN";
}

/** The language the server replies in: the labels' language (Hinglish labels → Hinglish). */
export function replyLanguage() {
  return current === "en" ? "en" : "hinglish";
}

export function t(key) {
  return LABELS[current][key] ?? LABELS.en[key] ?? key;
}

export function statusLabel(status) {
  return LABELS[current].statuses[status] ?? status;
}

/** A payment's mode; "unspecified" (none was spoken) is said as such, never shown as cash. */
export function modeLabel(mode) {
  return LABELS[current].modes[mode] ?? mode.toUpperCase();
}

export function messageLabel(kind, status) {
  const labels = LABELS[current];
  return `${labels.messageKinds[kind] ?? kind} · ${labels.messageStatuses[status] ?? status}`;
}

export function kindLabel(kind) {
  return LABELS[current].kinds[kind] ?? kind.replaceAll("_", " ");
}

export function intentLabel(intent) {
  const pair = INTENTS[intent];
  if (!pair) return intent.replaceAll("_", " ").toLowerCase();
  return pair[current === "en" ? 1 : 0];
}

/** Fill every element marked data-i18n (text), data-i18n-label (aria-label, title), data-i18n-placeholder. */
export function applyLabels(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
}

// Indian grouping (₹1,50,000); paise only when there are some, as the shopkeeper says it.
const WHOLE = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 0 });
const EXACT = new Intl.NumberFormat("en-IN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function rupees(paise) {
  const sign = paise < 0 ? "−" : "";
  const abs = Math.abs(paise);
  const text = abs % 100 === 0 ? WHOLE.format(abs / 100) : EXACT.format(abs / 100);
  return `${sign}₹${text}`;
}

export function seconds(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
