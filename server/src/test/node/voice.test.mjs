// Calls in the browser pages, in Debian's Chromium with a fake microphone that plays a real human
// recording: a visitor calls from the widget and hears the greeting, says something that is
// transcribed in the widget and live in the console's voice panel; the agent listens to both
// sides, takes the call over (the visitor hears the agent) and hands it back; the visitor hangs up
// and the call is stored as ended with its transcript. Also: a call that is not live, a call of
// another tenant, and a tenant without voice.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchedPage, widgetOnline, diagnose } from './browser.mjs';

const HTTP = process.env.WIDGET_HTTP;
const SHOTS = process.env.SCREENSHOT_DIR;
const A = tenant('A');
const B = tenant('B');
const C = tenant('C');
const CALL_WAIT_MS = 40_000; // speech-to-text and a looped recording take their time

function tenant(name) {
  return {
    id: process.env[`TENANT_${name}`],
    inbox: process.env[`INBOX_${name}`],
    agent: process.env[`AGENT_${name}`],
    admin: process.env[`ADMIN_${name}`],
  };
}

// The fake microphone of every page: the recording (silence, then speech), looped.
const browser = await launch([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${process.env.FAKE_MIC_WAV}`,
]);
after(() => browser.close());

let endedCallOfA;

async function rest(token, method, path) {
  const answer = await fetch(`${HTTP}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const text = await answer.text();
  return { status: answer.status, json: text ? JSON.parse(text) : null };
}

async function consoleFor(token, hash = '') {
  const page = await watchedPage(browser, []);
  await page.addInitScript((t) => sessionStorage.setItem('switchboard:console:token', t), token);
  await page.goto(`${HTTP}/console${hash}`);
  await page.waitForFunction(() => document.body.dataset.connection === 'Online', null, { timeout: 15_000 });
  return page;
}

const host = (page) =>
  page.evaluate(() => ({ ...document.getElementById('switchboard-widget')?.dataset }));

const waitHost = (page, condition, arg, timeout = CALL_WAIT_MS) =>
  page.waitForFunction(
    ([source, value]) => new Function('data', 'value', `return ${source}`)(document.getElementById('switchboard-widget')?.dataset ?? {}, value),
    [condition, arg],
    { timeout },
  );

const waitPanel = (page, condition, timeout = CALL_WAIT_MS) =>
  page.waitForFunction(
    (source) => new Function('data', `return ${source}`)(document.getElementById('voice')?.dataset ?? {}),
    condition,
    { timeout },
  );

test('a visitor calls from the widget; the agent follows the transcript, listens, takes over and hands back', async () => {
  const errors = [];
  const agentPage = await consoleFor(A.agent);
  const visitor = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const widgetPage = await visitor.newPage();
  widgetPage.on('pageerror', (error) => errors.push(error.message));
  widgetPage.on('console', (message) => console.log(`widget ${message.type()}: ${message.text()}`));
  try {
    await agentPage.getByRole('heading', { name: 'Live calls' }).waitFor({ timeout: 15_000 });

    // The visitor opens the widget and calls: connected, the greeting plays and is written down.
    await widgetPage.goto(`${HTTP}/widget?tenant=${A.id}&inbox=${A.inbox}&title=Acme`);
    await widgetPage.getByRole('button', { name: 'Open chat' }).click();
    await widgetOnline(widgetPage);
    const call = widgetPage.getByRole('button', { name: 'Call us' });
    await call.waitFor({ timeout: 15_000 });
    await call.click();
    await waitHost(widgetPage, "data.callState === 'connected'");
    const callId = (await host(widgetPage)).callId;
    assert.match(callId, /^[0-9a-f-]{36}$/);
    await widgetPage.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await waitHost(widgetPage, 'Number(data.callFramesReceived) >= 25 && Number(data.callFramesPlayed) >= 10');
    await widgetPage
      .locator('.call-lines li.bot', { hasText: 'Thanks for calling Acme.' })
      .waitFor({ timeout: CALL_WAIT_MS });

    // The agent sees the call in the panel and opens it before the visitor speaks.
    const row = agentPage.locator(`#voice-list button[data-id="${callId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await agentPage.locator('#voice-status', { hasText: 'Not listening' }).waitFor({ timeout: 15_000 });

    // The fake microphone says "go forward ten meters": the widget and, live, the console show it.
    await widgetPage.locator('.call-lines li.contact', { hasText: /forward/ }).waitFor({ timeout: CALL_WAIT_MS });
    await agentPage
      .locator('#voice-transcript li.contact[data-source="live"]', { hasText: /forward/ })
      .waitFor({ timeout: CALL_WAIT_MS });
    await widgetPage.locator('.call-lines li.bot', { hasText: 'I can help you with that.' }).waitFor({ timeout: CALL_WAIT_MS });
    await widgetPage.screenshot({ path: `${SHOTS}/widget-call.png` });

    // Listen: both tracks reach Web Audio and are played out.
    await agentPage.getByRole('button', { name: 'Listen' }).click();
    await agentPage.locator('#voice-status', { hasText: 'Listening' }).waitFor({ timeout: 15_000 });
    await waitPanel(agentPage, 'Number(data.callerPlayed) >= 25');
    // What the caller hears plays while the bot answers the next pass of the recording.
    await waitPanel(agentPage, 'Number(data.heardPlayed) >= 10');

    // Take over: the visitor is told, and hears the agent's microphone.
    await agentPage.getByRole('button', { name: 'Take over' }).click();
    await agentPage.locator('#voice-status', { hasText: 'You have the call' }).waitFor({ timeout: 15_000 });
    await waitHost(widgetPage, "data.callState === 'agent'", null, 15_000);
    await widgetPage.getByRole('status').filter({ hasText: 'An agent joined the call' }).waitFor();
    const before = Number((await host(widgetPage)).callFramesReceived);
    await waitPanel(agentPage, 'Number(data.micSent) >= 25', 15_000);
    await waitHost(widgetPage, 'Number(data.callFramesReceived) >= value + 25', before, 15_000);
    await agentPage.screenshot({ path: `${SHOTS}/console-voice.png` });

    // A second agent (an admin, from a link to the call) may listen, but not take it over too.
    const adminPage = await consoleFor(A.admin, `#call=${callId}`);
    try {
      await adminPage.locator('#voice-status', { hasText: 'Not listening' }).waitFor({ timeout: 15_000 });
      await adminPage.getByRole('button', { name: 'Take over' }).click();
      await adminPage.locator('#voice-error', { hasText: 'Take-over refused: another agent has taken over this call' }).waitFor({ timeout: 15_000 });
      await adminPage.locator('#voice-status', { hasText: 'Listening · an agent has the call' }).waitFor();
    } finally {
      await adminPage.close();
    }

    // Hand back: the AI agent has the call again.
    await agentPage.getByRole('button', { name: 'Hand back' }).click();
    await agentPage
      .locator('#voice-status', { hasText: 'Listening · handed back: the AI agent has the call' })
      .waitFor({ timeout: 15_000 });
    assert.equal(await agentPage.getByRole('button', { name: 'Hand back' }).isHidden(), true);
    assert.equal(await agentPage.getByRole('button', { name: 'Take over' }).isEnabled(), true);
    await widgetPage.getByRole('status').filter({ hasText: 'Back with the assistant' }).waitFor({ timeout: 15_000 });

    // The visitor hangs up: both sides show the end, and the call is stored with its transcript.
    await widgetPage.getByRole('button', { name: 'Hang up' }).focus();
    await widgetPage.keyboard.press('Enter');
    await waitHost(widgetPage, "data.callState === 'ended'", null, 15_000);
    await widgetPage.getByRole('status').filter({ hasText: 'Call ended' }).waitFor();
    await agentPage.locator('#voice-status', { hasText: 'Call ended' }).waitFor({ timeout: 15_000 });
    let stored;
    for (let i = 0; i < 100 && stored?.state !== 'ended'; i++) {
      stored = (await rest(A.admin, 'GET', `/api/v1/calls/${callId}`)).json;
      if (stored?.state !== 'ended') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(stored.state, 'ended');
    const said = stored.transcript.map((s) => `${s.speaker}: ${s.text}`);
    assert.ok(said.includes('bot: Thanks for calling Acme.'), said.join(' | '));
    assert.ok(said.some((line) => /^contact: .*forward/.test(line)), said.join(' | '));
    await agentPage.locator(`#voice-list button[data-id="${callId}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(errors, []);
    endedCallOfA = callId;
  } catch (failure) {
    await diagnose(widgetPage);
    console.log('widget call:', JSON.stringify(await host(widgetPage).catch(() => '?')));
    console.log('console voice:', await agentPage.locator('#voice').innerText().catch(() => '?'));
    console.log('console data:', JSON.stringify(await agentPage.evaluate(() => ({ ...document.getElementById('voice')?.dataset }))));
    throw failure;
  } finally {
    await visitor.close();
    await agentPage.close();
  }
});

test('a call that is not live, or of another tenant, gets a clear error', async () => {
  const page = await consoleFor(B.agent);
  try {
    // A call the records say is in progress, which no voice node holds.
    // On a phone's width, and with the keyboard only.
    await page.setViewportSize({ width: 390, height: 800 });
    const stale = process.env.STALE_CALL_B;
    const row = page.locator(`#voice-list button[data-id="${stale}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.locator('#voice-status', { hasText: 'Not listening' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Listen' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#voice-error', { hasText: 'not live in your tenant' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Listen' }).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    assert.ok(await page.getByRole('button', { name: 'Take over' }).isVisible());

    // Another tenant's call, and a call that never was, by address.
    for (const id of [endedCallOfA ?? '00000000-0000-4000-8000-000000000000', '11111111-2222-4333-8444-555555555555']) {
      await page.evaluate((hash) => (location.hash = hash), `#call=${id}`);
      await page.locator('#voice-error', { hasText: `No call ${id} in your tenant.` }).waitFor({ timeout: 15_000 });
      assert.equal(await page.getByRole('button', { name: 'Listen' }).isDisabled(), true);
    }
  } finally {
    await page.close();
  }
});

test('a tenant without voice has no call button and no voice panel', async () => {
  const page = await consoleFor(C.agent);
  const visitor = await browser.newContext();
  const widgetPage = await visitor.newPage();
  try {
    // Online means the tenant's modules were read: the panel would be there by now.
    await page.locator('#who', { hasText: 'agent-1' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#voice').isHidden(), true);
    assert.equal(await page.getByRole('heading', { name: 'Live calls' }).count(), 0);

    await widgetPage.goto(`${HTTP}/widget?tenant=${C.id}&inbox=${C.inbox}`);
    await widgetPage.getByRole('button', { name: 'Open chat' }).click();
    await widgetOnline(widgetPage);
    assert.equal((await host(widgetPage)).voice, 'false');
    assert.equal(await widgetPage.getByRole('button', { name: 'Call us' }).count(), 0);
  } finally {
    await visitor.close();
    await page.close();
  }
});
