// The supervisors' dashboard: the tenant at a glance, drawn as charts (SVG, no library). The
// numbers come from GET /api/v1/reports/overview, read again whenever an inbox channel tells of a
// change (the console forwards its publications), every ten seconds for the clock-driven ones
// (messages per minute, waits), and agents' availability live from the `tenant` channel.
import { api } from './api.js';
import { element, svg } from './dom.js';
import { STATUSES } from './agents.js';

const REFRESH_MS = 10000;
const CHANGE_DELAY_MS = 300; // changes arriving together are read once
const COLOURS = { open: '#2453d4', waiting: '#e67e22', online: '#2e7d32', busy: '#c0392b', away: '#f5a623', offline: '#9aa3b1', median: '#2453d4', p90: '#8fa8ec' };

export class Dashboard {
  constructor(token, root, agents, notice) {
    this.token = token;
    this.root = root;
    this.agents = agents;
    this.notice = notice;
  }

  show() {
    if (!this.built) {
      this.build();
      this.agents.listen(() => this.renderAgents());
    }
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  hide() {
    clearInterval(this.timer);
  }

  /** Something changed in an inbox: read the overview again, once for a burst. */
  changed() {
    if (this.root.hidden) {
      return;
    }
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.refresh(), CHANGE_DELAY_MS);
  }

  build() {
    this.built = true;
    const card = (id, title) => element('section', { class: 'card', 'aria-labelledby': `${id}-title` }, element('h2', { id: `${id}-title`, text: title }), element('div', { id }));
    this.root.replaceChildren(
      element('div', { class: 'tiles', id: 'tiles', role: 'list' }),
      card('chart-inboxes', 'Conversations by inbox'),
      card('chart-messages', 'Messages per minute (last 30 min)'),
      card('chart-agents', 'Agents by availability'),
      card('chart-times', 'Response times (last 24 h)'),
      element('p', { class: 'meta', id: 'dashboard-updated', 'aria-live': 'polite' }),
    );
  }

  async refresh() {
    try {
      const { json } = await api(this.token, 'GET', '/api/v1/reports/overview');
      this.overview = json;
      this.render();
    } catch (error) {
      this.notice(`The dashboard could not be read: ${error.message}`);
    }
  }

  render() {
    const o = this.overview;
    const sum = (field) => o.inboxes.reduce((total, inbox) => total + inbox[field], 0);
    const oldest = o.inboxes.map((i) => i.oldest_waiting_since).filter(Boolean).sort()[0];
    this.tiles = {
      waiting: [sum('waiting'), 'Waiting for an answer', oldest ? `longest ${duration((Date.now() - Date.parse(oldest)) / 1000)}` : 'nobody waits'],
      open: [sum('open'), 'Open conversations', `${sum('unassigned')} unassigned`],
      calls: [o.live_calls, 'Live calls', ''],
      first_response: [duration(o.first_response.median_seconds), 'First response (median)', `${o.first_response.count} answered`],
      resolution: [duration(o.resolution.median_seconds), 'Resolution (median)', `${o.resolution.count} resolved`],
    };
    this.renderTiles();
    this.renderInboxes();
    this.renderMessages();
    this.renderTimes();
    $('#dashboard-updated', this.root).textContent = `Updated ${new Date(o.at).toLocaleTimeString()}`;
  }

  renderTiles() {
    const counts = this.agents.counts();
    const tiles = { ...this.tiles, agents: [counts.online, 'Agents online', `${counts.busy} busy, ${counts.away} away`] };
    $('#tiles', this.root).replaceChildren(
      ...Object.entries(tiles).map(([kpi, [value, label, detail]]) =>
        element('div', { class: 'tile', role: 'listitem', 'data-kpi': kpi, 'data-value': String(value) },
          element('span', { class: 'value', text: String(value) }),
          element('span', { class: 'caption', text: label }),
          element('span', { class: 'meta', text: detail })),
      ),
    );
  }

  renderInboxes() {
    const inboxes = this.overview.inboxes;
    const max = Math.max(1, ...inboxes.map((i) => i.open));
    const row = 34;
    const chart = svg('svg', { viewBox: `0 0 400 ${Math.max(1, inboxes.length) * row + 24}`, role: 'img', 'aria-label': inboxes.map((i) => `${i.name}: ${i.open} open, ${i.waiting} waiting`).join('; ') || 'No inboxes' });
    inboxes.forEach((inbox, index) => {
      const y = index * row;
      const bar = (value, field, offset) =>
        svg('rect', { x: 130, y: y + offset, height: 11, width: Math.max(value ? 2 : 0, (value / max) * 250), fill: COLOURS[field], 'data-inbox': inbox.inbox_id, 'data-field': field, 'data-value': value },
          svg('title', { text: `${value} ${field}` }));
      chart.append(
        svg('text', { x: 0, y: y + 17, class: 'axis', text: inbox.name.length > 18 ? `${inbox.name.slice(0, 17)}…` : inbox.name }),
        bar(inbox.open, 'open', 3), bar(inbox.waiting, 'waiting', 16),
        svg('text', { x: 136 + (inbox.open / max) * 250, y: y + 13, class: 'axis', text: inbox.open }),
        svg('text', { x: 136 + (inbox.waiting / max) * 250, y: y + 26, class: 'axis', text: inbox.waiting }),
      );
    });
    $('#chart-inboxes', this.root).replaceChildren(chart, legend(['open', 'waiting']));
  }

