// Debian's Chromium, headless, for the tests of the browser pages, and helpers to wait in them.
import { chromium } from 'playwright-core';
import { within } from './sdk.mjs';

export const WAIT_MS = 15_000;

/** A headless Chromium with `extraArgs`; `CHROMIUM` names another binary than Debian's. */
export const launch = (extraArgs = []) =>
  chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Root in a container has no sandbox; the machine has no network beyond loopback, so
    // Chromium's own background traffic is switched off rather than refused many times.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });

/** Resolves once `condition()` holds, checking every 50 ms. */
export const until = (condition, what) =>
  within(
    new Promise((resolve) => {
      const check = () => (condition() ? resolve() : setTimeout(check, 50));
      check();
    }),
    WAIT_MS,
    what,
  );

/** The widget's state and conversation, as its host element tells them. */
export const widgetState = (page) =>
  page.evaluate(() => {
    const host = document.getElementById('switchboard-widget');
    return host ? { state: host.dataset.state, conversation: host.dataset.conversation } : null;
  });

/** Resolves once the widget on `page` is connected. */
export const widgetOnline = (page) =>
  page.waitForFunction(
    () => document.getElementById('switchboard-widget')?.dataset.state === 'Online',
    null,
    { timeout: WAIT_MS },
  );

/** Prints what the widget shows, for a step that failed. */
export const diagnose = async (page) =>
  console.log(
    'widget:',
    await page.evaluate(() => {
      const host = document.getElementById('switchboard-widget');
      return JSON.stringify({ ...host?.dataset, log: host?.shadowRoot?.querySelector('.log')?.innerHTML });
    }),
  );

/** A page that records its script errors in `errors` and logs its console. */
export const watchedPage = async (browser, errors) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => console.log(`page ${message.type()}: ${message.text()}`));
  return page;
};
