// The pages' call audio on its own: the resampler keeps the speech band and removes what would
// fold back into it, and the Player, rendered by Chromium's Web Audio, plays frames back to back
// and goes silent and starts again without a click where frames stop coming for a while.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Resampler } from '../../main/web/src/resample.js';
import { launch } from './browser.mjs';

const HTTP = process.env.WIDGET_HTTP; // a secure origin for the page; its files are served here
const SOURCES = new URL('../../main/web/src/', import.meta.url);
const RATE = 16_000;

const browser = await launch();
after(() => browser.close());

function tone(frequency, inputRate, seconds) {
  const samples = new Float32Array(Math.round(inputRate * seconds));
  samples.forEach((_, n) => (samples[n] = 0.5 * Math.sin((2 * Math.PI * frequency * n) / inputRate)));
  return samples;
}

/** Root mean square of `samples` after the filter has settled. */
function rms(samples) {
  const settled = samples.slice(200);
  return Math.sqrt(settled.reduce((sum, s) => sum + s * s, 0) / settled.length);
}

function resample(samples, inputRate) {
  const resampler = new Resampler(inputRate, RATE);
  const out = [];
  // In blocks of 128, as an AudioWorklet gets them.
  for (let at = 0; at < samples.length; at += 128) {
    out.push(...resampler.push(samples.subarray(at, at + 128)));
  }
  return Float32Array.from(out);
}

test('the resampler keeps speech-band tones and removes those above 8 kHz, at 48 and 44.1 kHz', () => {
  for (const inputRate of [48_000, 44_100]) {
    const kept = resample(tone(1000, inputRate, 1), inputRate);
    assert.ok(Math.abs(kept.length - RATE) < 40, `${inputRate}: ${kept.length} samples for a second`);
    assert.ok(Math.abs(rms(kept) - 0.5 / Math.SQRT2) < 0.005, `${inputRate}: 1 kHz at ${rms(kept)}`);
    const folded = resample(tone(11_000, inputRate, 1), inputRate);
    assert.ok(rms(folded) < 0.5 / Math.SQRT2 / 100, `${inputRate}: 11 kHz left at ${rms(folded)}`);
  }
});

test('the Player plays 20 ms frames seamlessly, and a gap in them does not click', async () => {
  const page = await browser.newPage();
  await page.route(`${HTTP}/audio-test/**`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    if (name === 'index.html') {
      // voice-audio.js reads the capture worklet's code, which build.mjs puts in; not needed here.
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script>globalThis.CAPTURE_WORKLET = "";</script>' });
    }
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(new URL(name, SOURCES)) });
  });
  try {
    await page.goto(`${HTTP}/audio-test/index.html`);
    const result = await page.evaluate(async (rate) => {
      const { Player } = await import('/audio-test/voice-audio.js');
      const context = new OfflineAudioContext(1, rate, rate);
      const player = new Player(context);
      // A tone that is far from zero where each burst of frames starts and ends.
      let n = 100;
      const frame = () => {
        const samples = new Float32Array(320);
        samples.forEach((_, i) => (samples[i] = 0.5 * Math.sin((2 * Math.PI * 437 * (n + i)) / rate)));
        n += 320;
        return samples;
      };
      const burst = () => {
        for (let i = 0; i < 5; i++) player.play(frame());
      };
      burst();
      // 300 ms later (no frames meanwhile), the next burst.
      context.suspend(0.4).then(() => {
        burst();
        context.resume();
      });
      const out = (await context.startRendering()).getChannelData(0);
      let jump = 0;
      for (let i = 1; i < out.length; i++) jump = Math.max(jump, Math.abs(out[i] - out[i - 1]));
      const loud = (from, to) => out.slice(from * rate, to * rate).some((s) => Math.abs(s) > 0.4);
      return { jump, first: loud(0.09, 0.17), silent: !loud(0.2, 0.45), second: loud(0.49, 0.57), received: player.received };
    }, RATE);
    assert.equal(result.received, 10);
    assert.ok(result.first && result.second, JSON.stringify(result));
    assert.ok(result.silent, JSON.stringify(result));
    // The tone itself moves by at most 0.5 x 2π x 437 / 16000 = 0.086 from one sample to the next;
    // a cut from full level to silence would be a jump of up to 0.5.
    assert.ok(result.jump < 0.1, `largest step between samples: ${result.jump}`);
  } finally {
    await page.close();
  }
});
