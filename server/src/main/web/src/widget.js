// Switchboard's chat widget: a launcher button and a chat panel that a tenant puts on its website
// with one script tag. The visitor needs no account: the widget opens a visitor session
// (POST /api/v1/visitor-sessions), keeps its resume credential in localStorage so that a reload
// or a later visit comes back to the same conversation, and talks over /ws with the centrifuge
// SDK: messages are stored before they are acknowledged, typing and the bot's streamed replies
// arrive as notices, and the SDK reconnects and recovers what it missed by itself. Where the
// tenant takes calls, a call button talks to it from the microphone (widget-call.js).
//
//   <script src="https://switchboard.example/assets/widget.js"
//           data-tenant="acme" data-inbox="<chat inbox id>" async></script>
import { Centrifuge } from 'centrifuge';
import { typingNotifier } from './typing.js';
import { CALL_BAR, CALL_BUTTON, CALL_STYLE, WidgetCall } from './widget-call.js';

const TYPING_SHOW_MS = 4000; // how long "is typing" stays after the last notice
const HISTORY_PAGE = 200; // the most messages the API answers at once

// A speech bubble drawn inline: emoji fonts are not on every machine.
const CHAT_ICON =
  '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/>' +
  '</svg>';

const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%;
  border: none; background: #2453d4; color: #fff; cursor: pointer; display: grid; place-items: center;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: min(380px, calc(100vw - 24px));
  height: min(560px, calc(100vh - 110px)); background: #fff; color: #1b1f24; border-radius: 14px;
  box-shadow: 0 8px 30px rgba(0,0,0,.28); display: flex; flex-direction: column; overflow: hidden;
  z-index: 2147483000; }
