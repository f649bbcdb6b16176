// The shopkeeper's page: wires the connection, the microphone, the task board, the customers
// panel and the labels together. It is a client of /ws/voice and the HTTP API, nothing more.

import { CustomersPanel } from "./customers.js";
import { applyLabels, lang, replyLanguage, setLang, t } from "./i18n.js";
import { RoutinesPanel, mountRoutines, speechState } from "./routines.js";
import { Connection } from "./socket.js";
import { Speaker } from "./speech.js";
import { ClarifyDialog, TaskBoard } from "./ui.js";
import { TOKEN_KEY, announce, note, renderEmpty, setupViews, showGate, showView } from "./views.js";
import { Microphone } from "./voice.js";

const $ = (selector) => document.querySelector(selector);
const LIVE_WINDOW_MS = 15000; // older frames are a replay: shown, never spoken again
const ENDED = { "task:completed": "completed", "task:failed": "failed", "task:cancelled": "cancelled" };

const params = new URLSearchParams(location.search);
const fadeMs = Number(params.get("fade")) || 60000;

setLang(lang());
applyLabels();
setupViews();
const token = takeToken();
if (token) start(token);
else showGate("tokenMissing");

/** The token comes once in the URL (printed by `make run`); keep it and tidy the address bar. */
function takeToken() {
  const fromUrl = params.get("token");
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete("token");
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
    return fromUrl;
  }
  return localStorage.getItem(TOKEN_KEY);
}

