// The customers panel: balances from GET /api/customers, one ledger from
// GET /api/customers/{id}/ledger, money in rupees with Indian grouping.

import { kindLabel, modeLabel, rupees, t } from "./i18n.js";

const DATE = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });

export class CustomersPanel {
  constructor(root, token) {
    this.root = root;
    this.token = token;
    this.list = root.querySelector("#customer-list");
    this.ledger = root.querySelector("#ledger");
    this.note = root.querySelector("#customers-note");
    this.rows = [];
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
      this.note.textContent = "";
      this.renderList();
      if (this.openId) await this.showLedger(this.openId);
    } catch {
      this.note.textContent = t("loadFailed");
    }
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
    let ledger;
    try {
      ledger = await this.get(`/api/customers/${encodeURIComponent(customerId)}/ledger`);
    } catch {
      this.note.textContent = t("loadFailed");
      return;
    }
    if (this.openId !== customerId) return; // another customer was opened meanwhile
    this.ledger.querySelector(".ledger-name").textContent = ledger.name;
    const balance = this.ledger.querySelector(".ledger-balance");
    balance.textContent = ledger.balance === 0 ? t("settled") : rupees(Math.abs(ledger.balance));
    balance.dataset.sign = Math.sign(ledger.balance);
    const body = this.ledger.querySelector("tbody");
    const entries = [...ledger.entries].reverse();
    body.replaceChildren(
      ...entries.map((entry) => {
        const row = document.createElement("tr");
        if (entry.reversed) row.className = "reversed";
        for (const text of [
          DATE.format(new Date(entry.at)),
          kindLabel(entry.kind) + (entry.mode ? ` · ${modeLabel(entry.mode)}` : ""),
          (entry.effect > 0 ? "+" : entry.effect < 0 ? "−" : "") + rupees(Math.abs(entry.effect)),
        ]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        row.lastChild.dataset.sign = Math.sign(entry.effect);
        return row;
      }),
    );
    this.ledger.querySelector(".ledger-empty").hidden = entries.length > 0;
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
