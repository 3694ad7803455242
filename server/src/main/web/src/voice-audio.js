// Call audio in the browser, for the widget's calls and the console's listen-in and take-over: the
// microphone as 20 ms frames of 16 kHz 16-bit PCM, and such frames played back at real time.
import { fromPcm16 } from './resample.js';

/** The voice WebSockets' audio: 16 kHz mono, 20 ms (320 samples, 640 bytes) a frame. */
export const RATE = 16_000;
export const FRAME_BYTES = 640;

const LEAD_SECONDS = 0.08; // queued ahead of the clock when playback (re)starts: absorbs jitter
const FADE_SAMPLES = 32; // 2 ms fade-in after a gap
const TAIL_SAMPLES = 80; // 5 ms ramp to silence if no frame follows in time
const CLEAR_SECONDS = 0.005; // time constant of the fade when queued audio is dropped
const MAX_AHEAD_SECONDS = 1; // queued beyond this (a stalled clock), frames are dropped, not kept

/** The capture worklet's code, put in by build.mjs (see capture-worklet.js). */
const WORKLET_CODE = CAPTURE_WORKLET;

/**
 * The microphone, captured with an AudioWorklet (off the page's thread, so a busy page does not
 * drop audio) and resampled to 16 kHz; `onFrame` gets each 640-byte frame as an ArrayBuffer.
 */
export class Microphone {
  /** Asks for the microphone; rejects with the browser's error when it is refused or missing. */
  static async open(onFrame) {
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
      throw new Error('this browser cannot send microphone audio');
    }
    const stream = await navigator.mediaDevices.getUserMedia({
      // Echo cancellation keeps the call's own playback out of the microphone: without it the
      // caller would barge in on every reply they hear through their speakers.
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    const context = new AudioContext();
    try {
      const url = URL.createObjectURL(new Blob([WORKLET_CODE], { type: 'text/javascript' }));
      try {
        await context.audioWorklet.addModule(url);
      } finally {
        URL.revokeObjectURL(url);
      }
      const node = new AudioWorkletNode(context, 'switchboard-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        channelCount: 1,
        channelCountMode: 'explicit',
      });
      const microphone = new Microphone(stream, context, node, onFrame);
      context.createMediaStreamSource(stream).connect(node);
      // The worklet writes nothing to its output; connected, it is pulled by the graph and runs.
      node.connect(context.destination);
      await context.resume();
      return microphone;
    } catch (failure) {
      stream.getTracks().forEach((track) => track.stop());
      context.close();
      throw failure;
    }
  }

  constructor(stream, context, node, onFrame) {
    this.stream = stream;
    this.context = context;
    this.node = node;
    this.frames = 0;
    node.port.onmessage = (event) => {
      this.frames++;
      onFrame(event.data);
    };
  }

  /** Releases the microphone (the browser's recording indicator goes off). */
  close() {
    this.node.port.postMessage('stop');
    this.node.port.onmessage = null;
    this.stream.getTracks().forEach((track) => track.stop());
    this.context.close().catch(() => {});
  }
}

/** A 16 kHz AudioContext for Players: 20 ms frames then line up sample-exactly, with no resampling. */
export function playbackContext() {
  const context = new AudioContext({ sampleRate: RATE, latencyHint: 'interactive' });
  context.resume().catch(() => {});
  return context;
}

/**
 * One track of call audio played at real time: each 20 ms frame is scheduled right after the one
 * before, a little ahead of the clock. When frames stop coming, a short ramp (scheduled behind each
 * frame and cancelled when the next arrives in time) takes the signal to silence, and audio after
 * a gap fades in, so gaps do not click. Several Players on one context are mixed by Web Audio.
 */
export class Player {
  constructor(context) {
    this.context = context;
    this.gain = this.newGain();
    this.nextFrame = 0; // context sample frame where the next frame starts
    this.pending = new Set(); // sources not yet played out
    this.tail = null;
    this.timers = new Set();
    this.received = 0;
    this.played = 0;
    this.dropped = 0;
  }

  newGain() {
    const gain = this.context.createGain();
    gain.connect(this.context.destination);
    return gain;
  }

  /** Queues one frame: 640 bytes of 16-bit LE PCM from `offset` of `bytes`, or float samples. */
  play(bytes, offset = 0) {
    const samples = bytes instanceof Float32Array ? bytes : fromPcm16(bytes, offset);
    this.received++;
    const context = this.context;
    const now = Math.ceil(context.currentTime * RATE);
    if (this.nextFrame - now > MAX_AHEAD_SECONDS * RATE) {
      this.dropped++;
      return;
    }
    const gap = this.nextFrame < now + RATE * 0.005;
    if (gap) {
      this.nextFrame = now + Math.round(LEAD_SECONDS * RATE);
      for (let i = 0; i < Math.min(FADE_SAMPLES, samples.length); i++) {
        samples[i] *= i / FADE_SAMPLES;
      }
    }
    const buffer = context.createBuffer(1, samples.length, RATE);
    buffer.copyToChannel(samples, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    const at = this.nextFrame / RATE;
    source.start(at);
    this.pending.add(source);
    source.onended = () => {
      if (this.pending.delete(source)) {
        this.played++;
      }
    };
    // The ramp of the frame before is not needed: this one follows it seamlessly.
    this.tail?.stop();
    this.nextFrame += samples.length;
    this.tail = this.rampFrom(samples[samples.length - 1] ?? 0, this.nextFrame / RATE);
  }

  rampFrom(level, at) {
    const buffer = this.context.createBuffer(1, TAIL_SAMPLES, RATE);
    const ramp = new Float32Array(TAIL_SAMPLES);
    for (let i = 0; i < TAIL_SAMPLES; i++) {
      ramp[i] = level * (1 - (i + 1) / TAIL_SAMPLES);
    }
    buffer.copyToChannel(ramp, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    source.start(at);
    return source;
  }

  /** Calls `done` once everything queued so far has been played. */
  whenPlayed(done) {
    const wait = Math.max(0, this.nextFrame / RATE - this.context.currentTime);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      done();
    }, wait * 1000);
    this.timers.add(timer);
  }

  /** Drops what is queued and not played yet (barge-in, take-over), fading it out. */
  clear() {
    const old = this.gain;
    old.gain.setTargetAtTime(0, this.context.currentTime, CLEAR_SECONDS);
    const dropped = [...this.pending, this.tail].filter(Boolean);
    setTimeout(() => {
      dropped.forEach((source) => {
        try {
          source.stop();
        } catch {
          // never started: nothing to stop
        }
      });
      old.disconnect();
    }, 50);
    this.pending.clear();
    this.tail = null;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.gain = this.newGain();
    this.nextFrame = 0;
  }
}
