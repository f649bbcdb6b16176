// The task board: one card per task, updated in place from task:* frames; finished cards
// fade into the history view after a while, so the live list shows what matters now.

import { intentLabel, rupees, seconds, statusLabel, t } from "./i18n.js";

const ICONS = {
  queued: '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/></svg>',
  running: '<svg viewBox="0 0 24 24" aria-hidden="true" class="spin"><path d="M12 3a9 9 0 1 1-9 9"/></svg>',
  completed: '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16.5 9"/></svg>',
  failed: '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="m9 9 6 6m0-6-6 6"/></svg>',
  cancelled: '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="m6 18 12-12"/></svg>',
};
const FINISHED = new Set(["completed", "failed", "cancelled"]);
const HISTORY_LIMIT = 300; // a long day at the counter; the server keeps every event anyway

export class TaskBoard {
  constructor({ live, history, onCancel, onChange, fadeMs }) {
    this.live = live;
    this.history = history;
    this.onCancel = onCancel;
    this.onChange = onChange;
    this.fadeMs = fadeMs;
    this.tasks = new Map(); // task_id → {view, status, card, startedAt, ...}
    this.utterances = new Map(); // utterance_id → text
    this.ticker = setInterval(() => this.tick(), 200);
  }

  utterance(frame) {
    this.utterances.set(frame.utterance_id, frame.text);
  }

  queued(frame) {
    const view = frame.task;
    let task = this.tasks.get(view.task_id);
    if (!task) {
      task = { id: view.task_id, status: view.status, card: this.makeCard(view.task_id) };
      this.tasks.set(view.task_id, task);
      this.live.prepend(task.card);
    }
    task.view = view;
    this.update(task, view.status, frame.ts);
  }

  started(frame) {
    const task = this.tasks.get(frame.task_id);
    if (!task) return;
    task.startedAt = Date.parse(frame.ts);
    this.update(task, "running", frame.ts);
  }

  finished(frame, status) {
    const task = this.tasks.get(frame.task_id);
    if (!task) return null;
    task.reply = frame.reply?.text ?? "";
    task.error = frame.error ?? null;
    task.reason = frame.reason ?? "";
    if (frame.duration_ms !== undefined) task.durationMs = frame.duration_ms;
    else if (task.startedAt) task.durationMs = Date.parse(frame.ts) - task.startedAt;
    this.update(task, status, frame.ts);
    const age = Date.now() - Date.parse(frame.ts);
    task.fade = setTimeout(() => this.retire(task), Math.max(0, this.fadeMs - age));
    return task;
  }

  /** A task's customer became known later (a clarification was answered). */
  customer(taskId, customer) {
    const task = this.tasks.get(taskId);
    if (task?.view) {
      task.view = { ...task.view, customer };
      this.render(task);
    }
  }

  update(task, status, ts) {
    task.status = status;
    const trail = task.card.dataset.trail ? task.card.dataset.trail.split(" ") : [];
    if (trail.at(-1) !== status) trail.push(status);
    task.card.dataset.trail = trail.join(" ");
    task.updatedAt = ts;
    this.render(task);
    this.onChange();
  }

  makeCard(id) {
    const card = document.createElement("li");
    card.className = "card";
    card.dataset.taskId = id;
    card.innerHTML = `
      <div class="card-status"><span class="status-icon"></span><span class="status-text"></span></div>
      <div class="card-body">
        <div class="card-head"><h3 class="intent"></h3><span class="who"></span></div>
        <p class="said"></p>
        <p class="reply"></p>
      </div>
      <div class="card-side">
        <span class="duration"></span>
        <button type="button" class="cancel ghost small"></button>
      </div>`;
    card.querySelector(".cancel").addEventListener("click", () => this.onCancel(id));
    return card;
  }

  render(task) {
    const { card, view, status } = task;
    card.dataset.status = status;
    card.querySelector(".status-icon").innerHTML = ICONS[status] ?? "";
    card.querySelector(".status-text").textContent = statusLabel(status);
    if (view) {
      card.querySelector(".intent").textContent = intentLabel(view.intent);
      const who = card.querySelector(".who");
      who.textContent = view.customer?.name ?? describeEntities(view.entities);
      who.hidden = !who.textContent;
      const said = this.utterances.get(view.utterance_id);
      card.querySelector(".said").textContent = said ? `“${said}”` : "";
    }
    const reply = card.querySelector(".reply");
    reply.textContent = task.reply || (status === "cancelled" ? task.reason : "");
    reply.classList.toggle("error", status === "failed");
    const cancel = card.querySelector(".cancel");
    cancel.textContent = t("cancel");
    cancel.hidden = FINISHED.has(status);
    const label = view ? intentLabel(view.intent) : "";
    cancel.setAttribute("aria-label", `${t("cancel")}: ${label}`);
    this.renderDuration(task);
  }

