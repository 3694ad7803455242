// Switchboard's agent console: the conversations of the inboxes an agent follows, live, and the
// conversation they work in. Everything comes from the REST API and /ws (centrifuge SDK): the list
// follows the `inbox:<id>` channels, the open conversation its `conversation:<id>` channel, and
// the SDK reconnects and recovers by itself; what it cannot recover is read again from the API.
import { Centrifuge } from 'centrifuge';
import { typingNotifier } from './typing.js';
import { api } from './api.js';
import { AdminPages } from './admin.js';
import { Agents } from './agents.js';
import { CallsPanel } from './console-calls.js';
import { Dashboard } from './dashboard.js';

const TOKEN_KEY = 'switchboard:console:token';
const TYPING_SHOW_MS = 4000;
const PAGE = 200;
const HISTORY_PAGE = 50; // messages read at once when paging back
const LATE_MS = 5 * 60 * 1000; // a customer waiting longer is shown in red

const $ = (selector, root = document) => root.querySelector(selector);

class Console {
  constructor() {
    this.conversations = new Map(); // id -> conversation
    this.filter = 'all';
    this.status = 'open';
    this.open = null; // the conversation shown
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
    this.modules = await api(token, 'GET', '/api/v1/tenant')
      .then(({ json }) => json.modules ?? [])
      .catch(() => []);
    await this.findMyself();
    this.connect();
    this.calls = CallsPanel.mount(this);
    await this.loadList();
    // Waiting times and "updated" ages move on by themselves.
    setInterval(() => this.renderList(), 15000);
  }

