// The chat widget's call: where the tenant takes calls, a call button in the widget's header talks
// to the tenant over /voice/browser (docs/voice-protocol.md) from the visitor's microphone, with
// the visitor's own customer token. Replies play at real time, the call's transcript shows as it
// is written, and the line says who the visitor is talking to.
import { Microphone, Player, playbackContext } from './voice-audio.js';

const MAX_BUFFERED_BYTES = 64 * 1024; // microphone audio queued on a slow socket before frames are dropped

const PHONE_ICON =
  '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
  '<path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/>' +
  '</svg>';

/** What the visitor sees for each close code of /voice/browser. */
const CLOSED = {
  1000: 'Call ended',
  1001: 'The call was cut off: the server is restarting. Please call again.',
  4001: 'The call could not be authenticated. Please reload the page.',
  4003: 'Calls are not available here.',
  4408: 'The call ended: no sound came from your microphone.',
  4413: 'The call reached its time limit.',
  4429: 'All our lines are busy. Please try again in a moment.',
  4503: 'Calls are unavailable right now. Please try again later.',
};

const SPEAKERS = { contact: 'You', bot: 'Assistant', agent: 'Agent' };

export const CALL_STYLE = `
[hidden] { display: none !important; }
header .call { font-size: 14px; display: grid; place-items: center; padding: 4px; border-radius: 6px; }
header .call[aria-disabled="true"] { opacity: .5; cursor: default; }
.call-bar { background: #eef3ff; border-bottom: 1px solid #c8d5f5; padding: 8px 12px; display: grid; gap: 6px; font-size: 13px; }
.call-bar .row { display: flex; align-items: center; gap: 8px; }
.call-bar .call-state { flex: 1; font-weight: 600; }
.call-bar .hangup { background: #c0392b; color: #fff; border: none; border-radius: 6px; padding: 6px 12px; cursor: pointer; font-size: 13px; }
.call-lines { list-style: none; margin: 0; padding: 0; max-height: 110px; overflow-y: auto; display: grid; gap: 2px; }
.call-lines li .who { font-weight: 600; margin-right: 4px; }
.call-bar[data-state="error"] .call-state { color: #c0392b; }
`;

/** The call button's markup, for the widget's header. */
export const CALL_BUTTON = `<button class="call" type="button" aria-label="Call us" title="Call us" hidden>${PHONE_ICON}</button>`;

/** The call's own bar, under the widget's header. */
export const CALL_BAR = `
  <section class="call-bar" aria-label="Call" hidden>
    <div class="row">
      <span class="call-state" role="status" aria-live="polite"></span>
      <button class="hangup" type="button">Hang up</button>
    </div>
    <ol class="call-lines" aria-label="Call transcript" aria-live="polite"></ol>
  </section>`;

/** The call of one widget: `root` is its shadow root, `host` the element tests and pages read. */
export class WidgetCall {
  constructor(root, host, { server, token }) {
    this.root = root;
    this.host = host;
    this.server = server;
    this.token = token; // () => Promise of the visitor's current token
    this.button = root.querySelector('header .call');
    this.bar = root.querySelector('.call-bar');
    this.state = root.querySelector('.call-state');
    this.lines = root.querySelector('.call-lines');
    this.hangupButton = root.querySelector('.hangup');
    this.button.addEventListener('click', () => this.start());
    this.hangupButton.addEventListener('click', () => this.hangUp());
  }

  /** Shows the call button where the tenant takes calls. */
  offer(voice) {
    this.button.hidden = !voice;
    this.host.dataset.voice = String(Boolean(voice));
  }

  async start() {
    if (this.socket || this.opening) {
      return;
    }
    this.opening = true;
    this.button.setAttribute('aria-disabled', 'true');
    this.lines.replaceChildren();
    this.shown = new Set();
    this.bar.hidden = false;
    this.hangupButton.hidden = false;
    this.hangupButton.focus();
    this.show('calling', 'Calling…');
    this.counts = { received: 0, sent: 0 };
    // Made while the click still counts as the visitor's gesture, so the browser lets it play.
    const context = playbackContext();
    this.player = new Player(context);
    let microphone;
    try {
      microphone = await Microphone.open((frame) => this.sendAudio(frame));
    } catch (failure) {
      this.finish('error', `Your microphone is not available: ${failure.message}`);
      return;
    }
    if (!this.opening) {
      microphone.close(); // hung up meanwhile
      return;
    }
    this.microphone = microphone;
    let token;
    try {
      token = await this.token();
    } catch (failure) {
      this.finish('error', `The call could not start: ${failure.message}`);
      return;
    }
    if (!this.opening) {
      return; // hung up meanwhile
    }
    const socket = new WebSocket(`${this.server.replace(/^http/, 'ws')}/voice/browser`);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => socket.send(JSON.stringify({ type: 'start', token }));
    socket.onmessage = (event) => (typeof event.data === 'string' ? this.control(event.data) : this.audio(event.data));
    socket.onclose = (event) => this.closed(event.code);
    this.socket = socket;
    this.opening = false;
  }

