// The console's voice panel, for tenants with the voice module: the live calls (GET /api/v1/calls,
// read again on `{"type":"call"}` in the inboxes the console follows and every few seconds), the
// live transcript of the call picked (hub channel `call:<id>`), and listen-in, take-over and
// hand-back through /voice/monitor/<id> (docs/voice-protocol.md). A call can be opened by address
// too: /console#call=<id>.
import { api } from './api.js';
import { Microphone, Player, playbackContext } from './voice-audio.js';

const REFRESH_MS = 4000; // the list is read again this often, besides on inbox publications
const LIST_LIMIT = 50;
const TRACKS = ['caller', 'heard']; // the monitor's track byte: 0 the caller, 1 what they hear
const MAX_BUFFERED_BYTES = 64 * 1024; // microphone audio queued on a slow socket before frames are dropped
const SPEAKERS = { contact: 'Caller', bot: 'AI agent', agent: 'Agent' };
const ANSWERING = { bot: 'the AI agent has the call', waiting: 'waiting for an agent', human: 'an agent has the call' };

/** The status line's first part, for what this agent is doing with the call. */
const MODES = {
  idle: 'Not listening',
  connecting: 'Connecting…',
  listening: 'Listening',
  mine: 'You have the call · speak now',
  ended: 'Call ended',
  unknown: 'Not found',
};

/** What the agent sees for each close code of /voice/monitor. */
const MONITOR_CLOSED = {
  1000: 'Call ended.',
  1001: 'The voice node is restarting; listen again in a moment.',
  4001: 'Your sign-in was refused by the voice service; sign in again.',
  4003: 'You may not listen to this call: agents, supervisors and admins of its tenant only, with voice on.',
  4004: 'This call is not live in your tenant: it has ended, or no voice node has it.',
  4408: 'The voice service did not answer in time.',
  4503: 'The voice service is unavailable right now.',
};

const STYLE = `
.voice { background: #fff; border-bottom: 1px solid #dde3ee; padding: 8px 14px; display: grid; gap: 6px; max-height: 48vh; overflow-y: auto; }
.voice h2 { font-size: 15px; margin: 0; }
.voice-head { display: flex; gap: 8px; align-items: baseline; }
.voice .meta { font-size: 12px; color: #5a6472; }
.voice-list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.voice-list button { border: 1px solid #c9d1de; background: #fff; border-radius: 16px; padding: 4px 10px; font-size: 13px; }
.voice-list button[aria-current="true"] { background: #2453d4; color: #fff; border-color: #2453d4; }
.voice-call { border: 1px solid #dde3ee; border-radius: 8px; padding: 8px 10px; display: grid; gap: 6px; }
.voice-call-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.voice-call-head h3 { font-size: 14px; margin: 0; }
.voice-status { font-size: 13px; padding: 2px 8px; border-radius: 10px; background: #eef1f6; }
.voice-call[data-mode="listening"] .voice-status { background: #e8eefc; }
.voice-call[data-mode="mine"] .voice-status { background: #2e7d32; color: #fff; }
.voice-call[data-mode="ended"] .voice-status { background: #5a6472; color: #fff; }
.voice-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.voice-actions button { border: 1px solid #c9d1de; background: #fff; border-radius: 6px; padding: 5px 10px; }
.voice-actions button[aria-pressed="true"] { background: #e8eefc; border-color: #2453d4; }
.voice-actions button:disabled { opacity: .5; cursor: default; }
.voice-error { color: #c0392b; font-size: 13px; margin: 0; }
.voice-error:empty { display: none; }
.voice-transcript { list-style: none; margin: 0; padding: 0; display: grid; gap: 3px; font-size: 13px; max-height: 24vh; overflow-y: auto; }
.voice-transcript .who { font-weight: 600; margin-right: 4px; }
.voice-transcript .contact .who { color: #2453d4; }
`;

const MARKUP = `
  <div class="voice-head">
    <h2 id="voice-title">Live calls</h2>
    <span class="meta" id="voice-count"></span>
  </div>
  <ul class="voice-list" id="voice-list" aria-label="Live calls"></ul>
  <section class="voice-call" id="voice-call" aria-labelledby="voice-call-title" hidden>
    <div class="voice-call-head">
      <h3 id="voice-call-title"></h3>
      <span class="voice-status" id="voice-status" role="status" aria-live="polite"></span>
    </div>
    <div class="voice-actions">
      <button type="button" id="voice-listen" aria-pressed="false">Listen</button>
      <button type="button" id="voice-takeover">Take over</button>
      <button type="button" id="voice-handback" hidden>Hand back</button>
    </div>
    <p class="voice-error" id="voice-error" role="alert"></p>
    <ol class="voice-transcript" id="voice-transcript" aria-label="Call transcript" aria-live="polite"></ol>
  </section>`;

