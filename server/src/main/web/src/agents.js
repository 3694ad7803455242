// Who of the tenant's staff is online, busy, away or offline, live: the hub's `agents` rpc gives
// the state, the `tenant` channel every change after it. The console's team list and the
// dashboard read the same instance.

export const STATUSES = ['online', 'busy', 'away', 'offline'];

export class Agents {
  constructor(centrifuge) {
    this.centrifuge = centrifuge;
    this.byUser = new Map(); // user -> { user, status, since }
    this.listeners = new Set();
    const sub = centrifuge.newSubscription('tenant', { recoverable: true });
    sub.on('publication', (ctx) => {
      if (ctx.data?.type === 'availability' && ctx.data.user) {
        this.byUser.set(ctx.data.user, { user: ctx.data.user, status: ctx.data.status, since: ctx.data.since });
        this.changed();
      }
    });
    // Read the whole state again on every (re)subscription: what changed meanwhile is in it.
    sub.on('subscribed', () => this.reload());
    sub.subscribe();
  }

  async reload() {
    try {
      const answer = await this.centrifuge.rpc('agents', {});
      this.byUser = new Map((answer.data?.agents ?? []).map((agent) => [agent.user, agent]));
      this.changed();
    } catch {
      // Shown as it was; the next change or subscription reads again.
    }
  }

  /** Calls `listener` now and after every change. */
  listen(listener) {
    this.listeners.add(listener);
    listener(this);
  }

  changed() {
    this.listeners.forEach((listener) => listener(this));
  }

  /** How many are in each status. */
  counts() {
    const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
    this.byUser.forEach((agent) => {
      counts[agent.status] = (counts[agent.status] ?? 0) + 1;
    });
    return counts;
  }

  /** Everyone, sorted by status then name. */
  list() {
    return [...this.byUser.values()].sort(
      (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || a.user.localeCompare(b.user),
    );
  }
}