  sendAudio(frame) {
    const socket = this.socket;
    // Audio before "started" would be refused; a socket that cannot keep up loses frames, not memory.
    if (!this.started || socket?.readyState !== WebSocket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      return;
    }
    socket.send(frame);
    this.counts.sent++;
    this.host.dataset.callFramesSent = String(this.counts.sent);
  }

  audio(frame) {
    this.player.play(frame);
    this.counts.received++;
    this.host.dataset.callFramesReceived = String(this.counts.received);
    this.host.dataset.callFramesPlayed = String(this.player.played);
  }

  control(text) {
    let event;
    try {
      event = JSON.parse(text);
    } catch {
      return;
    }
    switch (event.type) {
      case 'started':
        this.started = true;
        this.host.dataset.callId = event.call_id;
        this.show('connected', 'Connected');
        break;
      case 'transcript':
        this.line(event.segment);
        break;
      case 'mark':
        // Told back once the visitor has heard the sentence, so the transcript knows it was heard.
        this.player.whenPlayed(() => this.send({ type: 'mark', name: event.name }));
        break;
      case 'clear':
        this.player.clear();
        break;
      case 'routed':
        this.show('connected', `Connected to ${event.choice}`);
        break;
      case 'handoff':
        this.show('waiting', 'Waiting for an agent…');
        break;
      case 'takeover':
        this.show('agent', 'An agent joined the call');
        break;
      case 'handback':
        this.show(event.mode === 'waiting' ? 'waiting' : 'connected', event.mode === 'waiting' ? 'Waiting for an agent…' : 'Back with the assistant');
        break;
      default:
        break;
    }
  }

  line(segment) {
    if (!segment?.text) {
      return;
    }
    const key = `${segment.speaker}|${segment.startMs}|${segment.text}`;
    if (this.shown.has(key)) {
      return;
    }
    this.shown.add(key);
    const item = document.createElement('li');
    item.className = `line ${segment.speaker}`;
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = `${SPEAKERS[segment.speaker] ?? segment.speaker}:`;
    item.append(who, segment.text);
    this.lines.appendChild(item);
    this.lines.scrollTop = this.lines.scrollHeight;
  }

  send(event) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(event));
    }
  }

  hangUp() {
    if (this.socket) {
      this.show('ending', 'Hanging up…');
      this.send({ type: 'stop' });
      // The server closes with 1000; a socket still connecting is closed here.
      if (this.socket.readyState === WebSocket.CONNECTING) {
        this.socket.close();
      }
    } else {
      this.finish('ended', CLOSED[1000]);
    }
  }

  closed(code) {
    const text = CLOSED[code] ?? `The call was cut off (${code}).`;
    this.finish(code === 1000 ? 'ended' : 'error', text);
  }

  /** Ends the call on this side: microphone off, playback stopped, the button back. */
  finish(state, text) {
    this.opening = false;
    this.started = false;
    this.microphone?.close();
    this.microphone = null;
    this.player?.context.close().catch(() => {});
    if (this.socket && this.socket.readyState < WebSocket.CLOSING) {
      this.socket.close();
    }
    this.socket = null;
    this.show(state, text);
    // Focus leaves the Hang up button as it goes, for the call button; elsewhere it stays.
    const hadFocus = this.root.activeElement === this.hangupButton;
    this.hangupButton.hidden = true;
    this.button.removeAttribute('aria-disabled');
    if (hadFocus) {
      this.button.focus();
    }
  }

  show(state, text) {
    this.state.textContent = text;
    this.bar.dataset.state = state === 'ended' || state === 'error' ? state : 'live';
    this.host.dataset.callState = state;
  }
}
