// The mic button: the server's speech-to-text (PCM from an AudioWorklet) when it has one, else
// the browser's recognizer; either way the session hears voice:start and voice:stop.

import { applyLabels, lang, replyLanguage, t } from "./i18n.js";
import { browserRecognizer, canRecognize, captureMicrophone, startRecognition } from "./speech.js";

export class Microphone {
  constructor({ button, status, conn, onPartial, onNote }) {
    this.button = button;
    this.status = status;
    this.conn = conn;
    this.onPartial = onPartial;
    this.onNote = onNote;
    this.serverStt = false;
    this.listening = false; // the conversation listens on the server (voice:started/stopped)
    this.active = null; // {server, stop()} while the microphone is on
    this.unavailable = false;
    button.addEventListener("click", () => (this.active ? this.stop(true) : this.start()));
  }

  get on() {
    return this.active !== null;
  }

  /** From session:ready: which way of hearing this server offers. */
  configure(serverStt) {
    this.serverStt = serverStt;
    this.unavailable = !serverStt && !canRecognize();
    this.button.disabled = this.unavailable;
    if (this.unavailable) this.render(false);
  }

  /** The server closed its speech-to-text stream with the old socket: open a new one. */
  resumed() {
    if (this.active?.server) this.startVoice("server");
  }

  async start() {
    this.button.disabled = true;
    try {
      if (this.serverStt) {
        const capture = await captureMicrophone(
          (pcm) => this.conn.sendAudio(pcm),
          (level) => this.button.style.setProperty("--level", Math.min(1, level * 6).toFixed(3)),
        );
        this.active = { server: true, stop: () => capture.stop() };
        this.startVoice("server");
      } else {
        this.active = this.recognize();
        this.startVoice("client");
      }
      this.render(true);
    } catch (error) {
      this.active = null;
      this.onNote(error?.name === "NotAllowedError" ? t("micDenied") : t("micUnavailable"));
    } finally {
      this.button.disabled = false;
    }
  }

  startVoice(stt) {
    // A conversation left listening by a dropped socket must be stopped before starting again.
    if (this.listening) this.conn.send({ type: "voice:stop" });
    // Replies come back in the language of the labels the shopkeeper chose.
    this.conn.send({ type: "voice:start", stt, sample_rate: 16000, language: replyLanguage() });
  }

  /** The language toggle: hear and reply in the new language without a tap on the mic. */
  relanguage() {
    const active = this.active;
    if (!active) return;
    if (!active.server) {
      active.stop();
      this.active = this.recognize();
    }
    this.startVoice(active.server ? "server" : "client");
  }

  recognize() {
    const recognition = browserRecognizer();
    if (!recognition) throw new Error("no recognizer");
    let on = true;
    const run = () =>
      startRecognition(recognition, {
        language: lang() === "en" ? "en-IN" : "hi-IN",
        onPartial: (text) => {
          this.onPartial(text);
          this.conn.send({ type: "transcript", text, final: false });
        },
        onFinal: (text) =>
          text && this.conn.send({ type: "transcript", text, final: true, language: replyLanguage() }),
        onError: (code) => {
          // Silence and our own stop are normal; anything else (no permission, no network for
          // the browser's cloud recognizer) would fail again on every restart.
          if (code === "no-speech" || code === "aborted") return;
          on = false;
          this.stop(true);
          const denied = code === "not-allowed" || code === "service-not-allowed";
          this.onNote(denied ? t("micDenied") : t("micUnavailable"));
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

  stop(tellServer) {
    const active = this.active;
    this.active = null;
    this.render(false);
    if (!active) return;
    active.stop();
    if (tellServer) this.conn.send({ type: "voice:stop" });
  }

  render(on) {
    this.button.setAttribute("aria-pressed", String(on));
    this.button.dataset.i18nLabel = on ? "micStop" : this.unavailable ? "micUnavailable" : "mic";
    this.button.style.setProperty("--level", "0");
    this.status.textContent = on ? t("micListening") : "";
    applyLabels(this.button.parentElement);
  }
}