  renderMessages() {
    const minutes = this.overview.messages_per_minute;
    const max = Math.max(1, ...minutes.map((m) => m.count));
    const width = 400 / minutes.length;
    const chart = svg('svg', { viewBox: '0 0 400 140', role: 'img', 'aria-label': `Messages per minute, last ${minutes.length} minutes: ${minutes.map((m) => m.count).join(', ')}` });
    minutes.forEach((minute, index) => {
      const height = (minute.count / max) * 110;
      chart.append(svg('rect', { x: index * width + 1, y: 115 - height, width: width - 2, height, fill: COLOURS.open, 'data-count': minute.count },
        svg('title', { text: `${new Date(minute.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${minute.count}` })));
    });
    chart.append(
      svg('text', { x: 0, y: 134, class: 'axis', text: '30 min ago' }),
      svg('text', { x: 400, y: 134, class: 'axis', 'text-anchor': 'end', text: 'now' }),
      svg('text', { x: 0, y: 10, class: 'axis', text: `max ${max}/min` }),
    );
    $('#chart-messages', this.root).replaceChildren(chart);
  }

  renderAgents() {
    if (!this.built) {
      return;
    }
    const counts = this.agents.counts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const chart = svg('svg', { viewBox: '0 0 120 120', role: 'img', class: 'donut', 'aria-label': STATUSES.map((s) => `${counts[s]} ${s}`).join(', ') });
    let start = 0;
    STATUSES.forEach((status) => {
      const share = total ? counts[status] / total : 0;
      if (share > 0) {
        // A ring segment as a dashed circle: its dash is the share of the circumference.
        chart.append(svg('circle', { cx: 60, cy: 60, r: 45, fill: 'none', stroke: COLOURS[status], 'stroke-width': 22, pathLength: 100, 'stroke-dasharray': `${share * 100} ${100 - share * 100}`, 'stroke-dashoffset': -start * 100, transform: 'rotate(-90 60 60)', 'data-status': status, 'data-value': counts[status] }));
        start += share;
      }
    });
    chart.append(svg('text', { x: 60, y: 66, 'text-anchor': 'middle', class: 'total', text: total }));
    const people = element('ul', { class: 'people', 'aria-label': 'Agents' },
      ...this.agents.list().map((agent) => element('li', { 'data-user': agent.user, 'data-status': agent.status },
        element('span', { class: `dot ${agent.status}`, 'aria-hidden': 'true' }), `${agent.user} · ${agent.status}`)));
    $('#chart-agents', this.root).replaceChildren(element('div', { class: 'agents-chart' }, chart, legend(STATUSES, counts)), people);
    if (this.tiles) {
      this.renderTiles();
    }
  }

  renderTimes() {
    const rows = [['First response', this.overview.first_response], ['Resolution', this.overview.resolution]];
    const max = Math.max(1, ...rows.flatMap(([, d]) => [d.median_seconds ?? 0, d.p90_seconds ?? 0]));
    const chart = svg('svg', { viewBox: '0 0 400 80', role: 'img', 'aria-label': rows.map(([name, d]) => `${name}: median ${duration(d.median_seconds)}, 90th percentile ${duration(d.p90_seconds)}`).join('; ') });
    rows.forEach(([name, durations], index) => {
      const y = index * 38;
      chart.append(svg('text', { x: 0, y: y + 17, class: 'axis', text: name }));
      [['median', durations.median_seconds, 3], ['p90', durations.p90_seconds, 16]].forEach(([field, value, offset]) => {
        const width = ((value ?? 0) / max) * 220;
        chart.append(
          svg('rect', { x: 110, y: y + offset, height: 11, width, fill: COLOURS[field] }, svg('title', { text: `${field}: ${duration(value)}` })),
          svg('text', { x: 116 + width, y: y + offset + 10, class: 'axis', text: duration(value) }),
        );
      });
    });
    $('#chart-times', this.root).replaceChildren(chart, legend(['median', 'p90']));
  }
}

const $ = (selector, root) => root.querySelector(selector);

function legend(fields, counts) {
  return element('ul', { class: 'legend' },
    ...fields.map((field) => element('li', {}, element('span', { class: 'swatch', style: `background:${COLOURS[field]}` }), counts ? `${field} ${counts[field]}` : field)));
}

/** Seconds as "42 s", "7 min", "3.5 h"; "–" for none. */
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
