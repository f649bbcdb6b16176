// Runs on the audio thread: mixes to mono, low-passes and decimates to 16 kHz, and posts
// 16-bit PCM in 100 ms chunks (what the server's speech-to-text expects).

const TARGET_RATE = 16000;
const CHUNK_SAMPLES = 1600;

class Pcm16kProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // sampleRate is the context's rate (often 44.1 or 48 kHz); averaging each output sample's
    // window of input is a cheap anti-alias filter that is plenty for speech.
    this.step = sampleRate / TARGET_RATE;
    this.phase = 0;
    this.sum = 0;
    this.count = 0;
    this.chunk = new Int16Array(CHUNK_SAMPLES);
    this.filled = 0;
    this.energy = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let sample = 0;
      for (const channel of channels) sample += channel[i];
      this.sum += sample / channels.length;
      this.count += 1;
      this.phase += 1;
      if (this.phase >= this.step) {
        this.phase -= this.step;
        this.push(this.sum / this.count);
        this.sum = 0;
        this.count = 0;
      }
    }
    return true;
  }

  push(value) {
    const clipped = Math.max(-1, Math.min(1, value));
    this.chunk[this.filled++] = clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff;
    this.energy += clipped * clipped;
    if (this.filled === CHUNK_SAMPLES) {
      const level = Math.sqrt(this.energy / CHUNK_SAMPLES);
      this.port.postMessage({ pcm: this.chunk.buffer, level }, [this.chunk.buffer]);
      this.chunk = new Int16Array(CHUNK_SAMPLES);
      this.filled = 0;
      this.energy = 0;
    }
  }
}

registerProcessor("pcm-16k", Pcm16kProcessor);