  wire() {
    if (this.me.roles.includes('admin')) {
      $('#admin-toggle').hidden = false;
      $('#admin-toggle').addEventListener('click', () => this.toggleView('admin'));
    }
    if (this.me.roles.includes('admin') || this.me.roles.includes('supervisor')) {
      $('#dashboard-toggle').hidden = false;
      $('#dashboard-toggle').addEventListener('click', () => this.toggleView('dashboard'));
    }
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
    $('#inbox-filter').addEventListener('change', () => this.loadList());
    $('#label-filter').addEventListener('change', () => this.loadList());
    $('#label-filter').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        this.loadList();
      }
    });
    $('#availability').addEventListener('change', (e) =>
      this.centrifuge.rpc('availability', { status: e.target.value }).catch((error) => this.notice(error.message)),
    );
    $('#composer').addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    $('#reply').addEventListener('keydown', (e) => {
      if (this.cannedKey(e)) {
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        this.send();
      }
    });
    $('#messages').parentElement.addEventListener('scroll', (e) => {
      if (e.target.scrollTop < 40 && this.open && this.oldestShown) {
        this.loadOlder(this.open.id, this.oldestShown);
      }
    });
    $('#reply').addEventListener('input', () => {
      this.sendTyping();
      this.cannedLookup();
    });
    $('#label-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const label = $('#new-label').value.trim();
      if (label && !this.open.labels.includes(label)) {
        this.change({ labels: [...this.open.labels, label] });
      }
      $('#new-label').value = '';
    });
    $('#ticket-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.createTicket();
    });
    $('#summarise').addEventListener('click', () => this.summarise());
    // A tab closed right after reading still stores what was read (keepalive outlives the page).
    window.addEventListener('pagehide', () => {
      clearTimeout(this.readTimer);
      this.readPending?.();
    });
    $('#back').addEventListener('click', () => {
      $('#app').classList.remove('conversation-open');
      $(`button.conversation[data-id="${this.open?.id}"]`)?.focus();
    });
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
    this.agents = new Agents(this.centrifuge);
    this.agents.listen((agents) => this.renderTeam(agents));
    api(this.token, 'GET', '/api/v1/inboxes')
      .then(({ json }) => {
        this.inboxes = new Map(json.items.map((i) => [i.id, i]));
        $('#inbox-filter').append(
          ...json.items.map((inbox) => {
            const option = document.createElement('option');
            option.value = inbox.id;
            option.textContent = inbox.name;
            return option;
          }),
        );
        this.renderList();
        for (const inbox of json.items) {
          const sub = this.centrifuge.newSubscription(`inbox:${inbox.id}`, { recoverable: true });
          sub.on('publication', (ctx) => this.inboxEvent(ctx.data));
          sub.on('publication', (ctx) => this.calls?.inboxEvent(ctx.data));
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
    const query = new URLSearchParams({ status: this.status, limit: '100', sort: 'desc' });
    if ($('#inbox-filter').value) {
      query.set('inbox_id', $('#inbox-filter').value);
    }
    if ($('#label-filter').value.trim()) {
      query.set('label', $('#label-filter').value.trim());
    }
    const { json } = await api(this.token, 'GET', `/api/v1/conversations?${query}`);
    this.conversations = new Map(json.items.map((c) => [c.id, c]));
    this.renderList();
  }

  /** The team's availability, as the hub tells it live. */
  renderTeam(agents) {
    $('#team').replaceChildren(
      ...agents.list().map((agent) => {
        const item = document.createElement('li');
        item.dataset.user = agent.user;
        item.dataset.status = agent.status;
        item.innerHTML = '<span class="dot" aria-hidden="true"></span><span></span>';
        item.firstChild.classList.add(agent.status);
        item.lastChild.textContent = `${agent.user}${agent.user === this.me.user ? ' (you)' : ''} · ${agent.status}`;
        return item;
      }),
    );
  }

  inboxEvent(event) {
    this.dashboard?.changed();
    if (event?.type === 'message.created' && event.message) {
      this.messageListed(event.message);
      return;
    }
    const conversation = event?.conversation;
    if (!conversation?.id) {
      return;
    }
    if (event.type === 'conversation.deleted') {
      this.conversations.delete(conversation.id);
    } else {
      this.conversations.set(conversation.id, fresher(this.conversations.get(conversation.id), conversation));
    }
    this.renderList();
    if (this.open?.id === conversation.id && event.type !== 'conversation.deleted') {
      this.open = { ...this.open, ...conversation };
      this.renderHeader();
    }
  }

  /**
   * A message stored in a listed conversation: its preview, unread count and wait move on. Events
   * of one inbox may come out of order (each is published by whichever node claims it first), so
   * a message that does not follow the last one known reads the conversation again instead.
   */
  messageListed(message) {
    const c = this.conversations.get(message.conversation_id);
    if (c && message.offset <= c.last_offset) {
      return; // already in what the list holds
    }
    if (!c || message.offset !== c.last_offset + 1) {
      this.reread(message.conversation_id);
      return;
    }
    const next = { ...c, last_offset: message.offset, updated_at: message.created_at };
    if (!message.private) {
      next.last_message_at = message.created_at;
      next.last_message_author = message.author_kind;
      next.last_message_preview = message.preview;
      if (message.author_kind === 'contact') {
        next.waiting_since = c.waiting_since ?? message.created_at;
        // The open conversation is being read: its mark follows as soon as the message shows.
        next.unread_count = (c.unread_count ?? 0) + (this.open?.id === c.id ? 0 : 1);
      } else {
        next.waiting_since = null;
      }
    }
    this.conversations.set(c.id, next);
    this.renderList();
  }

  /** Reads one conversation again from the API, once for a burst of events about it. */
  reread(id) {
    this.rereading ??= new Map();
    clearTimeout(this.rereading.get(id));
    this.rereading.set(
      id,
      setTimeout(async () => {
        this.rereading.delete(id);
        try {
          const { json } = await api(this.token, 'GET', `/api/v1/conversations/${id}`);
          this.conversations.set(id, fresher(this.conversations.get(id), json));
          this.renderList();
        } catch {
          // Gone or no longer visible: the list keeps what it had until it is read again.
        }
      }, 200),
    );
  }

  visible(conversation) {
    const inbox = $('#inbox-filter').value;
    const label = $('#label-filter').value.trim();
    if (
      conversation.status !== this.status ||
      (inbox && conversation.inbox_id !== inbox) ||
      (label && !(conversation.labels ?? []).includes(label))
    ) {
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
        button.innerHTML =
          '<span class="line"><strong></strong><span class="unread"></span></span>' +
          '<span class="preview"></span><span class="meta"></span><span class="meta waiting"></span>';
        button.querySelector('strong').textContent = `${inbox} · ${c.channel}`;
        const unread = c.unread_count ?? 0;
        button.querySelector('.unread').textContent = unread > 0 ? String(unread) : '';
        button.querySelector('.unread').hidden = unread === 0;
        button.querySelector('.unread').setAttribute('aria-label', `${unread} unread`);
        button.dataset.unread = String(unread);
        const who = { contact: 'Customer', agent: 'Agent', bot: 'AI agent', system: 'System' }[c.last_message_author] ?? '';
        button.querySelector('.preview').textContent = c.last_message_preview ? `${who}: ${c.last_message_preview}` : 'No messages yet';
        button.querySelector('.meta').textContent = `${assignee} · ${c.status}${c.priority ? ` · ${c.priority}` : ''}`;
        const waiting = button.querySelector('.waiting');
        waiting.textContent = c.waiting_since && c.status === 'open' ? `waiting ${since(c.waiting_since, '')}` : `updated ${since(c.updated_at)}`;
        waiting.classList.toggle('late', Boolean(c.waiting_since) && Date.now() - Date.parse(c.waiting_since) > LATE_MS);
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
    this.customerRead = 0;
    this.readSent = 0;
    this.customer = null;
    api(this.token, 'GET', `/api/v1/contacts/${json.contact_id}`)
      .then(({ json: contact }) => {
        this.customer = contact.external_id;
      })
      .catch(() => {});
    $('#messages').replaceChildren();
    $('#conversation').hidden = false;
    $('#placeholder').hidden = true;
    $('#app').classList.add('conversation-open');
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
    this.oldestShown = null;
    this.olderExhausted = false;
    sub.on('join', () => this.refreshPresence(sub));
    sub.on('leave', () => this.refreshPresence(sub));
    this.subscription = sub;
    sub.subscribe();
    $('#assist').hidden = !this.modules.includes('ai');
    $('#ticket-form').hidden = !this.modules.includes('tickets');
    $('#summary').textContent = '';
    this.refreshAssist();
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
    $('#labels').replaceChildren(
      ...(c.labels ?? []).map((label) => {
        const chip = document.createElement('span');
        chip.className = 'label';
        chip.textContent = label;
        return chip;
      }),
    );
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

  /**
   * The newest page when nothing is shown yet; after a reconnect that could not recover, every
   * message after the newest shown, so the gap is filled and nothing shows twice.
   */
  async loadMessages(id) {
    const shown = [...$('#messages').children].map((item) => Number(item.dataset.offset));
    if (shown.length === 0) {
      await this.loadOlder(id, Number.MAX_SAFE_INTEGER);
      return;
    }
    let after = Math.max(...shown);
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

  /** One page of older messages, kept in view where the agent was reading. */
  async loadOlder(id, before) {
    if (this.loadingOlder || this.olderExhausted) {
      return;
    }
    this.loadingOlder = true;
    try {
      const { json } = await api(this.token, 'GET', `/api/v1/conversations/${id}/messages?before_offset=${before}&limit=${HISTORY_PAGE}`);
      if (this.open?.id !== id) {
        return;
      }
      const scroller = $('#messages').parentElement;
      const fromBottom = scroller.scrollHeight - scroller.scrollTop;
      const first = before === Number.MAX_SAFE_INTEGER;
      json.items.forEach((m) => this.showMessage(m, { older: !first }));
      if (json.items.length) {
        this.oldestShown = Math.min(this.oldestShown ?? Infinity, json.items[json.items.length - 1].offset);
      }
      this.olderExhausted = json.items.length < HISTORY_PAGE;
      scroller.scrollTop = first ? scroller.scrollHeight : scroller.scrollHeight - fromBottom;
    } finally {
      this.loadingOlder = false;
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
    } else if (data?.type === 'read' && data.user !== this.me.user && data.user === this.customer) {
      this.customerRead = Math.max(this.customerRead, data.offset);
      this.renderSeen();
    }
  }

  showMessage(message, { older = false } = {}) {
    if (!this.shownMessages || this.shownMessages.has(message.id)) {
      return;
    }
    if (message.author_kind === 'contact' || message.author_kind === 'bot') {
      $('#typing').textContent = '';
    }
    if (message.author_kind === 'contact') {
      clearTimeout(this.assistTimer);
      this.assistTimer = setTimeout(() => this.refreshAssist(), 300);
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
    if (!older) {
      list.parentElement.scrollTop = list.parentElement.scrollHeight;
    }
    this.renderSeen();
    this.markRead(message.offset);
  }

  /** Tells the conversation what this agent has read, once the page is in view. */
  markRead(offset) {
    if (offset <= this.readSent || document.visibilityState !== 'visible' || !this.subscription) {
      return;
    }
    this.readSent = offset;
    clearTimeout(this.readTimer);
    const id = this.open.id;
    this.readPending = () => {
      this.readPending = null;
      const upTo = this.readSent;
      this.centrifuge.rpc('read', { channel: `conversation:${id}`, offset: upTo }).catch(() => {});
      // The stored read mark clears the unread count in every agent's list.
      if (upTo > (this.conversations.get(id)?.agent_read_offset ?? 0)) {
        api(this.token, 'POST', `/api/v1/conversations/${id}/read`, { offset: upTo }, {}, { keepalive: true })
          .then(({ json }) => {
            this.conversations.set(id, fresher(this.conversations.get(id), json));
            this.renderList();
          })
          .catch(() => {});
      }
    };
    this.readTimer = setTimeout(() => this.readPending?.(), 300);
  }

  /** "Seen" under the newest public agent or bot message the customer has read. */
  renderSeen() {
    document.querySelectorAll('#messages .seen').forEach((seen) => seen.remove());
    const read = [...document.querySelectorAll('#messages .message.agent:not(.note), #messages .message.bot')].filter(
      (item) => Number(item.dataset.offset) <= this.customerRead,
    );
    const last = read[read.length - 1];
    if (last) {
      const seen = document.createElement('div');
      seen.className = 'seen';
      seen.textContent = 'Seen by the customer';
      last.appendChild(seen);
    }
  }

  async send() {
    const body = $('#reply').value.trim();
    if (!body || !this.subscription) {
      return;
    }
    const note = $('#private').checked;
    $('#reply').value = '';
    // One at a time, so replies are stored in the order they were written.
    const subscription = this.subscription;
    const data = {
      body,
      private: note,
      client_message_id: `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    };
    this.sending = (this.sending ?? Promise.resolve()).then(() =>
      subscription.publish(data).catch((error) => {
        $('#reply').value = body;
        this.notice(`Not sent: ${error.message ?? error}`);
      }),
    );
    await this.sending;
  }

  sendTyping() {
    if (!this.subscription) {
      return;
    }
    this.notifyTyping ??= typingNotifier(() => this.centrifuge.rpc('typing', { channel: `conversation:${this.open.id}` }).catch(() => {}));
    this.notifyTyping();
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

  /** Switches between the inbox and the admin pages. */
  /** Shows the admin pages or the dashboard in place of the inbox, or the inbox again. */
  toggleView(view) {
    const next = this.view === view ? 'inbox' : view;
    this.view = next;
    $('#admin').hidden = next !== 'admin';
    $('#dashboard').hidden = next !== 'dashboard';
    $('#app').classList.toggle('admin-open', next !== 'inbox');
    $('#admin-toggle').setAttribute('aria-pressed', String(next === 'admin'));
    $('#dashboard-toggle').setAttribute('aria-pressed', String(next === 'dashboard'));
    $('#admin-toggle').textContent = next === 'admin' ? 'Inbox' : 'Admin';
    $('#dashboard-toggle').textContent = next === 'dashboard' ? 'Inbox' : 'Dashboard';
    if (next === 'admin') {
      this.admin ??= new AdminPages(this.token, $('#admin'), (text, ok) => this.adminNotice(text, ok));
      this.admin.show();
    }
    if (next === 'dashboard') {
      this.dashboard ??= new Dashboard(this.token, $('#dashboard'), this.agents, (text) => this.notice(text));
      this.dashboard.show();
    } else {
      this.dashboard?.hide();
    }
    if (next === 'inbox') {
      this.loadList();
    }
  }


  adminNotice(text, ok) {
    let line = $('#admin-notice');
    if (!line) {
      line = document.createElement('p');
      line.id = 'admin-notice';
      line.setAttribute('role', 'status');
      $('#admin').prepend(line);
    }
    line.textContent = text;
    line.className = ok ? 'ok' : 'error';
  }

  /** The AI agent's suggestions for the customer's newest message, where the tenant has AI. */
  async refreshAssist() {
    if (!this.open || !this.modules.includes('ai')) {
      return;
    }
    const id = this.open.id;
    try {
      const { json } = await api(this.token, 'GET', `/api/v1/conversations/${id}/assist`);
      if (this.open?.id !== id) {
        return;
      }
      $('#insight').textContent =
        `intent ${json.intent.name} · ${json.sentiment.label}` + (json.routing?.reason ? ` · ${json.routing.reason}` : '');
      $('#suggestions').replaceChildren(
        ...json.suggestions.map((suggestion) => {
          const item = document.createElement('li');
          const text = document.createElement('span');
          text.textContent = suggestion.title ? `${suggestion.title}: ${suggestion.text}` : suggestion.text;
          const use = document.createElement('button');
          use.type = 'button';
          use.textContent = 'Use';
          use.setAttribute('aria-label', `Use suggestion${suggestion.title ? ` from ${suggestion.title}` : ''}`);
          use.addEventListener('click', () => {
            $('#reply').value = suggestion.text;
            $('#reply').focus();
          });
          item.append(text, use);
          return item;
        }),
      );
    } catch (error) {
      $('#insight').textContent = error.status === 404 ? 'No customer message yet' : `Suggestions unavailable: ${error.message}`;
      $('#suggestions').replaceChildren();
    }
  }

  async summarise() {
    $('#summary').textContent = 'Summarising…';
    try {
      const { json } = await api(this.token, 'POST', `/api/v1/conversations/${this.open.id}/summary`);
      $('#summary').textContent = json.summary;
    } catch (error) {
      $('#summary').textContent = `No summary: ${error.message}`;
    }
  }

  async createTicket() {
    const subject = $('#ticket-subject').value.trim();
    if (!subject) {
      return;
    }
    try {
      await api(this.token, 'POST', '/api/v1/tickets', { subject, conversation_id: this.open.id });
      $('#ticket-subject').value = '';
      this.notice(`Ticket created: ${subject}`, true);
    } catch (error) {
      this.notice(`No ticket: ${error.message}`);
    }
  }

  /** Looks canned responses up while the reply starts with "/" and has no space yet. */
  async cannedLookup() {
    const text = $('#reply').value;
    const match = /^\/([^\s/]{0,50})$/.exec(text);
    if (!match) {
      this.closeCanned();
      return;
    }
    const query = match[1] ? `&q=${encodeURIComponent(match[1])}` : '';
    try {
      const { json } = await api(this.token, 'GET', `/api/v1/canned-responses?limit=10${query}`);
      if ($('#reply').value !== text) {
        return; // typed on meanwhile
      }
      this.canned = json.items;
      this.cannedIndex = 0;
      this.renderCanned();
    } catch {
      this.closeCanned();
    }
  }

  renderCanned() {
    const list = $('#canned');
    list.replaceChildren(
      ...this.canned.map((item, index) => {
        const option = document.createElement('li');
        option.id = `canned-${index}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(index === this.cannedIndex));
        option.textContent = `/${item.short_code} — ${item.content}`;
        option.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.useCanned(index);
        });
        return option;
      }),
    );
    const open = this.canned.length > 0;
    list.hidden = !open;
    $('#reply').setAttribute('aria-expanded', String(open));
    $('#reply').setAttribute('aria-activedescendant', open ? `canned-${this.cannedIndex}` : '');
  }

  /** Arrow keys move in the open list, Enter or Tab takes an entry, Escape closes it. */
  cannedKey(e) {
    if ($('#canned').hidden || !this.canned?.length) {
      return false;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.cannedIndex = (this.cannedIndex + step + this.canned.length) % this.canned.length;
      this.renderCanned();
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      this.useCanned(this.cannedIndex);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      this.closeCanned();
      return true;
    }
    return false;
  }

  useCanned(index) {
    $('#reply').value = this.canned[index].content;
    this.closeCanned();
    $('#reply').focus();
  }

  closeCanned() {
    this.canned = [];
    $('#canned').hidden = true;
    $('#reply').setAttribute('aria-expanded', 'false');
    $('#reply').removeAttribute('aria-activedescendant');
  }

  /** A line under the conversation: what went wrong, or (`ok`) what was done. */
  notice(text, ok = false) {
    $('#notice').textContent = text;
    $('#notice').classList.toggle('ok', ok);
  }
}

