// Hearing and speaking: microphone capture for the server's speech-to-text, the browser's own
// recognition as a fallback, and spoken replies (server audio first, else speech synthesis).

const MUTE_KEY = "bolkhata.muted";

/** Streams 16 kHz 16-bit PCM chunks from the microphone until stopped. */
export async function captureMicrophone(onChunk, onLevel) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(new URL("./audio-worklet.js", import.meta.url));
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    await context.close();
    throw error;
  }
  const source = context.createMediaStreamSource(stream);
  const worklet = new AudioWorkletNode(context, "pcm-16k");
  // A node only runs while the graph pulls it: route it to the speakers at zero volume.
  const silent = context.createGain();
  silent.gain.value = 0;
  source.connect(worklet).connect(silent).connect(context.destination);
  worklet.port.onmessage = (event) => {
    onChunk(event.data.pcm);
    onLevel(event.data.level);
  };
  return {
    async stop() {
      worklet.port.onmessage = null;
      source.disconnect();
      stream.getTracks().forEach((track) => track.stop());
      await context.close();
    },
  };
}

/** The browser's recognizer, if it has one (Chrome, Edge, Safari). */
export function browserRecognizer() {
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  return Recognition ? new Recognition() : null;
}

export function canRecognize() {
  return Boolean(window.SpeechRecognition || window.webkitSpeechRecognition);
}

/** Listens in hi-IN (Hinglish is understood best there) and reports partials and finals. */
export function startRecognition(recognition, { language, onPartial, onFinal, onError, onEnd }) {
  recognition.lang = language;
  recognition.continuous = true;
  recognition.interimResults = true;
  recognition.onresult = (event) => {
    let interim = "";
    for (let i = event.resultIndex; i < event.results.length; i++) {
      const result = event.results[i];
      if (result.isFinal) onFinal(result[0].transcript.trim());
      else interim += result[0].transcript;
    }
    if (interim) onPartial(interim.trim());
  };
  recognition.onerror = (event) => onError(event.error);
  recognition.onend = onEnd;
  recognition.start();
}

export class Speaker {
  /** `onState("speaking" | "stopped" | "idle")`: the page shows it (README "Barge-in"). */
  constructor(onState = () => {}) {
    this.muted = localStorage.getItem(MUTE_KEY) === "1";
    this.audio = null;
    this.incoming = null; // {taskId, bytes, parts} while a reply's audio is arriving
    this.served = new Set(); // tasks whose reply came as server audio
    this.waiting = new Set(); // replies about to be spoken (timers)
    this.onState = onState;
    this.state = "idle";
  }

  get speaking() {
    const playing = this.audio && !this.audio.paused && !this.audio.ended;
    return Boolean(playing || this.incoming || window.speechSynthesis?.speaking || this.waiting.size);
  }

  /** Barge-in: the shopkeeper started speaking, so the reply stops at once (tasks go on). */
  stop() {
    const was = this.speaking;
    for (const timer of this.waiting) clearTimeout(timer);
    this.waiting.clear();
    window.speechSynthesis?.cancel();
    this.audio?.pause();
    this.incoming = null;
    if (was) this.setState("stopped");
    return was;
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }

  setMuted(muted) {
    this.muted = muted;
    localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
    if (muted) {
      window.speechSynthesis?.cancel();
      this.audio?.pause();
    }
  }

  /** `reply:audio` announces the binary frames that follow it. */
  expectAudio(frame) {
    this.served.add(frame.task_id);
    this.incoming = { taskId: frame.task_id, bytes: frame.bytes, parts: [], got: 0 };
  }

  receiveAudio(buffer) {
    const incoming = this.incoming;
    if (!incoming) return;
    incoming.parts.push(buffer);
    incoming.got += buffer.byteLength;
    if (incoming.got < incoming.bytes) return;
    this.incoming = null;
    if (this.muted) return;
    const url = URL.createObjectURL(new Blob(incoming.parts, { type: "audio/mpeg" }));
    this.audio = new Audio(url);
    this.audio.onended = () => {
      URL.revokeObjectURL(url);
      this.setState("idle");
    };
    this.setState("speaking");
    // A clip the browser cannot decode is not worth an error: the text is on the card.
    this.audio.play().catch(() => URL.revokeObjectURL(url));
  }

  /** Speak a reply unless the server sends its own audio for it (give that a moment to arrive).
   * An English reply prefers an Indian English voice; Hinglish and Hindi a Hindi one. */
  say(taskId, text, language = "hinglish") {
    if (this.muted || !text || !window.speechSynthesis) return;
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      if (this.muted || this.served.has(taskId)) return;
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.onend = () => !this.speaking && this.setState("idle");
      const voices = speechSynthesis.getVoices();
      const hindi = () => voices.find((v) => v.lang === "hi-IN") || voices.find((v) => v.lang.startsWith("hi"));
      const english = () => voices.find((v) => v.lang === "en-IN");
      const voice = language === "en" ? english() || hindi() : hindi() || english();
      utterance.lang = voice?.lang ?? (language === "en" ? "en-IN" : "hi-IN");
      if (voice) utterance.voice = voice;
      speechSynthesis.speak(utterance);
      this.setState("speaking");
    }, 300);
    this.waiting.add(timer);
  }
}
