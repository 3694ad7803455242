// The agent console and the chat widget in two browser sessions of Debian's Chromium: a visitor
// and an agent talk both ways, typing shows, a private note stays with the agents, an assignment
// made through REST shows up live, and the console survives being disconnected by the server
// while messages are sent, losing and doubling none. Also: the development sign-in.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { WAIT_MS, launch, widgetState, widgetOnline, diagnose, watchedPage } from './browser.mjs';

const HTTP = process.env.WIDGET_HTTP;
const TENANT = process.env.WIDGET_TENANT;
const INBOX = process.env.WIDGET_INBOX;
const AGENT = process.env.CHAT_AGENT;
const ADMIN = process.env.CHAT_ADMIN;
const SHOTS = process.env.SCREENSHOT_DIR;
const LONG = process.env.CHAT_CONVERSATION;

const browser = await launch();
after(() => browser.close());

/** Calls the REST API as `token`; the parsed answer and its ETag. */
async function rest(token, method, path, body, headers = {}) {
  const answer = await fetch(`${HTTP}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await answer.text();
  assert.ok(answer.ok, `${method} ${path}: ${answer.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, etag: answer.headers.get('ETag') };
}

const consoleOnline = (page) =>
  page.waitForFunction(() => document.body.dataset.connection === 'Online', null, { timeout: WAIT_MS });

const messageTexts = (page) => page.locator('#messages .message .body').allTextContents();

test('an agent in the console and a visitor in the widget work a conversation through', async () => {
  const consolePage = await watchedPage(browser, []);
  const visitorContext = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const widgetPage = await visitorContext.newPage();
  try {
    // The agent signs in with a token kept for the tab, as the sign-in form leaves it.
    await consolePage.addInitScript((token) => sessionStorage.setItem('switchboard:console:token', token), AGENT);
    await consolePage.goto(`${HTTP}/console`);
    await consoleOnline(consolePage);
    await consolePage.locator('#who', { hasText: 'agent-1' }).waitFor({ timeout: WAIT_MS });

    // A visitor opens the widget and writes: the conversation appears in the console by itself.
    await widgetPage.goto(`${HTTP}/widget?tenant=${TENANT}&inbox=${INBOX}`);
    await widgetPage.getByRole('button', { name: 'Open chat' }).click();
    await widgetOnline(widgetPage);
    const { conversation } = await widgetState(widgetPage);
    const visitorInput = widgetPage.getByLabel('Your message');
    await visitorInput.fill('Hello, is anyone there?');
    await visitorInput.press('Enter');
    const row = consolePage.locator(`button.conversation[data-id="${conversation}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await row.click();
    await consolePage.locator('#messages', { hasText: 'Hello, is anyone there?' }).waitFor({ timeout: WAIT_MS });

    // The agent types and answers; the visitor sees both.
    const reply = consolePage.getByLabel('Reply');
    await reply.pressSequentially('Yes', { delay: 20 });
    await widgetPage.getByText('Support is typing…').waitFor({ timeout: WAIT_MS });
    await reply.fill('Yes! How can I help?');
    await reply.press('Enter');
    await widgetPage.getByText('Yes! How can I help?').waitFor({ timeout: WAIT_MS });

    // A private note shows in the console as a note, and never in the widget.
    await consolePage.locator('#private').check();
    await reply.fill('Note: VIP customer, be quick');
    await reply.press('Enter');
    await consolePage.locator('#messages .message.note', { hasText: 'Note: VIP customer' }).waitFor({ timeout: WAIT_MS });
    await consolePage.locator('#private').uncheck();
    await reply.fill('Let me look that up.');
    await reply.press('Enter');
    await widgetPage.getByText('Let me look that up.').waitFor({ timeout: WAIT_MS });
    assert.equal(await widgetPage.getByText('Note: VIP customer').count(), 0);
    // The visitor has the widget open: the agent sees the reply read.
    await consolePage.locator('#messages .message', { hasText: 'Let me look that up.' })
      .locator('.seen', { hasText: 'Seen by the customer' })
      .waitFor({ timeout: WAIT_MS });

    // The visitor types and writes; the agent sees both live.
    await visitorInput.pressSequentially('My', { delay: 20 });
    await consolePage.locator('#typing', { hasText: 'is typing' }).waitFor({ timeout: WAIT_MS });
    await visitorInput.fill('My order #1042 is late');
    await visitorInput.press('Enter');
    await consolePage.locator('#messages', { hasText: 'My order #1042 is late' }).waitFor({ timeout: WAIT_MS });
    // The agent has the conversation open: the visitor sees the message read.
    await widgetPage.locator('.msg.mine', { hasText: 'My order #1042 is late' })
      .locator('.seen')
      .waitFor({ timeout: WAIT_MS });

    // An admin assigns the conversation to the agent through REST: the console shows it live.
    const users = (await rest(ADMIN, 'GET', '/api/v1/users?limit=200')).json.items;
    const agentRow = users.find((u) => u.external_id === 'agent-1');
    const current = await rest(ADMIN, 'GET', `/api/v1/conversations/${conversation}`);
    await rest(ADMIN, 'PATCH', `/api/v1/conversations/${conversation}`, { assignee_id: agentRow.id }, {
      'If-Match': current.etag,
    });
    await row.locator('.meta', { hasText: 'Assigned to you' }).waitFor({ timeout: WAIT_MS });
    await consolePage.locator('#conversation-meta', { hasText: 'Assigned to you' }).waitFor({ timeout: WAIT_MS });
    await consolePage.getByRole('tab', { name: 'Mine' }).click();
    await row.waitFor({ timeout: WAIT_MS });
    await consolePage.getByRole('tab', { name: 'All' }).click();

    // The server closes the agent's connections (3011: reconnect) while the visitor writes: the
    // console comes back by itself and shows every message once, in order.
    const before = await messageTexts(consolePage);
    await rest(ADMIN, 'POST', '/api/v1/hub/disconnect', { user: 'agent-1' });
    const during = ['One', 'Two', 'Three'].map((n) => `${n} while you were away`);
    for (const text of during) {
      await visitorInput.fill(text);
      await visitorInput.press('Enter');
    }
    await consoleOnline(consolePage);
    await consolePage.locator('#messages', { hasText: during[2] }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await messageTexts(consolePage), [...before, ...during]);

    await consolePage.screenshot({ path: `${SHOTS}/console.png` });
    await widgetPage.screenshot({ path: `${SHOTS}/widget-with-agent.png` });
  } catch (failure) {
    await diagnose(widgetPage);
    console.log('console:', await consolePage.locator('body').innerText().catch(() => '?'));
    throw failure;
  } finally {
    await visitorContext.close();
    await consolePage.close();
  }
});

test('the console\'s tools: AI suggestions and summary, canned responses, labels, a ticket', async () => {
  const consolePage = await watchedPage(browser, []);
  const visitorContext = await browser.newContext();
  const widgetPage = await visitorContext.newPage();
  try {
    await rest(ADMIN, 'POST', '/api/v1/canned-responses', {
      short_code: 'refund',
      content: 'Refunds reach your card within 5 business days.',
    });
    await rest(ADMIN, 'POST', '/api/v1/kb-articles', {
      title: 'Resetting your password',
      body: 'Use the Forgot password link on the sign-in page; we email you a reset link.',
      published: true,
    });
    await widgetPage.goto(`${HTTP}/widget?tenant=${TENANT}&inbox=${INBOX}`);
    await widgetPage.getByRole('button', { name: 'Open chat' }).click();
    await widgetOnline(widgetPage);
    const { conversation } = await widgetState(widgetPage);
    const visitorInput = widgetPage.getByLabel('Your message');
    await visitorInput.fill('I forgot my password, how do I reset it?');
    await visitorInput.press('Enter');

    await consolePage.addInitScript((token) => sessionStorage.setItem('switchboard:console:token', token), AGENT);
    await consolePage.goto(`${HTTP}/console`);
    await consoleOnline(consolePage);
    await consolePage.locator(`button.conversation[data-id="${conversation}"]`).click();
    await consolePage.locator('#messages', { hasText: 'I forgot my password' }).waitFor({ timeout: WAIT_MS });

    // The AI panel suggests the article; "Use" puts it in the reply.
    const suggestion = consolePage.locator('#suggestions li', { hasText: 'Resetting your password' });
    await suggestion.waitFor({ timeout: WAIT_MS * 2 });
    await suggestion.getByRole('button').click();
    const reply = consolePage.getByLabel('Reply');
    assert.match(await reply.inputValue(), /Forgot password/);
    await consolePage.getByRole('button', { name: 'Summarise' }).click();
    await consolePage.locator('#summary', { hasText: 'password' }).waitFor({ timeout: WAIT_MS * 2 });

    // "/" opens the canned responses; Enter takes one, Enter again sends it.
    await reply.fill('');
    await reply.pressSequentially('/ref', { delay: 30 });
    await consolePage.getByRole('option', { name: /\/refund/ }).waitFor({ timeout: WAIT_MS });
    await reply.press('Enter');
    assert.equal(await reply.inputValue(), 'Refunds reach your card within 5 business days.');
    await reply.press('Enter');
    await widgetPage.getByText('Refunds reach your card within 5 business days.').waitFor({ timeout: WAIT_MS });

    // A label and a ticket, seen through the API as well.
    await consolePage.getByLabel('Add a label').fill('password');
    await consolePage.getByRole('button', { name: 'Add label' }).click();
    await consolePage.locator('#labels .label', { hasText: 'password' }).waitFor({ timeout: WAIT_MS });
    const labelled = (await rest(ADMIN, 'GET', `/api/v1/conversations/${conversation}`)).json;
    assert.deepEqual(labelled.labels, ['password']);
    await consolePage.getByLabel('Label', { exact: true }).fill('password');
    await consolePage.getByLabel('Label', { exact: true }).press('Enter');
    await consolePage.waitForFunction(
      () => document.querySelectorAll('#conversations button.conversation').length === 1,
      null,
      { timeout: WAIT_MS },
    );
    assert.deepEqual(
      await consolePage.locator('#conversations button.conversation').evaluateAll((rows) => rows.map((r) => r.dataset.id)),
      [conversation],
    );
    await consolePage.getByLabel('Label', { exact: true }).fill('');
    await consolePage.getByLabel('Label', { exact: true }).press('Enter');
    await consolePage.getByLabel('Ticket subject').fill('Reset link did not arrive');
    await consolePage.getByRole('button', { name: 'Create ticket' }).click();
    await consolePage.locator('#notice', { hasText: 'Ticket created' }).waitFor({ timeout: WAIT_MS });
    const tickets = (await rest(ADMIN, 'GET', '/api/v1/tickets?limit=100')).json.items;
    assert.ok(tickets.some((t) => t.conversation_id === conversation && t.subject === 'Reset link did not arrive'));
    await consolePage.screenshot({ path: `${SHOTS}/console-tools.png` });

    // A long conversation opens at its newest page; scrolling up reads the older ones in order.
    for (let n = 1; n <= 60; n++) {
      await rest(AGENT, 'POST', `/api/v1/conversations/${LONG}/messages`, { body: `Message ${n}`, client_message_id: `long-${n}` });
    }
    await consolePage.locator(`button.conversation[data-id="${LONG}"]`).click();
    await consolePage.locator('#messages .body', { hasText: /^Message 60$/ }).waitFor({ timeout: WAIT_MS });
    assert.equal(await consolePage.locator('#messages .message').count(), 50);
    for (let page = 0; page < 3 && (await consolePage.locator('#messages .message').count()) < 60; page++) {
      await consolePage.locator('.scroll').evaluate((scroller) => {
        scroller.scrollTop = 0;
      });
      await consolePage.waitForTimeout(300);
    }
    await consolePage.locator('#messages .body', { hasText: /^Message 1$/ }).waitFor({ timeout: WAIT_MS });
    const texts = await messageTexts(consolePage);
    assert.deepEqual(texts, Array.from({ length: 60 }, (_, i) => `Message ${i + 1}`));
  } catch (failure) {
    console.log('console:', await consolePage.locator('body').innerText().catch(() => '?'));
    throw failure;
  } finally {
    await visitorContext.close();
    await consolePage.close();
  }
});

test('the list shows previews, unread counts and waits; the dashboard and the team follow live', async () => {
  const agentPage = await watchedPage(browser, []);
  const adminPage = await watchedPage(browser, []);
  const visitorContext = await browser.newContext();
  const widgetPage = await visitorContext.newPage();
  const tile = (kpi) => adminPage.locator(`#tiles [data-kpi="${kpi}"]`).getAttribute('data-value').then(Number);
  // Live means before the dashboard's own 10 s refresh could have read it.
  const LIVE_MS = 8000;
  try {
    await agentPage.addInitScript((token) => sessionStorage.setItem('switchboard:console:token', token), AGENT);
    await agentPage.goto(`${HTTP}/console`);
    await consoleOnline(agentPage);
    await adminPage.addInitScript((token) => sessionStorage.setItem('switchboard:console:token', token), ADMIN);
    await adminPage.goto(`${HTTP}/console`);
    await consoleOnline(adminPage);
    await adminPage.getByRole('button', { name: 'Dashboard' }).click();
    await adminPage.locator('#tiles [data-kpi="waiting"]').waitFor({ timeout: WAIT_MS });
    const waiting = await tile('waiting');
    const open = await tile('open');
    const messagesShown = () =>
      adminPage.locator('#chart-messages rect').evaluateAll((bars) => bars.reduce((n, bar) => n + Number(bar.dataset.count), 0));
    const messagesBefore = await messagesShown();

    // A visitor writes twice: the agent's list shows the conversation with both unread, the
    // preview of the second and how long the visitor waits; the dashboard counts one more waiting.
    await widgetPage.goto(`${HTTP}/widget?tenant=${TENANT}&inbox=${INBOX}`);
    await widgetPage.getByRole('button', { name: 'Open chat' }).click();
    await widgetOnline(widgetPage);
    const { conversation } = await widgetState(widgetPage);
    const visitorInput = widgetPage.getByLabel('Your message');
    await visitorInput.fill('Hi, I need help with my invoice');
    await visitorInput.press('Enter');
    await visitorInput.fill('It was charged twice');
    await visitorInput.press('Enter');
    const row = agentPage.locator(`button.conversation[data-id="${conversation}"]`);
    await row.locator('.preview', { hasText: 'Customer: It was charged twice' }).waitFor({ timeout: WAIT_MS });
    await agentPage.waitForFunction((id) => document.querySelector(`button.conversation[data-id="${id}"]`)?.dataset.unread === '2', conversation, { timeout: WAIT_MS });
    await row.locator('.waiting', { hasText: /^waiting \d+ s$/ }).waitFor({ timeout: WAIT_MS });
    await adminPage.waitForFunction(
      ([w, o]) => Number(document.querySelector('#tiles [data-kpi="waiting"]').dataset.value) === w + 1 &&
        Number(document.querySelector('#tiles [data-kpi="open"]').dataset.value) === o + 1,
      [waiting, open],
      { timeout: LIVE_MS },
    );
    await adminPage.waitForFunction(
      (before) => [...document.querySelectorAll('#chart-messages rect')].reduce((n, bar) => n + Number(bar.dataset.count), 0) >= before + 2,
      messagesBefore,
      { timeout: LIVE_MS },
    );
    await agentPage.screenshot({ path: `${SHOTS}/console-inbox.png` });

    // The agent opens it: read, in their list and in everyone's (stored, not only on this page).
    await row.click();
    await agentPage.locator('#messages', { hasText: 'It was charged twice' }).waitFor({ timeout: WAIT_MS });
    await agentPage.waitForFunction((id) => document.querySelector(`button.conversation[data-id="${id}"]`)?.dataset.unread === '0', conversation, { timeout: WAIT_MS });
    const stored = (await rest(ADMIN, 'GET', `/api/v1/conversations/${conversation}`)).json;
    assert.equal(stored.unread_count, 0);
    assert.equal(stored.agent_read_offset, 2);

    // The answer ends the wait: the list says so and the dashboard counts one fewer waiting.
    const reply = agentPage.getByLabel('Reply');
    await reply.fill('Sorry about that, refunding the second charge now.');
    await reply.press('Enter');
    await row.locator('.preview', { hasText: 'Agent: Sorry about that' }).waitFor({ timeout: WAIT_MS });
    await row.locator('.waiting', { hasText: /^updated / }).waitFor({ timeout: WAIT_MS });
    await adminPage.waitForFunction(
      (w) => Number(document.querySelector('#tiles [data-kpi="waiting"]').dataset.value) === w,
      waiting,
      { timeout: LIVE_MS },
    );
    const answered = (await rest(ADMIN, 'GET', '/api/v1/reports/overview')).json;
    assert.ok(answered.first_response.count >= 1);
    await adminPage.locator('#tiles [data-kpi="first_response"]:not([data-value="–"])').waitFor({ timeout: LIVE_MS });

    // Availability: the agent goes busy; the dashboard's chart and the team list see it live.
    await adminPage.locator('#chart-agents li[data-user="agent-1"][data-status="online"]').waitFor({ timeout: WAIT_MS });
    await agentPage.locator('#availability').selectOption('busy');
    await adminPage.locator('#chart-agents li[data-user="agent-1"][data-status="busy"]').waitFor({ timeout: LIVE_MS });
    await adminPage.locator('#chart-agents circle[data-status="busy"]').waitFor({ timeout: WAIT_MS });
    await agentPage.locator('#team li[data-user="agent-1"][data-status="busy"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await agentPage.locator('#availability').selectOption('online');
    await adminPage.locator('#chart-agents li[data-user="agent-1"][data-status="online"]').waitFor({ timeout: LIVE_MS });
    await adminPage.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

    // On a phone the console and the dashboard fit the width: nothing scrolls sideways.
    for (const page of [agentPage, adminPage]) {
      await page.setViewportSize({ width: 390, height: 844 });
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no sideways scrolling at 390 px',
      );
    }
    // The open conversation takes the whole phone; Back returns to the list.
    await agentPage.locator('#messages', { hasText: 'It was charged twice' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await agentPage.locator('nav.inbox').isVisible(), false);
    await agentPage.screenshot({ path: `${SHOTS}/console-phone.png` });
    await agentPage.getByRole('button', { name: 'Back to the conversations' }).click();
    await row.waitFor({ timeout: WAIT_MS });
    assert.equal(await agentPage.locator('#messages').isVisible(), false);
    await agentPage.setViewportSize({ width: 1100, height: 760 });
    await agentPage.locator('#messages').waitFor({ timeout: WAIT_MS });

    // Resolving counts in the resolution time.
    await agentPage.getByRole('button', { name: 'Resolve' }).click();
    await adminPage.waitForFunction(
      ([o]) => Number(document.querySelector('#tiles [data-kpi="open"]').dataset.value) === o,
      [open],
      { timeout: LIVE_MS },
    );
    await adminPage.locator('#tiles [data-kpi="resolution"]:not([data-value="–"])').waitFor({ timeout: LIVE_MS });
  } catch (failure) {
    console.log('agent console:', await agentPage.locator('body').innerText().catch(() => '?'));
    console.log('dashboard:', await adminPage.locator('#dashboard').innerText().catch(() => '?'));
    throw failure;
  } finally {
    await visitorContext.close();
    await agentPage.close();
    await adminPage.close();
  }
});

test('in development the console signs in with a token it makes', { skip: process.env.DEV_SIGN_IN !== '1' }, async () => {
  const page = await watchedPage(browser, []);
  await page.goto(`${HTTP}/console`);
  const form = page.locator('#dev-form');
  await form.waitFor({ timeout: WAIT_MS });
  await form.getByLabel('Tenant').fill(TENANT);
  await form.getByLabel('User').fill('admin-1');
  await form.getByLabel('Role').selectOption('admin');
  await form.getByRole('button', { name: 'Sign in for development' }).click();
  await consoleOnline(page);
  await page.locator('#who', { hasText: 'admin-1 · admin' }).waitFor({ timeout: WAIT_MS });
  // An admin sees the inbox's conversations.
  await page.locator('button.conversation').first().waitFor({ timeout: WAIT_MS });

  // The admin pages change what crud-api keeps, as the API then shows.
  await page.getByRole('button', { name: 'Admin' }).click();
  const tickets = page.locator('input[name="module-tickets"]');
  await tickets.waitFor({ timeout: WAIT_MS });
  await tickets.uncheck();
  await page.locator('#admin-notice', { hasText: 'tickets switched off' }).waitFor({ timeout: WAIT_MS });
  assert.ok(!(await rest(ADMIN, 'GET', '/api/v1/tenant')).json.modules.includes('tickets'));
  await tickets.check();
  await page.locator('#admin-notice', { hasText: 'tickets switched on' }).waitFor({ timeout: WAIT_MS });

  const create = page.getByRole('form', { name: 'Create inbox' });
  await create.getByLabel('Name').fill('Billing');
  await create.getByLabel('AI agent answers').check();
  await create.getByRole('button', { name: 'Create inbox' }).click();
  const billing = page.locator('.admin-row', { hasText: 'Billing' });
  await billing.waitFor({ timeout: WAIT_MS });
  const inbox = (await rest(ADMIN, 'GET', '/api/v1/inboxes')).json.items.find((i) => i.name === 'Billing');
  assert.equal(inbox.bot_enabled, true);
  await billing.getByLabel('Add a member to Billing').selectOption({ label: 'Ann (agent-1)' });
  await page.locator(`.admin-row[data-inbox="${inbox.id}"]`, { hasText: 'Members: Ann' }).waitFor({ timeout: WAIT_MS });
  const members = (await rest(ADMIN, 'GET', `/api/v1/inboxes/${inbox.id}/members`)).json.items;
  assert.deepEqual(members.map((m) => m.external_id), ['agent-1']);

  const canned = page.getByRole('form', { name: 'Add canned response' });
  await canned.getByLabel('Short code').fill('hello');
  await canned.getByLabel('Text').fill('Hello! Thanks for reaching out.');
  await canned.getByRole('button', { name: 'Add canned response' }).click();
  await page.locator('.admin-row', { hasText: '/hello' }).waitFor({ timeout: WAIT_MS });

  const article = page.getByRole('form', { name: 'Add article' });
  await article.getByLabel('Title').fill('Opening hours');
  await article.getByLabel('Body').fill('We answer chats from 8 to 20, Monday to Saturday.');
  await article.getByLabel('Published').check();
  await article.getByRole('button', { name: 'Add article' }).click();
  await page.locator('.admin-row', { hasText: 'Opening hours' }).waitFor({ timeout: WAIT_MS });
  const articles = (await rest(ADMIN, 'GET', '/api/v1/kb-articles?limit=100')).json.items;
  assert.ok(articles.some((a) => a.title === 'Opening hours' && a.published));
  await page.getByLabel('Role of Bob').selectOption('supervisor');
  await page.locator('#admin-notice', { hasText: 'Bob is now supervisor' }).waitFor({ timeout: WAIT_MS });
  const bob = (await rest(ADMIN, 'GET', '/api/v1/users?limit=200')).json.items.find((u) => u.external_id === 'agent-2');
  assert.equal(bob.role, 'supervisor');
  const team = page.getByRole('form', { name: 'Create team' });
  await team.getByLabel('Team name').fill('Billing experts');
  await team.getByRole('button', { name: 'Create team' }).click();
  await page.locator('.admin-row', { hasText: 'Billing experts' }).waitFor({ timeout: WAIT_MS });
  await page.screenshot({ path: `${SHOTS}/admin.png`, fullPage: true });
  await page.close();
});