/**
 * The newer of two copies of a conversation: edits count by version, messages by offset, so an
 * event that arrives late never takes back what a later one showed.
 */
function fresher(known, incoming) {
  if (!known) return incoming;
  const edited = incoming.version >= known.version ? incoming : known;
  const messaged = incoming.last_offset >= known.last_offset ? incoming : known;
  const read = (incoming.agent_read_offset ?? 0) >= (known.agent_read_offset ?? 0) ? incoming : known;
  const unread = messaged === read ? messaged.unread_count : Math.min(messaged.unread_count, read.unread_count);
  return {
    ...edited,
    last_offset: messaged.last_offset,
    updated_at: [incoming.updated_at, known.updated_at].sort().pop(),
    last_message_at: messaged.last_message_at,
    last_message_author: messaged.last_message_author,
    last_message_preview: messaged.last_message_preview,
    waiting_since: messaged.waiting_since,
    first_reply_at: messaged.first_reply_at ?? edited.first_reply_at,
    handed_off_at: messaged.handed_off_at ?? edited.handed_off_at,
    agent_read_offset: read.agent_read_offset,
    unread_count: unread,
  };
}

/** How long ago {@code iso} was, e.g. "3 min ago" ({@code suffix} "" gives "3 min"). */
function since(iso, suffix = ' ago') {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s${suffix}`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min${suffix}`;
  return `${Math.round(seconds / 3600)} h${suffix}`;
}

window.switchboardConsole = new Console();
window.switchboardConsole.start();
