// The /ws/voice connection: reconnects with backoff and resumes the same conversation from the
// last seq seen, so a dropped network never loses or repeats a card.

const BACKOFF_MS = [250, 600, 1200, 2500, 5000, 10000];
const PING_EVERY_MS = 20000;
const UNAUTHORIZED = 4401;
const STORE = "bolkhata.conversation";
// The token travels as a WebSocket subprotocol, never in the URL, so no access log holds it;
// the server selects "bolkhata" (see docs/protocol.md, Authentication).
const SUBPROTOCOL = "bolkhata";

/** The URL without `?token=`, and the token it held (or the one given). */
function splitToken(url, token) {
  const parsed = new URL(url, location.href);
  const fromUrl = parsed.searchParams.get("token");
  parsed.searchParams.delete("token");
  return { url: parsed.href, token: token ?? fromUrl };
}

export class Connection {
  constructor({ url, token, onFrame, onBinary, onState, onReady, onAuthFailed }) {
    ({ url: this.url, token: this.token } = splitToken(url, token));
    this.onFrame = onFrame;
    this.onBinary = onBinary;
    this.onState = onState;
    this.onReady = onReady;
    this.onAuthFailed = onAuthFailed;
    this.ws = null;
    this.ready = false;
    this.attempt = 0;
    this.pending = []; // frames typed while offline, sent once the session is back
    this.fresh = null; // the conversation the server opened for this socket
    this.resumes = 0;
    this.holdUntil = 0;
    // Per tab: a reload resumes the same conversation (and rebuilds its cards from seq 0).
    const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
    this.conversationId = saved?.id ?? null;
    this.lastSeq = 0;
  }

  start() {
    this.ready = false;
    this.onState(this.attempt === 0 && !this.conversationId ? "connecting" : "reconnecting");
    const protocols = this.token ? [SUBPROTOCOL, `bearer.${this.token}`] : [SUBPROTOCOL];
    const ws = new WebSocket(this.url, protocols);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onmessage = (event) => {
      if (ws !== this.ws) return;
      if (typeof event.data === "string") this.receive(JSON.parse(event.data));
      else this.onBinary(event.data);
    };
    ws.onclose = (event) => {
      if (ws !== this.ws) return;
      clearInterval(this.pinger);
      this.ready = false;
      if (event.code === UNAUTHORIZED) {
        this.onAuthFailed();
        return;
      }
      this.onState("offline");
      // Jitter keeps many counters that lost the same Wi-Fi from returning in lockstep.
      const backoff = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      const delay = Math.max(backoff * (0.8 + Math.random() * 0.4), this.holdUntil - Date.now());
      this.attempt += 1;
      this.retry = setTimeout(() => this.start(), delay);
    };
  }

  receive(frame) {
    if (frame.type === "session:ready") return this.sessionReady(frame);
    if (frame.type === "error" && frame.ref === "session:resume") {
      // The old conversation is gone (or of another shop): carry on in the one just opened.
      this.adopt(this.fresh);
      return;
    }
    if (frame.seq !== undefined) {
      if (frame.seq <= this.lastSeq) return; // already seen before the drop
      this.lastSeq = frame.seq;
    }
    this.onFrame(frame);
  }

  sessionReady(frame) {
    if (frame.resumed) {
      this.resumes += 1;
      this.adopt(frame, true);
      return;
    }
    this.fresh = frame;
    if (this.conversationId && this.conversationId !== frame.conversation_id) {
      this.sendNow({
        type: "session:resume",
        conversation_id: this.conversationId,
        after_seq: this.lastSeq,
      });
      return;
    }
    this.adopt(frame);
  }

  adopt(frame, resumed = false) {
    if (frame.conversation_id !== this.conversationId) this.lastSeq = 0;
    this.conversationId = frame.conversation_id;
    sessionStorage.setItem(STORE, JSON.stringify({ id: this.conversationId }));
    this.ready = true;
    this.attempt = 0;
    this.onReady(frame, resumed);
    this.onState("online");
    for (const pending of this.pending.splice(0)) this.sendNow(pending);
    clearInterval(this.pinger);
    this.pinger = setInterval(() => this.sendNow({ type: "ping" }), PING_EVERY_MS);
  }

  /** Send now, or as soon as the session is back. */
  send(frame) {
    if (this.ready) this.sendNow(frame);
    else this.pending.push(frame);
  }

  sendNow(frame) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Audio is only worth sending live; a late chunk would be heard out of place. */
  sendAudio(buffer) {
    if (this.ready && this.ws.readyState === WebSocket.OPEN) this.ws.send(buffer);
  }

  /** Cut the socket as a network failure would, staying away `outageMs` (debug handle, tests). */
  drop(outageMs = 0) {
    this.holdUntil = Date.now() + outageMs;
    this.ws?.close(4000, "dropped by the client");
  }
}