function start(token) {
  let maxParallel = 3;
  let focus = null;
  let connState = "connecting";

  // Barge-in (README): the shopkeeper speaking stops the reply being spoken, tasks go on.
  const speaker = new Speaker(speechState());
  const customers = new CustomersPanel($("#customers"), token);
  const routines = new RoutinesPanel(mountRoutines(), token);
  const board = new TaskBoard({
    live: $("#live"),
    history: $("#history"),
    fadeMs,
    onCancel: (taskId) => conn.send({ type: "task:cancel", task_id: taskId }),
    onChange: () => renderQueue(),
  });
  const clarify = new ClarifyDialog($("#clarify"), {
    onAnswer: (frame, option) => {
      // A confirm is answered yes or no; a customer question by the customer chosen.
      if (frame.kind === "confirm") {
        conn.send({ type: "clarify:answer", utterance_id: frame.utterance_id, answer: option.answer });
        return;
      }
      conn.send({ type: "clarify:answer", utterance_id: frame.utterance_id, customer_id: option.customer_id });
      if (frame.task_id && option.customer_id !== "new") {
        board.customer(frame.task_id, { id: option.customer_id, name: option.name });
      }
    },
    onChange: () => renderQueue(),
  });
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const conn = new Connection({
    url: `${scheme}://${location.host}/ws/voice?token=${encodeURIComponent(token)}`,
    onFrame: (frame) => handle(frame),
    onBinary: (data) => speaker.receiveAudio(data),
    onState: (value) => renderConnection(value),
    onAuthFailed: () => {
      localStorage.removeItem(TOKEN_KEY);
      mic.stop(false);
      showGate("tokenBad");
    },
    onReady: (frame, resumed) => {
      maxParallel = frame.max_parallel;
      mic.configure(frame.server_stt);
      customers.refresh();
      routines.refresh();
      renderQueue();
      if (resumed) mic.resumed();
    },
  });
  const mic = new Microphone({
    button: $("#mic"),
    status: $("#mic-note"),
    conn,
    onPartial: (text) => {
      speaker.stop(); // the page's own recognizer heard the shopkeeper
      $("#partial").textContent = text;
    },
    onNote: (message) => tell(message),
  });
  // A debug handle for the console (and the browser tests, which drop the socket with it).
  window.bolkhata = { conn, board };

  function handle(frame) {
    const live = Date.now() - Date.parse(frame.ts) < LIVE_WINDOW_MS;
    switch (frame.type) {
      case "transcript:partial":
        if (live) speaker.stop();
        $("#partial").textContent = frame.text;
        break;
      case "transcript:final":
        board.utterance(frame);
        addUtterance(frame.text);
        $("#partial").textContent = "";
        break;
      case "task:queued":
        board.queued(frame);
        break;
      case "task:started":
        board.started(frame);
        break;
      case "task:completed":
      case "task:failed":
      case "task:cancelled": {
        const task = board.finished(frame, ENDED[frame.type]);
        clarify.forget((question) => !question.task_id || board.status(question.task_id) === "queued");
        if (frame.type !== "task:cancelled") customers.soon();
        if (frame.type === "task:completed" && frame.result?.steps) routines.soon();
        if (task && live && frame.reply?.text) {
          announce(frame.reply.text);
          speaker.say(frame.task_id, frame.reply.text, frame.reply.language);
        }
        break;
      }
      case "context:customer":
        focus = frame.customer;
        renderFocus();
        break;
      case "clarify":
        // A replayed question may already be answered by frames right behind it.
        setTimeout(() => {
          const status = frame.task_id ? board.status(frame.task_id) : "queued";
          if (status === "queued" || status === undefined) clarify.ask(frame);
        }, 150);
        if (live) announce(frame.question);
        break;
      case "voice:started":
        mic.listening = true;
        break;
      case "voice:stopped":
        mic.listening = false;
        break;
      case "reply:audio":
        speaker.expectAudio(frame);
        break;
      case "reply:stopped":
        speaker.stop();
        break;
      case "reminder:due":
        if (live) {
          tell(frame.message);
          announce(frame.message);
        }
        break;
      case "message:failed":
        if (live) {
          tell(frame.reply.text);
          announce(frame.reply.text);
        }
        break;
      case "error":
        if (frame.ref !== "voice:stop") tell(frame.message);
        break;
    }
  }

  function tell(message) {
    note(message, () => (mic.on ? t("micListening") : ""));
  }

  // Talking

  $("#say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("#say");
    const text = input.value.trim();
    if (!text) return;
    // Every final says the reply language, so the toggle switches replies too, mic or not.
    conn.send({ type: "transcript", text, final: true, language: replyLanguage() });
    input.value = "";
  });

  function addUtterance(text) {
    const list = $("#utterances");
    const item = document.createElement("li");
    item.innerHTML = '<span class="you"></span> <span class="text"></span>';
    item.querySelector(".you").textContent = t("you");
    item.querySelector(".text").textContent = text;
    list.prepend(item);
    while (list.children.length > 3) list.lastElementChild.remove();
  }

  // Seeing

  $("#cancel-all").addEventListener("click", () => conn.send({ type: "task:cancel", all: true }));
  $("#questions").addEventListener("click", () => clarify.reopen());
  $("#focus").addEventListener("click", () => {
    if (!focus) return;
    showView("customers");
    customers.showLedger(focus.id);
  });

  function renderFocus() {
    $("#focus").dataset.empty = String(!focus);
    $("#focus-name").textContent = focus?.name ?? t("noFocus");
  }

  function renderQueue() {
    const counts = board.counts();
    $("#running-count").textContent = `${counts.running}/${maxParallel}`;
    $("#queued-count").textContent = String(counts.queued);
    const slots = $("#slots");
    if (slots.children.length !== maxParallel) {
      slots.replaceChildren(...Array.from({ length: maxParallel }, () => document.createElement("i")));
    }
    [...slots.children].forEach((slot, index) => slot.classList.toggle("busy", index < counts.running));
    $("#cancel-all").disabled = counts.running + counts.queued === 0;
    $("#history-count").textContent = String($("#history").children.length);
    renderEmpty();
    const waiting = clarify?.deferred.length ?? 0;
    const questions = $("#questions");
    questions.hidden = waiting === 0;
    questions.textContent = `${t("clarifyTitle")} (${waiting})`;
  }

  function renderConnection(value) {
    connState = value;
    document.body.dataset.conn = value;
    $("#conn-text").textContent = t(value);
  }

  // Settings

  const mute = $("#mute");
  const renderMute = () => {
    mute.setAttribute("aria-pressed", String(speaker.muted));
    mute.dataset.i18nLabel = speaker.muted ? "unmute" : "mute";
    applyLabels(mute.parentElement);
  };
  mute.addEventListener("click", () => {
    speaker.setMuted(!speaker.muted);
    renderMute();
  });

  $("#lang-toggle").addEventListener("click", () => {
    setLang(lang() === "en" ? "hi" : "en");
    mic.relanguage();
    applyLabels();
    board.relabel();
    customers.relabel();
    routines.relabel();
    mic.render(mic.on);
    renderConnection(connState);
    renderFocus();
    renderQueue();
    for (const you of document.querySelectorAll("#utterances .you")) you.textContent = t("you");
  });

  renderMute();
  renderFocus();
  renderQueue();
  conn.start();
}