const $ = (selector) => document.querySelector(selector);

/** The voice panel of the console `app` (its token, user, Centrifuge client and modules). */
export class CallsPanel {
  /** The panel, where the tenant has the voice module; null (and no panel) otherwise. */
  static mount(app) {
    const root = document.getElementById('voice');
    if (!root || !app.modules?.includes('voice')) {
      return null;
    }
    return new CallsPanel(app, root);
  }

  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.calls = [];
    this.call = null; // the call picked: { id, mode, subscription, monitor, ... }
    const style = document.createElement('style');
    style.textContent = STYLE;
    document.head.appendChild(style);
    root.innerHTML = MARKUP;
    root.hidden = false;
    $('#voice-listen').addEventListener('click', () => (this.call?.monitor ? this.stopListening() : this.listen()));
    $('#voice-takeover').addEventListener('click', () => this.takeOver());
    $('#voice-handback').addEventListener('click', () => this.handBack());
    window.addEventListener('hashchange', () => this.openFromAddress());
    // An agent who closes the tab while they have a call gives it back rather than leave it silent.
    window.addEventListener('pagehide', () => this.close());
    this.refresh();
    setInterval(() => this.refresh(), REFRESH_MS);
    this.openFromAddress();
  }

  /** A publication on an inbox channel the console follows. */
  inboxEvent(event) {
    if (event?.type === 'call') {
      this.refresh();
    }
  }

  async refresh() {
    try {
      const { json } = await api(this.app.token, 'GET', `/api/v1/calls?state=in-progress&limit=${LIST_LIMIT}`);
      this.calls = json.items ?? [];
      this.renderList();
    } catch (error) {
      $('#voice-count').textContent = `Calls unavailable: ${error.message}`;
    }
  }

  renderList() {
    $('#voice-count').textContent = this.calls.length ? `${this.calls.length} in progress` : 'No live calls';
    // The list is drawn again every few seconds: keyboard focus stays on the call it was on.
    const focused = $('#voice-list').contains(document.activeElement) ? document.activeElement.dataset.id : null;
    $('#voice-list').replaceChildren(
      ...this.calls.map((call) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.id = call.id;
        button.setAttribute('aria-current', String(this.call?.id === call.id));
        button.textContent = `${call.direction === 'outbound' ? 'Outbound' : 'Inbound'} call · ${call.id.slice(0, 8)} · ${since(call.started_at ?? call.created_at)}`;
        button.addEventListener('click', () => this.open(call.id));
        item.appendChild(button);
        return item;
      }),
    );
    if (focused) {
      $(`#voice-list button[data-id="${focused}"]`)?.focus();
    }
  }

  openFromAddress() {
    const match = /^#call=([0-9A-Za-z-]{1,64})$/.exec(location.hash);
    if (match && match[1] !== this.call?.id) {
      this.open(match[1]);
    }
  }

  /** Shows call `id`: what is stored of its transcript, then the live one. */
  async open(id) {
    this.close();
    const call = { id, mode: 'idle', shown: new Set() };
    this.call = call;
    this.renderList();
    $('#voice-call').hidden = false;
    $('#voice-call-title').textContent = `Call ${id.slice(0, 8)}`;
    $('#voice-transcript').replaceChildren();
    this.error('');
    this.setMode('idle');
    // Live first, then what is stored: a line written in between is in one or the other.
    const channel = `call:${id}`;
    const existing = this.app.centrifuge.getSubscription(channel);
    if (existing) {
      this.app.centrifuge.removeSubscription(existing);
    }
    call.subscription = this.app.centrifuge.newSubscription(channel);
    call.subscription.on('publication', (ctx) => this.event(ctx.data, 'live'));
    call.subscription.on('error', (ctx) => this.error(`Live transcript unavailable: ${ctx.error?.message ?? ctx.error}`));
    call.subscription.subscribe();
    let stored;
    try {
      stored = (await api(this.app.token, 'GET', `/api/v1/calls/${encodeURIComponent(id)}`)).json;
    } catch (error) {
      if (this.call !== call) return;
      this.unsubscribe(call);
      this.setMode('unknown');
      this.error(error.status === 404 || error.status === 400 ? `No call ${id} in your tenant.` : `The call could not be read: ${error.message}`);
      return;
    }
    if (this.call !== call) return;
    (stored.transcript ?? []).forEach((segment) => this.line(segment, 'stored'));
    if (stored.state === 'ended') {
      this.ended();
    }
  }

  unsubscribe(call) {
    if (call.subscription) {
      call.subscription.unsubscribe();
      this.app.centrifuge.removeSubscription(call.subscription);
      call.subscription = null;
    }
  }

  /** An event of the call, from the hub channel or the monitor. */
  event(data, source) {
    const call = this.call;
    if (!call || !data) return;
    switch (data.type) {
      case 'transcript':
        this.line(data.segment, source);
        break;
      case 'handoff':
        this.who('waiting for an agent');
        break;
      case 'takeover':
        if (data.user !== this.app.me.user) this.who(`${data.user} has the call`);
        break;
      case 'handback':
        this.who(`handed back: ${ANSWERING[data.mode] ?? ''}`);
        break;
      case 'ended':
        this.ended();
        break;
      default:
        break;
    }
  }

  line(segment, source) {
    const call = this.call;
    if (!segment?.text || !call) return;
    const key = `${segment.speaker}|${segment.startMs}|${segment.text}`;
    if (call.shown.has(key)) return;
    call.shown.add(key);
    const item = document.createElement('li');
    item.className = segment.speaker;
    item.dataset.source = source;
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = `${SPEAKERS[segment.speaker] ?? segment.speaker}:`;
    item.append(who, segment.text);
    // In the order they were spoken, whichever way each line arrived.
    item.dataset.start = segment.startMs ?? 0;
    const list = $('#voice-transcript');
    const later = [...list.children].find((other) => Number(other.dataset.start) > Number(item.dataset.start));
    list.insertBefore(item, later ?? null);
    list.scrollTop = list.scrollHeight;
  }

  /** Opens the monitor and plays both tracks; resolves once attached. */
  listen() {
    const call = this.call;
    if (!call || call.monitor || call.mode === 'ended' || call.mode === 'unknown') {
      return Promise.resolve(Boolean(call?.attached));
    }
    this.error('');
    // Made while the click still counts as the agent's gesture, so the browser lets it play.
    call.context = playbackContext();
    call.players = TRACKS.map(() => new Player(call.context));
    const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/voice/monitor/${encodeURIComponent(call.id)}`);
    socket.binaryType = 'arraybuffer';
    call.monitor = socket;
    this.setMode('connecting');
    $('#voice-listen').setAttribute('aria-pressed', 'true');
    $('#voice-listen').textContent = 'Stop listening';
    return new Promise((resolve) => {
      call.attachedResolve = resolve;
      socket.onopen = () => socket.send(JSON.stringify({ type: 'start', token: this.app.token }));
      socket.onmessage = (message) =>
        typeof message.data === 'string' ? this.monitorControl(call, message.data) : this.monitorAudio(call, message.data);
      socket.onclose = (event) => {
        resolve(false);
        this.monitorClosed(call, event.code);
      };
    });
  }

  monitorAudio(call, frame) {
    const track = new Uint8Array(frame, 0, 1)[0];
    const player = call.players?.[track];
    if (!player || frame.byteLength !== 641) return;
    if (track === 1 && call.mode === 'mine') {
      // What the caller hears is now this agent's own voice: played back late, it would only echo.
      return;
    }
    player.play(frame, 1);
    const name = TRACKS[track];
    this.root.dataset[`${name}Received`] = String(player.received);
    this.root.dataset[`${name}Played`] = String(player.played);
  }

  monitorControl(call, text) {
    let event;
    try {
      event = JSON.parse(text);
    } catch {
      return;
    }
    switch (event.type) {
      case 'attached':
        call.attached = true;
        (event.transcript ?? []).forEach((segment) => this.line(segment, 'monitor'));
        this.who(ANSWERING[event.mode] ?? '');
        this.setMode('listening');
        call.attachedResolve?.(true);
        break;
      case 'takeover':
        if (!event.ok) {
          this.event(event, 'monitor'); // another agent's
        } else {
          this.setMode('mine');
          $('#voice-handback').hidden = false;
          $('#voice-handback').focus();
        }
        break;
      case 'handback':
        if (!event.ok) {
          this.event(event, 'monitor');
        } else {
          this.releaseMicrophone(call);
          this.who(`handed back: ${ANSWERING[event.mode] ?? ''}`);
          this.setMode('listening');
          $('#voice-handback').hidden = true;
          $('#voice-takeover').focus();
        }
        break;
      case 'clear':
        call.players?.[1]?.clear();
        break;
      case 'error':
        if (event.code === 'takeover-refused') {
          this.releaseMicrophone(call);
          this.setMode('listening');
          this.error(`Take-over refused: ${event.message}`);
        } else if (event.code === 'handback-refused') {
          this.error(`Hand-back refused: ${event.message}`);
        } else {
          this.error(`The voice service refused a frame: ${event.message ?? event.code}`);
        }
        break;
      default:
        this.event(event, 'monitor');
    }
  }

  monitorClosed(call, code) {
    this.releaseMicrophone(call);
    call.context?.close().catch(() => {});
    call.monitor = null;
    call.players = null;
    call.attached = false;
    if (this.call !== call) return;
    $('#voice-listen').setAttribute('aria-pressed', 'false');
    $('#voice-listen').textContent = 'Listen';
    $('#voice-handback').hidden = true;
    if (call.stopping) {
      call.stopping = false;
      if (call.mode !== 'ended') this.setMode('idle');
      return;
    }
    if (code === 1000) {
      this.ended();
    } else {
      this.setMode('idle');
      this.error(MONITOR_CLOSED[code] ?? `Listening stopped (${code}).`);
    }
  }

  stopListening() {
    const call = this.call;
    if (!call?.monitor) return;
    if (call.mode === 'mine') {
      this.error('Hand the call back before you stop listening.');
      return;
    }
    call.stopping = true;
    call.monitor.close(1000);
  }

  /** Takes the call: the microphone first (so a refused one takes nothing), then `takeover`. */
  async takeOver() {
    const call = this.call;
    if (!call || call.mode === 'mine' || call.mode === 'ended') return;
    this.error('');
    const listening = this.listen();
    try {
      call.microphone = await Microphone.open((frame) => this.sendAudio(call, frame));
    } catch (failure) {
      this.error(`Your microphone is not available: ${failure.message}`);
      return;
    }
    if (!(await listening) || this.call !== call || !call.monitor) {
      this.releaseMicrophone(call);
      return;
    }
    call.monitor.send(JSON.stringify({ type: 'takeover' }));
  }

  sendAudio(call, frame) {
    const socket = call.monitor;
    // Only the agent who took over is heard; a socket that cannot keep up loses frames, not memory.
    if (call.mode !== 'mine' || socket?.readyState !== WebSocket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      return;
    }
    socket.send(frame);
    call.sent = (call.sent ?? 0) + 1;
    this.root.dataset.micSent = String(call.sent);
  }

  handBack() {
    const call = this.call;
    if (call?.mode === 'mine' && call.monitor?.readyState === WebSocket.OPEN) {
      call.monitor.send(JSON.stringify({ type: 'handback' }));
    }
  }

  releaseMicrophone(call) {
    call.microphone?.close();
    call.microphone = null;
  }

  ended() {
    const call = this.call;
    if (!call) return;
    this.releaseMicrophone(call);
    this.setMode('ended');
    $('#voice-handback').hidden = true;
    this.unsubscribe(call);
    this.refresh();
  }

  /** Leaves the call shown: listening stops, the live transcript too. */
  close() {
    const call = this.call;
    if (!call) return;
    if (call.mode === 'mine') {
      call.monitor?.send(JSON.stringify({ type: 'handback' }));
    }
    this.releaseMicrophone(call);
    if (call.monitor) {
      call.stopping = true;
      call.monitor.close(1000);
    }
    this.unsubscribe(call);
    this.call = null;
  }

  setMode(mode) {
    if (this.call) this.call.mode = mode;
    $('#voice-call').dataset.mode = mode;
    this.root.dataset.callMode = mode;
    const live = mode !== 'ended' && mode !== 'unknown';
    $('#voice-listen').disabled = !live || mode === 'mine';
    $('#voice-takeover').disabled = !live || mode === 'mine';
    this.status();
  }

  /** Who answers the caller, as the call's events tell it. */
  who(text) {
    if (this.call) this.call.who = text;
    this.status();
  }

  /** The status line: what this agent is doing with the call, then who answers the caller. */
  status() {
    const call = this.call;
    const doing = MODES[call?.mode] ?? '';
    const who = call?.who && ['idle', 'connecting', 'listening'].includes(call.mode) ? ` · ${call.who}` : '';
    $('#voice-status').textContent = doing + who;
  }

  error(text) {
    $('#voice-error').textContent = text;
  }
}

function since(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
