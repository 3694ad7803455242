// The microphone's AudioWorklet: runs on the browser's audio thread, resamples what the microphone
// gives (the context's rate) to 16 kHz and posts 20 ms frames of 16-bit little-endian PCM (640
// bytes) to the page, which sends them on the call's WebSocket. build.mjs bundles this file on its
// own and hands it to voice-audio.js as text, which loads it from a blob: URL, so the widget needs
// no second request to the server of a page it is embedded in.
import { Resampler, toPcm16 } from './resample.js';

const RATE = 16_000;
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // `sampleRate` is the AudioWorkletGlobalScope's: the context's rate.
    this.resampler = new Resampler(sampleRate, RATE);
    this.frame = new Float32Array(FRAME_SAMPLES);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') {
        this.running = false;
      }
    };
  }

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (channel) {
      for (const sample of this.resampler.push(channel)) {
        this.frame[this.filled++] = sample;
        if (this.filled === FRAME_SAMPLES) {
          const bytes = toPcm16(this.frame);
          this.port.postMessage(bytes, [bytes]);
          this.filled = 0;
        }
      }
    }
    return this.running;
  }
}

registerProcessor('switchboard-capture', CaptureProcessor);
