// The AI agent answering a visitor in the chat widget, in Debian's Chromium: the reply streams in
// and is then stored, and the visitor sees it once, naming the article it comes from.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { WAIT_MS, launch, widgetOnline, diagnose, watchedPage } from './browser.mjs';

const HTTP = process.env.WIDGET_HTTP;
const TENANT = process.env.WIDGET_TENANT;
const INBOX = process.env.WIDGET_INBOX;
const SHOTS = process.env.SCREENSHOT_DIR;

const browser = await launch();
after(() => browser.close());

test('the AI agent answers a visitor from the knowledge base', async () => {
  const errors = [];
  const page = await watchedPage(browser, errors);
  try {
    await page.goto(`${HTTP}/widget?tenant=${TENANT}&inbox=${INBOX}&title=Acme%20Help`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await widgetOnline(page);
    const input = page.getByLabel('Your message');
    await input.fill('I forgot my password, how do I get a new one?');
    await input.press('Enter');
    const answer = page.locator('.msg.theirs[data-id]', { hasText: 'Resetting your password' });
    await answer.waitFor({ timeout: WAIT_MS * 2 });
    assert.match(await answer.textContent(), /Assistant/);
    assert.match(await answer.textContent(), /Forgot password/);
    // The streamed draft gave way to the stored reply: one answer, not two.
    assert.equal(await page.locator('.msg.theirs').count(), 1);
    await page.screenshot({ path: `${SHOTS}/widget-bot.png` });
    assert.deepEqual(errors, []);
  } catch (failure) {
    await diagnose(page);
    throw failure;
  }
});
