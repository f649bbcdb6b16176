// The customers panel: balances from GET /api/customers, one customer's statement from
// GET /api/customers/{id}/statement (what each entry was, running balance, wa.me share links,
// the PDF), and each message's delivery status from GET /api/messages; money in rupees with
// Indian grouping.

import { messageLabel, rupees, t } from "./i18n.js";

const DATE = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });

export class CustomersPanel {
  constructor(root, token) {
    this.root = root;
    this.token = token;
    this.list = root.querySelector("#customer-list");
    this.ledger = root.querySelector("#ledger");
    this.note = root.querySelector("#customers-note");
    this.rows = [];
    this.latest = new Map(); // customer id -> their newest message (kind, status)
    this.openId = null;
    this.timer = null;
    root.querySelector("#refresh").addEventListener("click", () => this.refresh());
    root.querySelector("#ledger-back").addEventListener("click", () => this.closeLedger());
  }

  async get(path) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  /** Coalesce bursts of finished tasks into one reload. */
  soon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 400);
  }

  async refresh() {
    try {
      this.rows = await this.get("/api/customers");
      this.latest = await this.latestMessages();
      this.note.textContent = "";
      this.renderList();
      if (this.openId) await this.showLedger(this.openId);
    } catch {
      this.note.textContent = t("loadFailed");
    }
  }

  /** Only an operator may list messages; other roles see the panel without them. */
  async latestMessages() {
    const latest = new Map();
    try {
      for (const message of await this.get("/api/messages?limit=200")) {
        if (!latest.has(message.customer_id)) latest.set(message.customer_id, message);
      }
    } catch {
      // no messages to show
    }
    return latest;
  }

  renderList() {
    const total = this.rows.reduce((sum, row) => sum + Math.max(0, row.balance), 0);
    this.root.querySelector("#customers-total").textContent = rupees(total);
    this.list.replaceChildren(
      ...this.rows.map((row) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "customer";
        button.dataset.customerId = row.customer_id;
        button.innerHTML = `<span class="avatar" aria-hidden="true"></span>
          <span class="name"></span><span class="amount"></span>`;
        button.querySelector(".avatar").textContent = initials(row.name);
        button.querySelector(".name").textContent = row.name;
        const message = this.latest.get(row.customer_id);
        if (message) {
          const badge = document.createElement("small");
          badge.className = "message-status";
          badge.dataset.status = message.status;
          badge.textContent = messageLabel(message.kind, message.status);
          button.querySelector(".name").append(badge);
        }
        const amount = button.querySelector(".amount");
        amount.textContent = row.balance === 0 ? t("settled") : rupees(Math.abs(row.balance));
        amount.dataset.sign = Math.sign(row.balance);
        if (row.balance < 0) amount.textContent += ` ${t("advance")}`;
        button.addEventListener("click", () => this.showLedger(row.customer_id));
        item.append(button);
        return item;
      }),
    );
  }

  async showLedger(customerId) {
    this.openId = customerId;
    let statement;
    try {
      statement = await this.get(`/api/customers/${encodeURIComponent(customerId)}/statement`);
    } catch {
      this.note.textContent = t("loadFailed");
      return;
    }
    if (this.openId !== customerId) return; // another customer was opened meanwhile
    this.ledger.querySelector(".ledger-name").textContent = statement.name;
    const balance = this.ledger.querySelector(".ledger-balance");
    balance.textContent = statement.balance === 0 ? t("settled") : rupees(Math.abs(statement.balance));
    balance.dataset.sign = Math.sign(statement.balance);
    this.ledger.querySelector("#share-statement").href = statement.share.statement_url;
    this.ledger.querySelector("#share-reminder").href = statement.share.reminder_url;
    const pdf = `/api/customers/${encodeURIComponent(customerId)}/statement?format=pdf`;
    this.ledger.querySelector("#statement-pdf").href = `${pdf}&token=${encodeURIComponent(this.token)}`;
    const body = this.ledger.querySelector("tbody");
    const entries = [...statement.entries].reverse(); // newest first, each with the balance after it
    body.replaceChildren(
      ...entries.map((entry) => {
        const row = document.createElement("tr");
        row.className = `entry ${entry.kind}`;
        const effect = entry.debit - entry.credit;
        for (const text of [
          DATE.format(new Date(entry.at)),
          entry.what,
          (effect > 0 ? "+" : effect < 0 ? "−" : "") + rupees(Math.abs(effect)),
          rupees(entry.balance),
        ]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        row.children[2].dataset.sign = Math.sign(effect);
        row.children[2].className = "effect";
        row.lastChild.className = "running";
        return row;
      }),
    );
    this.ledger.querySelector(".ledger-empty").hidden = entries.length > 0;
    const messages = this.ledger.querySelector("#customer-messages");
    messages.replaceChildren(
      ...statement.messages.map((message) => {
        const item = document.createElement("li");
        item.dataset.status = message.status;
        item.textContent = `${DATE.format(new Date(message.created_at))} · ${messageLabel(message.kind, message.status)}`;
        if (message.error_code) item.textContent += ` (${message.error_code})`;
        return item;
      }),
    );
    this.ledger.querySelector(".messages-title").hidden = statement.messages.length === 0;
    this.list.hidden = true;
    this.ledger.hidden = false;
  }

  closeLedger() {
    this.openId = null;
    this.ledger.hidden = true;
    this.list.hidden = false;
    this.list.querySelector("button")?.focus();
  }

  relabel() {
    this.renderList();
    if (this.openId) this.showLedger(this.openId);
  }
}

function initials(name) {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0] ?? "")
    .join("")
    .toUpperCase();
}