.panel[hidden] { display: none; }
header { background: #2453d4; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
header h2 { margin: 0; font-size: 16px; flex: 1; }
header .state { font-size: 12px; opacity: .9; }
header button { background: transparent; border: none; color: #fff; font-size: 20px; cursor: pointer; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f5f7fb; }
.msg { max-width: 80%; padding: 8px 11px; border-radius: 12px; line-height: 1.35; font-size: 14px;
  white-space: pre-wrap; word-wrap: break-word; }
.msg .who { display: block; font-size: 11px; opacity: .7; margin-bottom: 2px; }
.msg.mine { align-self: flex-end; background: #2453d4; color: #fff; }
.msg.theirs { align-self: flex-start; background: #fff; border: 1px solid #dde3ee; }
.msg.pending { opacity: .6; }
.msg.failed { border: 1px solid #c0392b; }
.msg .seen { display: block; font-size: 10px; opacity: .8; text-align: right; margin-top: 2px; }
.typing { min-height: 18px; padding: 0 14px; font-size: 12px; color: #5a6472; background: #f5f7fb; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e3e7ee; }
textarea { flex: 1; resize: none; border: 1px solid #c9d1de; border-radius: 8px; padding: 8px; font-size: 14px; height: 40px; }
form button { background: #2453d4; color: #fff; border: none; border-radius: 8px; padding: 0 14px; font-size: 14px; cursor: pointer; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
${CALL_STYLE}`;

/** The widget for one tenant's chat inbox, mounted into `host`. */
class ChatWidget {
  constructor(host, { server, tenant, inbox, title }) {
    this.server = server.replace(/\/$/, '');
    this.tenant = tenant;
    this.inbox = inbox;
    this.storageKey = `switchboard:visitor:${tenant}:${inbox}`;
    this.shown = new Map(); // message id -> element, so a message is shown once
    this.drafts = new Map(); // bot turn id -> element with the streamed text
    this.root = host.attachShadow({ mode: 'open' });
    this.root.innerHTML = `
      <style>${STYLE}</style>
      <button class="launcher" type="button" aria-expanded="false" aria-controls="sb-panel"
        aria-label="Open chat">${CHAT_ICON}</button>
      <section class="panel" id="sb-panel" role="dialog" aria-label="${escapeHtml(title)}" hidden>
        <header>
          <h2>${escapeHtml(title)}</h2>
          <span class="state" role="status" aria-live="polite">Connecting…</span>
          ${CALL_BUTTON}
          <button class="close" type="button" aria-label="Close chat">×</button>
        </header>
        ${CALL_BAR}
        <div class="log" role="log" aria-live="polite" aria-label="Messages"></div>
        <div class="typing" aria-live="polite"></div>
        <form>
          <label class="sr" for="sb-input">Your message</label>
          <textarea id="sb-input" placeholder="Write a message…" maxlength="4000"></textarea>
          <button type="submit">Send</button>
        </form>
      </section>`;
    this.launcher = this.root.querySelector('.launcher');
    this.panel = this.root.querySelector('.panel');
    this.state = this.root.querySelector('.state');
    this.log = this.root.querySelector('.log');
    this.typing = this.root.querySelector('.typing');
    this.input = this.root.querySelector('textarea');
    this.launcher.addEventListener('click', () => this.toggle());
    this.root.querySelector('.close').addEventListener('click', () => this.toggle(false));
    this.root.querySelector('form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.send();
      } else if (e.key === 'Escape') {
        this.toggle(false);
      }
    });
    this.input.addEventListener('input', () => this.sendTyping());
    this.call = new WidgetCall(this.root, host, { server: this.server, token: async () => (await this.session(false)).token });
    // A visitor who already talked comes back to the conversation without opening the panel.
    if (localStorage.getItem(this.storageKey)) {
      this.start();
    }
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    if (open) {
      this.start();
      this.input.focus();
      const newest = [...this.log.querySelectorAll('.msg[data-offset]')].pop();
      if (newest) {
        this.markRead(Number(newest.dataset.offset));
      }
    } else {
      this.launcher.focus();
    }
  }

  /** Opens the session and the connection once. */
  start() {
    if (!this.started) {
      this.started = this.connect().catch((error) => {
        this.started = null;
        this.setState(`Not connected: ${error.message}`);
      });
    }
    return this.started;
  }

  async connect() {
    const session = await this.session(false);
    this.host().dataset.conversation = session.conversation_id;
    this.call.offer(session.voice === true);
    this.channel = `conversation:${session.conversation_id}`;
    this.me = session.user;
    this.centrifuge = new Centrifuge(`${this.server.replace(/^http/, 'ws')}/ws`, {
      token: session.token,
      // Called when the token expires: the resume credential brings a fresh one for the same
      // visitor.
      getToken: async () => (await this.session(true)).token,
    });
    this.centrifuge.on('connecting', () => this.setState('Reconnecting…'));
    this.centrifuge.on('connected', () => this.setState('Online'));
    this.centrifuge.on('disconnected', () => this.setState('Offline'));
    this.subscription = this.centrifuge.newSubscription(this.channel, { recoverable: true });
    this.subscription.on('publication', (ctx) => this.received(ctx.data));
    // After a reconnect that could not recover, the stored history is read again.
    this.subscription.on('subscribed', (ctx) => {
      if (!ctx.wasRecovering || !ctx.recovered) {
        this.loadHistory(session).catch(() => {});
      }
    });
    this.subscription.subscribe();
    this.centrifuge.connect();
  }

  host() {
    return this.root.host;
  }

  /** The stored session, or a new or resumed one from the server. */
  async session(refresh) {
    const stored = readJson(localStorage.getItem(this.storageKey));
    // A session stored before sessions told whether the tenant takes calls is renewed once.
    if (!refresh && stored && 'voice' in stored && Date.parse(stored.expires_at) - Date.now() > 60_000) {
      return stored;
    }
    let answer = await this.openSession(stored?.resume);
    if (answer.status === 401 && stored) {
      // A credential from another server or too old: this visitor starts again.
      answer = await this.openSession(undefined);
    }
    if (!answer.ok) {
      const problem = readJson(await answer.text());
      throw new Error(problem?.detail ?? `the server answered ${answer.status}`);
    }
    const session = await answer.json();
    localStorage.setItem(this.storageKey, JSON.stringify(session));
    return session;
  }

  openSession(resume) {
    const body = { tenant: this.tenant, inbox_id: this.inbox };
    if (resume) {
      body.resume = resume;
    }
    return fetch(`${this.server}/api/v1/visitor-sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Reads the stored conversation, page by page from the start, and shows what is new. */
  async loadHistory(session) {
    let after = 0;
    for (;;) {
      const answer = await fetch(
        `${this.server}/api/v1/conversations/${session.conversation_id}/messages?after_offset=${after}&limit=${HISTORY_PAGE}`,
        { headers: { Authorization: `Bearer ${session.token}` } },
      );
      if (!answer.ok) {
        return;
      }
      const items = (await answer.json()).items ?? [];
      items.forEach((message) => this.showMessage(message));
      if (items.length < HISTORY_PAGE) {
        return;
      }
      after = items[items.length - 1].offset;
    }
  }

  received(data) {
    if (!data || typeof data !== 'object') {
      return;
    }
    if (data.type === 'message') {
      this.showMessage(data);
    } else if (data.type === 'typing' && data.user !== this.me) {
      this.showTyping();
    } else if (data.type === 'bot.delta') {
      this.showBotDelta(data);
    } else if (data.type === 'read' && data.user !== this.me) {
      this.supportRead = Math.max(this.supportRead ?? 0, data.offset);
      this.renderSeen();
    }
  }

  showMessage(message) {
    if (message.private) {
      return; // the hub never sends notes to customers; this keeps it so whatever arrives
    }
    const key = message.id ?? `c:${message.client_message_id}`;
    const pending = message.client_message_id && this.shown.get(`c:${message.client_message_id}`);
    if (this.shown.has(message.id)) {
      return;
    }
    // A bot's stored reply replaces the draft its notices streamed.
    if (message.author_kind === 'bot') {
      this.drafts.forEach((draft) => draft.remove());
      this.drafts.clear();
    }
    this.typing.textContent = '';
    const element = pending ?? this.bubble(message.author_kind === 'contact');
    element.classList.remove('pending', 'failed');
    element.dataset.id = message.id;
    element.dataset.offset = message.offset;
    element.querySelector('.who').textContent = who(message);
    element.querySelector('.text').textContent = message.body;
    this.shown.set(message.id ?? key, element);
    this.placeInOrder(element);
    this.renderSeen();
    this.markRead(message.offset);
  }

  /** Tells support what the visitor has read: only while the panel is open and in view. */
  markRead(offset) {
    if (
      this.panel.hidden ||
      document.visibilityState !== 'visible' ||
      !this.centrifuge ||
      offset <= (this.readSent ?? 0)
    ) {
      return;
    }
    this.readSent = offset;
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(
      () => this.centrifuge.rpc('read', { channel: this.channel, offset: this.readSent }).catch(() => {}),
      300,
    );
  }

  /** "Seen" under the visitor's newest message that support has read. */
  renderSeen() {
    this.log.querySelectorAll('.seen').forEach((seen) => seen.remove());
    const read = [...this.log.querySelectorAll('.msg.mine[data-offset]')].filter(
      (element) => Number(element.dataset.offset) <= (this.supportRead ?? 0),
    );
    const last = read[read.length - 1];
    if (last) {
      const seen = document.createElement('span');
      seen.className = 'seen';
      seen.textContent = 'Seen';
      last.appendChild(seen);
    }
  }

  /** Keeps messages in the order of their offsets, whatever order they arrived in. */
  placeInOrder(element) {
    const offset = Number(element.dataset.offset);
    const later = [...this.log.querySelectorAll('.msg[data-offset]')].find(
      (other) => other !== element && Number(other.dataset.offset) > offset,
    );
    if (later) {
      this.log.insertBefore(element, later);
    } else if (!element.isConnected || element.nextSibling) {
      this.log.appendChild(element);
    }
    this.log.scrollTop = this.log.scrollHeight;
  }

  showBotDelta(delta) {
    let draft = this.drafts.get(delta.turn_id);
    if (!draft) {
      draft = this.bubble(false);
      draft.querySelector('.who').textContent = 'Assistant';
      this.drafts.set(delta.turn_id, draft);
      this.log.appendChild(draft);
    }
    draft.querySelector('.text').textContent += delta.text ?? '';
    this.log.scrollTop = this.log.scrollHeight;
  }

  showTyping() {
    this.typing.textContent = 'Support is typing…';
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => (this.typing.textContent = ''), TYPING_SHOW_MS);
  }

  bubble(mine) {
    const element = document.createElement('div');
    element.className = `msg ${mine ? 'mine' : 'theirs'}`;
    element.innerHTML = '<span class="who"></span><span class="text"></span>';
    return element;
  }

  async send() {
    const body = this.input.value.trim();
    if (!body || !this.subscription) {
      return;
    }
    this.input.value = '';
    const clientId = `w-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const element = this.bubble(true);
    element.classList.add('pending');
    element.querySelector('.who').textContent = 'You';
    element.querySelector('.text').textContent = body;
    this.shown.set(`c:${clientId}`, element);
    this.log.appendChild(element);
    this.log.scrollTop = this.log.scrollHeight;
    // One at a time, so messages are stored (and numbered) in the order they were written;
    // acknowledged means stored, and the SDK waits for the connection if it is away.
    const subscription = this.subscription;
    this.sending = (this.sending ?? Promise.resolve()).then(() =>
      subscription.publish({ body, client_message_id: clientId }).then(
        () => element.classList.remove('pending'),
        (error) => {
          element.classList.add('failed');
          element.title = `Not sent: ${error.message ?? error}`;
        },
      ),
    );
    await this.sending;
  }

  sendTyping() {
    if (!this.centrifuge || !this.channel) {
      return;
    }
    this.notifyTyping ??= typingNotifier(() => this.centrifuge.rpc('typing', { channel: this.channel }).catch(() => {}));
    this.notifyTyping();
  }



  setState(text) {
    this.state.textContent = text;
    this.host().dataset.state = text;
  }
}

function who(message) {
  switch (message.author_kind) {
    case 'contact':
      return 'You';
    case 'bot':
      return 'Assistant';
    default:
      return 'Support';
  }
}

function readJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Mounts itself from its own script tag's data attributes.
const script = document.currentScript;
if (script?.dataset.tenant && script?.dataset.inbox) {
  const host = document.createElement('div');
  host.id = 'switchboard-widget';
  document.body.appendChild(host);
  const server = script.dataset.server ?? new URL(script.src, location.href).origin;
  window.switchboardWidget = new ChatWidget(host, {
    server,
    tenant: script.dataset.tenant,
    inbox: script.dataset.inbox,
    title: script.dataset.title ?? 'Chat with us',
  });
}