  renderDuration(task) {
    let ms = task.durationMs;
    if (ms === undefined && task.status === "running" && task.startedAt) {
      ms = Date.now() - task.startedAt;
    }
    task.card.querySelector(".duration").textContent = ms === undefined ? "" : seconds(ms);
  }

  tick() {
    for (const task of this.tasks.values()) {
      if (task.status === "running") this.renderDuration(task);
    }
  }

  retire(task) {
    if (!this.live.contains(task.card)) return;
    task.card.classList.add("fading");
    setTimeout(() => {
      task.card.classList.remove("fading");
      this.history.prepend(task.card);
      while (this.history.children.length > HISTORY_LIMIT) {
        this.tasks.delete(this.history.lastElementChild.dataset.taskId);
        this.history.lastElementChild.remove();
      }
      this.onChange();
    }, 600);
  }

  relabel() {
    for (const task of this.tasks.values()) this.render(task);
  }

  counts() {
    const counts = { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const task of this.tasks.values()) counts[task.status] += 1;
    return counts;
  }

  status(taskId) {
    return this.tasks.get(taskId)?.status;
  }
}

function describeEntities(entities = {}) {
  if (entities.customer) return entities.customer;
  if (entities.product) return entities.product;
  if (entities.amount !== undefined) return rupees(Math.round(entities.amount * 100));
  return "";
}

/**
 * The clarify dialog: one question at a time, each option a button. A "customer" question
 * offers customers (and "Naya customer: …"); a "confirm" reads back a write with Haan / Nahi.
 */
export class ClarifyDialog {
  constructor(dialog, { onAnswer, onChange }) {
    this.dialog = dialog;
    this.onAnswer = onAnswer;
    this.onChange = onChange;
    this.waiting = []; // clarify frames not yet shown, oldest first
    this.deferred = []; // put off with "later" or Escape; reopened from the queue bar
    this.current = null;
    dialog.addEventListener("cancel", () => this.defer());
    dialog.querySelector(".later").addEventListener("click", () => {
      this.defer();
      this.dialog.close();
    });
    dialog.addEventListener("close", () => {
      this.current = null;
      this.onChange();
      setTimeout(() => this.next(), 0);
    });
  }

  defer() {
    if (this.current) this.deferred.push(this.current);
  }

  ask(frame) {
    this.waiting.push(frame);
    this.next();
  }

  reopen() {
    this.waiting.push(...this.deferred.splice(0));
    this.next();
  }

  /** Drop questions whose task has ended (answered elsewhere, timed out, cancelled). */
  forget(isOpen) {
    this.waiting = this.waiting.filter(isOpen);
    this.deferred = this.deferred.filter(isOpen);
    if (this.current && !isOpen(this.current)) {
      this.current = null;
      this.dialog.close();
    }
    this.onChange();
  }

  next() {
    if (this.current || this.waiting.length === 0) return;
    const frame = this.waiting.shift();
    this.current = frame;
    const confirm = frame.kind === "confirm";
    this.dialog.dataset.kind = confirm ? "confirm" : "customer";
    this.dialog.querySelector(".question").textContent = frame.question;
    this.dialog.querySelector(".clarify-title").textContent = t(confirm ? "confirmTitle" : "clarifyTitle");
    this.dialog.querySelector(".later").textContent = t("later");
    const options = this.dialog.querySelector(".options");
    options.replaceChildren(
      ...frame.options.map((option) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "option";
        if (confirm) button.classList.add(option.answer === "yes" ? "yes" : "no");
        if (option.customer_id === "new") button.classList.add("new-customer");
        button.textContent = option.name;
        button.addEventListener("click", () => {
          this.onAnswer(frame, option);
          this.dialog.close();
        });
        return button;
      }),
    );
    this.dialog.showModal();
    options.querySelector("button")?.focus();
    this.onChange();
  }
}
