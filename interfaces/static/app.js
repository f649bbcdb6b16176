// The shopkeeper's page: wires the connection, the microphone, the task board, the customers
// panel and the labels together. It is a client of /ws/voice and the HTTP API, nothing more.

import { CustomersPanel } from "./customers.js";
import { applyLabels, lang, setLang, t } from "./i18n.js";
import { Connection } from "./socket.js";
import {
  Speaker,
  browserRecognizer,
  canRecognize,
  captureMicrophone,
  startRecognition,
} from "./speech.js";
import { ClarifyDialog, TaskBoard } from "./ui.js";

const $ = (selector) => document.querySelector(selector);
const TOKEN_KEY = "bolkhata.token";
const LIVE_WINDOW_MS = 15000; // older frames are a replay: shown, never spoken again
const ENDED = { "task:completed": "completed", "task:failed": "failed", "task:cancelled": "cancelled" };

const params = new URLSearchParams(location.search);
const fadeMs = Number(params.get("fade")) || 60000;
const state = {
  maxParallel: 3,
  serverStt: false,
  listening: false, // the conversation is listening on the server (from voice:started/stopped)
  mic: null, // {stop()} while the microphone is on
  focus: null,
  connState: "connecting",
};

setLang(lang());
applyLabels();
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
  const speaker = new Speaker();
  const customers = new CustomersPanel($("#customers"), token);
  const board = new TaskBoard({
    live: $("#live"),
    history: $("#history"),
    fadeMs,
    onCancel: (taskId) => conn.send({ type: "task:cancel", task_id: taskId }),
    onChange: () => renderQueue(board, clarify),
  });
  const clarify = new ClarifyDialog($("#clarify"), {
    onAnswer: (frame, option) => {
      conn.send({ type: "clarify:answer", utterance_id: frame.utterance_id, customer_id: option.customer_id });
      if (frame.task_id) board.customer(frame.task_id, { id: option.customer_id, name: option.name });
    },
    onChange: () => renderQueue(board, clarify),
  });
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const conn = new Connection({
    url: `${scheme}://${location.host}/ws/voice?token=${encodeURIComponent(token)}`,
    onFrame: (frame) => handle(frame),
    onBinary: (data) => speaker.receiveAudio(data),
    onState: (value) => renderConnection(value),
    onAuthFailed: () => {
      localStorage.removeItem(TOKEN_KEY);
      stopMic(false);
      showGate("tokenBad");
    },
    onReady: (frame, resumed) => {
      state.maxParallel = frame.max_parallel;
      state.serverStt = frame.server_stt;
      const mic = $("#mic");
      mic.disabled = !frame.server_stt && !canRecognize();
      if (mic.disabled) {
        mic.dataset.i18nLabel = "micUnavailable";
        applyLabels(mic.parentElement);
      }
      customers.refresh();
      renderQueue(board, clarify);
      // The server closed its speech-to-text stream with the old socket: open a new one.
      if (resumed && state.mic?.server) restartServerVoice();
    },
  });
  // A debug handle for the console (and the browser tests, which drop the socket with it).
  window.bolkhata = { conn, board };

  function handle(frame) {
    const live = Date.now() - Date.parse(frame.ts) < LIVE_WINDOW_MS;
    switch (frame.type) {
      case "transcript:partial":
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
        clarify.forget((question) => board.status(question.task_id) === "queued" || !question.task_id);
        if (frame.type !== "task:cancelled") customers.soon();
        if (task && live && frame.reply?.text) {
          announce(frame.reply.text);
          speaker.say(frame.task_id, frame.reply.text);
        }
        break;
      }
      case "context:customer":
        state.focus = frame.customer;
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
        state.listening = true;
        break;
      case "voice:stopped":
        state.listening = false;
        break;
      case "reply:audio":
        speaker.expectAudio(frame);
        break;
      case "reminder:due":
        if (live) {
          note(frame.message);
          announce(frame.message);
        }
        break;
      case "error":
        if (frame.ref !== "voice:stop") note(frame.message);
        break;
    }
  }

  // Talking

  $("#say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("#say");
    const text = input.value.trim();
    if (!text) return;
    conn.send({ type: "transcript", text, final: true });
    input.value = "";
  });

  $("#mic").addEventListener("click", () => (state.mic ? stopMic(true) : startMic()));

  async function startMic() {
    const button = $("#mic");
    button.disabled = true;
    try {
      if (state.serverStt) {
        const capture = await captureMicrophone(
          (pcm) => conn.sendAudio(pcm),
          (level) => button.style.setProperty("--level", Math.min(1, level * 6).toFixed(3)),
        );
        state.mic = { server: true, stop: () => capture.stop() };
        restartServerVoice();
      } else {
        state.mic = startBrowserRecognition();
        if (state.listening) conn.send({ type: "voice:stop" });
        conn.send({ type: "voice:start", stt: "client", sample_rate: 16000 });
      }
      setMicUi(true);
    } catch (error) {
      state.mic = null;
      note(error?.name === "NotAllowedError" ? t("micDenied") : t("micUnavailable"));
    } finally {
      button.disabled = false;
    }
  }

  function restartServerVoice() {
    // A conversation left listening by a dropped socket must be stopped before starting again.
    if (state.listening) conn.send({ type: "voice:stop" });
    conn.send({ type: "voice:start", stt: "server", sample_rate: 16000 });
  }

  function startBrowserRecognition() {
    const recognition = browserRecognizer();
    if (!recognition) throw new Error("no recognizer");
    let on = true;
    const run = () =>
      startRecognition(recognition, {
        language: lang() === "en" ? "en-IN" : "hi-IN",
        onPartial: (text) => {
          $("#partial").textContent = text;
          conn.send({ type: "transcript", text, final: false });
        },
        onFinal: (text) => text && conn.send({ type: "transcript", text, final: true }),
        onError: (code) => {
          // Silence and our own stop are normal; anything else (no permission, no network for
          // the browser's cloud recognizer) would fail again on every restart.
          if (code === "no-speech" || code === "aborted") return;
          on = false;
          stopMic(true);
          note(code === "not-allowed" || code === "service-not-allowed" ? t("micDenied") : t("micUnavailable"));
        },
        // Recognition ends by itself after a pause; the shopkeeper expects it to keep going.
        onEnd: () => on && run(),
      });
    run();
    return {
      server: false,
      stop: () => {
        on = false;
        recognition.stop();
      },
    };
  }

  function stopMic(tellServer) {
    const mic = state.mic;
    state.mic = null;
    setMicUi(false);
    if (!mic) return;
    mic.stop();
    if (tellServer) conn.send({ type: "voice:stop" });
  }

  function setMicUi(on) {
    const button = $("#mic");
    button.setAttribute("aria-pressed", String(on));
    button.dataset.i18nLabel = on ? "micStop" : "mic";
    button.style.setProperty("--level", "0");
    $("#mic-note").textContent = on ? t("micListening") : "";
    applyLabels(button.parentElement);
  }

  // Seeing

  $("#cancel-all").addEventListener("click", () => conn.send({ type: "task:cancel", all: true }));
  $("#questions").addEventListener("click", () => clarify.reopen());
  $("#focus").addEventListener("click", () => {
    if (!state.focus) return;
    showView("customers");
    customers.showLedger(state.focus.id);
  });

  function renderFocus() {
    const chip = $("#focus");
    chip.dataset.empty = String(!state.focus);
    $("#focus-name").textContent = state.focus?.name ?? t("noFocus");
  }

  function addUtterance(text) {
    const list = $("#utterances");
    const item = document.createElement("li");
    item.innerHTML = '<span class="you"></span> <span class="text"></span>';
    item.querySelector(".you").textContent = t("you");
    item.querySelector(".text").textContent = text;
    list.prepend(item);
    while (list.children.length > 3) list.lastElementChild.remove();
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
  renderMute();

  $("#lang-toggle").addEventListener("click", () => {
    setLang(lang() === "en" ? "hi" : "en");
    applyLabels();
    board.relabel();
    customers.relabel();
    renderConnection(state.connState);
    renderFocus();
    renderQueue(board, clarify);
    for (const you of document.querySelectorAll("#utterances .you")) you.textContent = t("you");
  });

  renderFocus();
  renderQueue(board, clarify);
  conn.start();
}

