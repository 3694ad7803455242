// Bundles the browser scripts with their npm dependencies (the centrifuge SDK) and copies the
// pages, into the folder given as the only argument; Maven runs it at generate-resources, so the
// output lands on the jar's classpath under web/ and is never committed.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <output folder>');
  process.exit(2);
}
mkdirSync(join(out, 'assets'), { recursive: true });
// The microphone's AudioWorklet is bundled on its own and put into the page scripts as text
// (voice-audio.js loads it from a blob: URL).
const worklet = await build({
  entryPoints: ['src/capture-worklet.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  write: false,
  logLevel: 'warning',
});
await build({
  entryPoints: ['src/widget.js', 'src/console.js'],
  define: { CAPTURE_WORKLET: JSON.stringify(worklet.outputFiles[0].text) },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['es2020'],
  outdir: join(out, 'assets'),
  logLevel: 'warning',
});
cpSync('pages', out, { recursive: true });
