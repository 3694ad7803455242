// The chat widget in Debian's Chromium (driven by playwright-core), with an agent on the other end
// using the centrifuge SDK: a visitor opens the widget on the demo page, and both write, type and
// read; a private note never reaches the page; a reload keeps the conversation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Centrifuge } from './sdk.mjs';
import { WAIT_MS, launch, until, widgetState, widgetOnline, diagnose, watchedPage } from './browser.mjs';

const HTTP = process.env.WIDGET_HTTP;
const WS = process.env.CHAT_URL;
const TENANT = process.env.WIDGET_TENANT;
const INBOX = process.env.WIDGET_INBOX;
const AGENT = process.env.CHAT_AGENT;
const SHOTS = process.env.SCREENSHOT_DIR;

const browser = await launch();
let agent;
after(async () => {
  agent?.disconnect();
  await browser.close();
});

test('a visitor and an agent talk through the widget; notes stay private; a reload keeps it all', async () => {
  const errors = [];
  const page = await watchedPage(browser, errors);
  try {
    await talk(page, errors);
  } catch (failure) {
    await diagnose(page);
    throw failure;
  }
});

async function talk(page, errors) {
  await page.goto(`${HTTP}/widget?tenant=${TENANT}&inbox=${INBOX}&title=Acme%20Support`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await widgetOnline(page);
  const { conversation } = await widgetState(page);
  assert.match(conversation, /^[0-9a-f-]{36}$/);

  agent = new Centrifuge(WS, { token: AGENT, websocket: WebSocket });
  const channel = `conversation:${conversation}`;
  const seen = [];
  const sub = agent.newSubscription(channel);
  sub.on('publication', (ctx) => seen.push(ctx.data));
  sub.subscribe();
  agent.connect();
  await sub.ready(WAIT_MS);

  // The visitor writes; the agent gets it as a stored customer message.
  const input = page.getByLabel('Your message');
  await input.fill('Hello from the widget');
  await input.press('Enter');
  await until(
    () => seen.some((d) => d.type === 'message' && d.body === 'Hello from the widget' && d.author_kind === 'contact'),
    'the visitor message at the agent',
  );
  await page.locator('.msg.mine:not(.pending)').first().waitFor({ timeout: WAIT_MS });

  // The agent types: the visitor sees it.
  await agent.rpc('typing', { channel });
  await page.getByText('Support is typing…').waitFor({ timeout: WAIT_MS });

  // A private note, then a reply: the reply shows, the note never does.
  await sub.publish({ body: 'Internal: refund already approved', private: true, client_message_id: 'note-1' });
  await sub.publish({ body: 'Hi! How can I help?', client_message_id: 'reply-1' });
  await page.getByText('Hi! How can I help?').waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByText('Internal: refund already approved').count(), 0);

  // The visitor types: the agent sees a customer typing.
  await input.pressSequentially('My order', { delay: 20 });
  await until(() => seen.some((d) => d.type === 'typing' && d.user !== 'agent-1'), 'the visitor typing at the agent');
  await input.fill('My order #1042 is late');
  await input.press('Enter');
  await until(() => seen.some((d) => d.type === 'message' && d.body === 'My order #1042 is late'), 'the second message');
  await page.screenshot({ path: `${SHOTS}/widget.png` });

  // A reload comes back to the same conversation, with its history and still no note.
  await page.reload();
  await widgetOnline(page);
  assert.equal((await widgetState(page)).conversation, conversation);
  await page.getByRole('button', { name: 'Open chat' }).click();
  for (const text of ['Hello from the widget', 'Hi! How can I help?', 'My order #1042 is late']) {
    await page.getByText(text).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.getByText(text).count(), 1, `${text} shown once`);
  }
  assert.equal(await page.getByText('Internal: refund already approved').count(), 0);
  const order = await page.locator('.msg .text').allTextContents();
  assert.deepEqual(order, ['Hello from the widget', 'Hi! How can I help?', 'My order #1042 is late']);

  // What the agent says now still arrives live after the reload.
  await sub.publish({ body: 'Let me check that for you.', client_message_id: 'reply-2' });
  await page.getByText('Let me check that for you.').waitFor({ timeout: WAIT_MS });
  assert.deepEqual(errors, []);
  await page.close();
}
