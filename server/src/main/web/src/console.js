// Switchboard's agent console: the conversations of the inboxes an agent follows, live, and the
// conversation they work in. Everything comes from the REST API and /ws (centrifuge SDK): the list
// follows the `inbox:<id>` channels, the open conversation its `conversation:<id>` channel, and
// the SDK reconnects and recovers by itself; what it cannot recover is read again from the API.
import { Centrifuge } from 'centrifuge';

const TOKEN_KEY = 'switchboard:console:token';
const TYPING_SEND_MS = 2000;
const TYPING_SHOW_MS = 4000;
const PAGE = 200;

const $ = (selector, root = document) => root.querySelector(selector);

/** Calls the API with the console's token; a problem+json answer becomes an Error. */
async function api(token, method, path, body, headers = {}) {
  const answer = await fetch(path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await answer.text();
  const json = text ? JSON.parse(text) : null;
  if (!answer.ok) {
    const error = new Error(json?.detail ?? `${method} ${path}: ${answer.status}`);
    error.status = answer.status;
    throw error;
  }
  return { json, etag: answer.headers.get('ETag') };
}

class Console {
  constructor() {
    this.conversations = new Map(); // id -> conversation
    this.filter = 'all';
    this.status = 'open';
    this.open = null; // the conversation shown
    this.lastTypingSent = 0;
  }

  async start() {
    const settings = await fetch('/console/settings').then((r) => (r.ok ? r.json() : {}));
    $('#dev-form').hidden = !settings.dev_sign_in;
    $('#token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.signIn($('#token').value.trim());
    });
    $('#dev-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const form = new FormData(e.target);
      const answer = await fetch('/console/dev-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(form.entries())),
      });
      const json = await answer.json();
      if (!answer.ok) {
        this.signInError(json.detail ?? 'could not sign in');
        return;
      }
      this.signIn(json.token);
    });
    const stored = sessionStorage.getItem(TOKEN_KEY);
    if (stored) {
      await this.signIn(stored);
    }
  }

  signInError(text) {
    $('#sign-in-error').textContent = text;
  }

  async signIn(token) {
    try {
      this.me = (await api(token, 'GET', '/api/v1/me')).json;
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.signInError(`That token was refused: ${error.message}`);
      return;
    }
    this.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#sign-in').hidden = true;
    $('#app').hidden = false;
    $('#who').textContent = `${this.me.user} · ${this.me.roles.join(', ')} · ${this.me.tenant}`;
    this.wire();
    await this.findMyself();
    this.connect();
    await this.loadList();
  }

  wire() {
    $('#sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      location.reload();
    });
    document.querySelectorAll('[role=tab]').forEach((tab) =>
      tab.addEventListener('click', () => {
        document.querySelectorAll('[role=tab]').forEach((t) => t.setAttribute('aria-selected', 'false'));
        tab.setAttribute('aria-selected', 'true');
        this.filter = tab.dataset.filter;
        this.renderList();
      }),
    );
    $('#status').addEventListener('change', (e) => {
      this.status = e.target.value;
      this.loadList();
    });
    $('#availability').addEventListener('change', (e) =>
      this.centrifuge.rpc('availability', { status: e.target.value }).catch((error) => this.notice(error.message)),
    );
    $('#composer').addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    $('#reply').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.send();
      }
    });
    $('#reply').addEventListener('input', () => this.sendTyping());
    $('#assign').addEventListener('click', () => this.change({ assignee_id: this.myUserId }));
    $('#resolve').addEventListener('click', () => this.change({ status: 'resolved' }));
    $('#reopen').addEventListener('click', () => this.change({ status: 'open' }));
  }

  /** The user row behind the token, whose id assignments name; admins may have none. */
  async findMyself() {
    try {
      const users = (await api(this.token, 'GET', '/api/v1/users?limit=200')).json.items ?? [];
      this.myUserId = users.find((u) => u.external_id === this.me.user)?.id ?? null;
    } catch {
      this.myUserId = null;
    }
    $('#assign').disabled = !this.myUserId;
    $('#assign').title = this.myUserId ? '' : 'You have no user row in this tenant to assign to';
  }

  connect() {
    const ws = `${location.origin.replace(/^http/, 'ws')}/ws`;
    this.centrifuge = new Centrifuge(ws, { token: this.token });
    this.centrifuge.on('connecting', (ctx) => this.setState('Reconnecting…', ctx.reason));
    this.centrifuge.on('connected', () => this.setState('Online'));
    this.centrifuge.on('disconnected', (ctx) => this.setState('Disconnected', ctx.reason));
    this.centrifuge.connect();
    api(this.token, 'GET', '/api/v1/inboxes')
      .then(({ json }) => {
        this.inboxes = new Map(json.items.map((i) => [i.id, i]));
        for (const inbox of json.items) {
          const sub = this.centrifuge.newSubscription(`inbox:${inbox.id}`, { recoverable: true });
          sub.on('publication', (ctx) => this.inboxEvent(ctx.data));
          sub.on('subscribed', (ctx) => {
            if (ctx.wasRecovering && !ctx.recovered) {
              this.loadList();
            }
          });
          sub.subscribe();
        }
      })
      .catch((error) => this.notice(error.message));
  }

  setState(text, reason) {
    $('#connection').textContent = text;
    $('#connection').title = reason ?? '';
    document.body.dataset.connection = text;
  }

  async loadList() {
    const { json } = await api(this.token, 'GET', `/api/v1/conversations?status=${this.status}&limit=100&sort=desc`);
    this.conversations = new Map(json.items.map((c) => [c.id, c]));
    this.renderList();
  }

  inboxEvent(event) {
    const conversation = event?.conversation;
    if (!conversation?.id) {
      return;
    }
    if (event.type === 'conversation.deleted') {
      this.conversations.delete(conversation.id);
    } else {
      this.conversations.set(conversation.id, conversation);
    }
    this.renderList();
    if (this.open?.id === conversation.id && event.type !== 'conversation.deleted') {
      this.open = { ...this.open, ...conversation };
      this.renderHeader();
    }
  }

  visible(conversation) {
    if (conversation.status !== this.status) {
      return false;
    }
    switch (this.filter) {
      case 'mine':
        return conversation.assignee_id && conversation.assignee_id === this.myUserId;
      case 'unassigned':
        return !conversation.assignee_id;
      default:
        return true;
    }
  }

  renderList() {
    const list = $('#conversations');
    const shown = [...this.conversations.values()]
      .filter((c) => this.visible(c))
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    list.replaceChildren(
      ...shown.map((c) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'conversation';
        button.dataset.id = c.id;
        button.setAttribute('aria-current', String(this.open?.id === c.id));
        const inbox = this.inboxes?.get(c.inbox_id)?.name ?? 'Inbox';
        const assignee = c.assignee_id ? (c.assignee_id === this.myUserId ? 'Assigned to you' : 'Assigned') : 'Unassigned';
        button.innerHTML = `<strong></strong><span class="meta"></span><span class="meta waiting"></span>`;
        button.querySelector('strong').textContent = `${inbox} · ${c.channel}`;
        button.querySelector('.meta').textContent = `${assignee} · ${c.status}${c.priority ? ` · ${c.priority}` : ''}`;
        button.querySelector('.waiting').textContent = `updated ${since(c.updated_at)}`;
        button.addEventListener('click', () => this.show(c.id));
        item.appendChild(button);
        return item;
      }),
    );
    $('#empty').hidden = shown.length > 0;
  }

  async show(id) {
    if (this.subscription) {
      this.subscription.unsubscribe();
      this.centrifuge.removeSubscription(this.subscription);
      this.subscription = null;
    }
    const { json, etag } = await api(this.token, 'GET', `/api/v1/conversations/${id}`);
    this.open = json;
    this.etag = etag;
    this.shownMessages = new Map();
    $('#messages').replaceChildren();
    $('#conversation').hidden = false;
    $('#placeholder').hidden = true;
    this.renderHeader();
    this.renderList();
    const sub = this.centrifuge.newSubscription(`conversation:${id}`, { recoverable: true });
    sub.on('publication', (ctx) => this.conversationEvent(ctx.data));
    sub.on('subscribed', (ctx) => {
      if (!ctx.wasRecovering || !ctx.recovered) {
        this.loadMessages(id);
      }
      this.refreshPresence(sub);
    });
    sub.on('join', () => this.refreshPresence(sub));
    sub.on('leave', () => this.refreshPresence(sub));
    this.subscription = sub;
    sub.subscribe();
    $('#reply').focus();
  }

  renderHeader() {
    const c = this.open;
    $('#conversation-title').textContent = `${this.inboxes?.get(c.inbox_id)?.name ?? 'Conversation'} · ${c.status}`;
    $('#conversation-meta').textContent = c.assignee_id
      ? c.assignee_id === this.myUserId
        ? 'Assigned to you'
        : 'Assigned to someone else'
      : 'Unassigned';
    $('#assign').hidden = Boolean(this.myUserId) && c.assignee_id === this.myUserId;
    $('#resolve').hidden = c.status === 'resolved';
    $('#reopen').hidden = c.status !== 'resolved';
  }

  async refreshPresence(sub) {
    try {
      const presence = await sub.presence();
      const customerHere = Object.values(presence.clients ?? {}).some((client) =>
        (client.connInfo?.roles ?? client.conn_info?.roles ?? []).includes('customer'),
      );
      $('#customer-presence').textContent = customerHere ? 'Customer online' : 'Customer away';
    } catch {
      $('#customer-presence').textContent = '';
    }
  }

  async loadMessages(id) {
    let after = 0;
    for (;;) {
      const { json } = await api(this.token, 'GET', `/api/v1/conversations/${id}/messages?after_offset=${after}&limit=${PAGE}`);
      if (this.open?.id !== id) {
        return;
      }
      json.items.forEach((m) => this.showMessage(m));
      if (json.items.length < PAGE) {
        return;
      }
      after = json.items[json.items.length - 1].offset;
    }
  }

  conversationEvent(data) {
    if (data?.type === 'message') {
      this.showMessage(data);
    } else if (data?.type === 'typing' && data.user !== this.me.user) {
      $('#typing').textContent = `${data.user} is typing…`;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => ($('#typing').textContent = ''), TYPING_SHOW_MS);
    } else if (data?.type === 'bot.delta') {
      $('#typing').textContent = 'The AI agent is answering…';
    }
  }

  showMessage(message) {
    if (!this.shownMessages || this.shownMessages.has(message.id)) {
      return;
    }
    if (message.author_kind === 'contact' || message.author_kind === 'bot') {
      $('#typing').textContent = '';
    }
    const item = document.createElement('li');
    item.className = `message ${message.author_kind}${message.private ? ' note' : ''}`;
    item.dataset.offset = message.offset;
    item.innerHTML = '<div class="who"></div><div class="body"></div>';
    const author = { contact: 'Customer', bot: 'AI agent', system: 'System' }[message.author_kind] ?? message.author_id;
    item.querySelector('.who').textContent =
      `${author}${message.private ? ' · private note' : ''} · ${new Date(message.created_at).toLocaleTimeString()}`;
    item.querySelector('.body').textContent = message.body;
    this.shownMessages.set(message.id, item);
    const list = $('#messages');
    const later = [...list.children].find((other) => Number(other.dataset.offset) > message.offset);
    list.insertBefore(item, later ?? null);
    list.parentElement.scrollTop = list.parentElement.scrollHeight;
  }

  async send() {
    const body = $('#reply').value.trim();
    if (!body || !this.subscription) {
      return;
    }
    const note = $('#private').checked;
    $('#reply').value = '';
    try {
      await this.subscription.publish({
        body,
        private: note,
        client_message_id: `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      });
    } catch (error) {
      $('#reply').value = body;
      this.notice(`Not sent: ${error.message ?? error}`);
    }
  }

  /**
   * Tells the channel the agent is typing: at once, then at most once per TYPING_SEND_MS, with one
   * more at the end of a window in which keys were pressed, so no burst of typing goes unseen.
   */
  sendTyping() {
    if (!this.subscription) {
      return;
    }
    const wait = this.lastTypingSent + TYPING_SEND_MS - Date.now();
    if (wait <= 0) {
      this.lastTypingSent = Date.now();
      this.centrifuge.rpc('typing', { channel: `conversation:${this.open.id}` }).catch(() => {});
    } else if (!this.typingPending) {
      this.typingPending = setTimeout(() => {
        this.typingPending = null;
        this.sendTyping();
      }, wait);
    }
  }


  async change(fields) {
    try {
      const { json, etag } = await api(this.token, 'PATCH', `/api/v1/conversations/${this.open.id}`, fields, {
        'If-Match': this.etag,
      });
      this.open = json;
      this.etag = etag;
      this.conversations.set(json.id, json);
      this.renderHeader();
      this.renderList();
    } catch (error) {
      if (error.status === 412) {
        await this.show(this.open.id); // someone changed it meanwhile: show what is current
      }
      this.notice(error.message);
    }
  }

  notice(text) {
    $('#notice').textContent = text;
  }
}

function since(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

window.switchboardConsole = new Console();
window.switchboardConsole.start();