function renderQueue(board, clarify) {
  const counts = board.counts();
  $("#running-count").textContent = `${counts.running}/${state.maxParallel}`;
  $("#queued-count").textContent = String(counts.queued);
  const slots = $("#slots");
  if (slots.children.length !== state.maxParallel) {
    slots.replaceChildren(...Array.from({ length: state.maxParallel }, () => document.createElement("i")));
  }
  [...slots.children].forEach((slot, index) => slot.classList.toggle("busy", index < counts.running));
  $("#cancel-all").disabled = counts.running + counts.queued === 0;
  $("#history-count").textContent = String($("#history").children.length);
  const onHistory = $("#tab-history").getAttribute("aria-selected") === "true";
  $("#empty").hidden = (onHistory ? $("#history") : $("#live")).children.length > 0;
  const waiting = clarify?.deferred.length ?? 0;
  const questions = $("#questions");
  questions.hidden = waiting === 0;
  questions.textContent = `${t("clarifyTitle")} (${waiting})`;
}

function renderConnection(value) {
  state.connState = value;
  document.body.dataset.conn = value;
  $("#conn-text").textContent = t(value);
}

function showGate(reason) {
  $("#gate-message").textContent = t(reason);
  $("#gate").hidden = false;
  document.body.dataset.conn = "unauthorized";
  $("#gate-token").focus();
}

$("#gate-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("#gate-token").value.trim();
  if (!value) return;
  localStorage.setItem(TOKEN_KEY, value);
  sessionStorage.clear(); // a new token may be another shop: do not resume its conversation
  location.replace(location.pathname);
});

// Views: on a phone one panel at a time; on a desktop everything is visible.
function showView(view) {
  document.body.dataset.view = view;
  for (const button of document.querySelectorAll(".views button")) {
    button.setAttribute("aria-pressed", String(button.dataset.show === view));
  }
}
for (const button of document.querySelectorAll(".views button")) {
  button.addEventListener("click", () => showView(button.dataset.show));
}

// Live / history tabs, with arrow keys as a tablist should have.
const tabs = [$("#tab-live"), $("#tab-history")];
function selectTab(tab) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(`#${other.getAttribute("aria-controls")}`).hidden = !selected;
  }
  const live = tab.id === "tab-live";
  const empty = $("#empty");
  empty.dataset.i18n = live ? "emptyLive" : "emptyHistory";
  empty.textContent = t(empty.dataset.i18n);
  empty.hidden = (live ? $("#live") : $("#history")).children.length > 0;
}
for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
    selectTab(next);
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

let noteTimer;
function note(message) {
  const element = $("#mic-note");
  element.textContent = message;
  clearTimeout(noteTimer);
  noteTimer = setTimeout(() => {
    if (element.textContent === message) element.textContent = state.mic ? t("micListening") : "";
  }, 6000);
}

function announce(text) {
  // Clearing first makes screen readers speak a reply even when it repeats the last one.
  const region = $("#announcer");
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}
