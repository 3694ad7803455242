// Sample-rate conversion for call audio: the voice WebSockets speak 16 kHz, a browser's microphone
// runs at whatever its audio device runs at (44.1 or 48 kHz mostly). Shared by the capture worklet
// and the tests.

const ZERO_CROSSINGS = 8; // half-width of the windowed-sinc filter, in zero crossings
const CUTOFF = 0.9; // of the output's Nyquist frequency: room for the filter's transition band
const PHASES = 1024; // output times are rounded to 1/PHASES of an input sample; taps cached per phase

/**
 * A streaming windowed-sinc resampler for one channel: `push` takes input samples in blocks of any
 * length and returns the output samples they complete. Downsampling low-passes below the output's
 * Nyquist frequency first, so speech above 8 kHz does not fold back into the band a recogniser
 * hears.
 */
export class Resampler {
  constructor(inputRate, outputRate) {
    this.step = inputRate / outputRate; // input samples per output sample
    this.scale = Math.min(1, outputRate / inputRate) * CUTOFF; // filter cutoff, in input Nyquists
    this.reach = Math.ceil(ZERO_CROSSINGS / this.scale); // input samples either side of a tap
    this.history = new Float32Array(0); // input not yet fully used
    this.position = 0; // time of the next output sample, in input samples from history[0]
  }

  /** Resamples `input` (Float32Array, -1..1); the output samples it completes, as Float32Array. */
  push(input) {
    const buffer = new Float32Array(this.history.length + input.length);
    buffer.set(this.history);
    buffer.set(input, this.history.length);
    const out = [];
    while (this.position + this.reach < buffer.length) {
      out.push(this.sampleAt(buffer, this.position));
      this.position += this.step;
    }
    // Keep what the next output samples still reach back to.
    const keepFrom = Math.max(0, Math.floor(this.position) - this.reach);
    this.history = buffer.slice(keepFrom);
    this.position -= keepFrom;
    return Float32Array.from(out);
  }

  sampleAt(buffer, t) {
    const centre = Math.floor(t);
    const taps = this.taps(Math.round((t - centre) * PHASES));
    const first = centre - this.reach + 1;
    let sum = 0;
    for (let k = 0; k < taps.length; k++) {
      const i = first + k;
      if (i >= 0 && i < buffer.length) {
        sum += buffer[i] * taps[k];
      }
    }
    return sum;
  }

  /** The filter's taps for an output sample `phase`/PHASES of an input sample past its centre. */
  taps(phase) {
    this.table ??= new Array(PHASES + 1);
    let taps = this.table[phase];
    if (!taps) {
      const t = phase / PHASES;
      taps = new Float32Array(2 * this.reach);
      let total = 0;
      for (let k = 0; k < taps.length; k++) {
        const x = (k - this.reach + 1 - t) * this.scale;
        taps[k] = sinc(x) * blackman(x / ZERO_CROSSINGS);
        total += taps[k];
      }
      // Unity gain at 0 Hz, whatever the phase.
      taps.forEach((w, k) => (taps[k] = w / total));
      this.table[phase] = taps;
    }
    return taps;
  }
}

function sinc(x) {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** The Blackman window over -1..1, zero outside. */
function blackman(u) {
  if (u <= -1 || u >= 1) return 0;
  const phase = Math.PI * (u + 1);
  return 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
}

/** Float samples (-1..1) as 16-bit little-endian PCM bytes. */
export function toPcm16(samples) {
  const bytes = new ArrayBuffer(samples.length * 2);
  const view = new DataView(bytes);
  samples.forEach((s, i) => view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(s * 32767))), true));
  return bytes;
}

/** 16-bit little-endian PCM bytes (from `offset`) as float samples (-1..1). */
export function fromPcm16(bytes, offset = 0) {
  const view = new DataView(bytes, offset);
  const samples = new Float32Array(Math.floor((bytes.byteLength - offset) / 2));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = view.getInt16(i * 2, true) / 32768;
  }
  return samples;
}
