// Page furniture that needs no connection: the phone's view switch, the Live/History tabs,
// keyboard shortcuts, the token gate, status notes and the screen-reader announcer.

import { t } from "./i18n.js";

const $ = (selector) => document.querySelector(selector);
export const TOKEN_KEY = "bolkhata.token";

/** On a phone one panel at a time; on a desktop everything is visible. */
export function showView(view) {
  document.body.dataset.view = view;
  for (const button of document.querySelectorAll(".views button")) {
    button.setAttribute("aria-pressed", String(button.dataset.show === view));
  }
}

export function onHistoryTab() {
  return $("#tab-history").getAttribute("aria-selected") === "true";
}

export function renderEmpty() {
  const list = onHistoryTab() ? $("#history") : $("#live");
  const empty = $("#empty");
  empty.dataset.i18n = onHistoryTab() ? "emptyHistory" : "emptyLive";
  empty.textContent = t(empty.dataset.i18n);
  empty.hidden = list.children.length > 0;
}

export function setupViews() {
  for (const button of document.querySelectorAll(".views button")) {
    button.addEventListener("click", () => showView(button.dataset.show));
  }

  // Live / history tabs, with arrow keys as a tablist should have.
  const tabs = [$("#tab-live"), $("#tab-history")];
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(`#${other.getAttribute("aria-controls")}`).hidden = !selected;
    }
    renderEmpty();
  };
  for (const tab of tabs) {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
      select(next);
      next.focus();
    });
  }
  $("#tab-history").tabIndex = -1;

  // "/" jumps to the command box from anywhere, as in many web apps.
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, [contenteditable]");
    if (event.key === "/" && !typing && !$("#clarify").open) {
      event.preventDefault();
      $("#say").focus();
    }
  });

  $("#gate-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("#gate-token").value.trim();
    if (!value) return;
    localStorage.setItem(TOKEN_KEY, value);
    sessionStorage.clear(); // a new token may be another shop: do not resume its conversation
    location.replace(location.pathname);
  });
}

/** A clear page instead of a blank one when the token is missing, wrong or expired. */
export function showGate(reason) {
  $("#gate-message").textContent = t(reason);
  $("#gate").hidden = false;
  document.body.dataset.conn = "unauthorized";
  $("#gate-token").focus();
}

let noteTimer;
/** A passing message under the command box; `after` is what the line says again later. */
export function note(message, after = () => "") {
  const element = $("#mic-note");
  element.textContent = message;
  clearTimeout(noteTimer);
  noteTimer = setTimeout(() => {
    if (element.textContent === message) element.textContent = after();
  }, 6000);
}

export function announce(text) {
  // Clearing first makes screen readers speak a reply even when it repeats the last one.
  const region = $("#announcer");
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}
