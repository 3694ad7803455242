// A subscribed centrifuge SDK client (JSON or Protobuf) loses its connection three ways, misses
// messages meanwhile, and must come back on its own with `recovered: true`, each message once and
// in order. The client reaches the hub through a TCP proxy in this file, so the test decides when it
// can reconnect and can drop its socket. The JUnit test NodeSdkTest runs this file with:
//   CHAT_URL (the hub's /ws), CHAT_HTTP (the hub's HTTP base), CHAT_ADMIN, CHAT_CUSTOMER (tokens),
//   CHAT_CUSTOMER_USER (the customer's user id), CHAT_CONVERSATION (id), CHAT_ENCODING
// and answers the line `@@ restart-node` on stdout by stopping the hub (which closes its
// connections with 3001) and starting it again on the same port, then writing `restarted` to stdin.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import readline from 'node:readline';
import WebSocket from 'ws';
import { Centrifuge, encode, decode, within } from './sdk.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const hub = new URL(env('CHAT_URL'));
const http = env('CHAT_HTTP');
const channel = `conversation:${env('CHAT_CONVERSATION')}`;
const WAIT_MS = 20000;
const cleanups = [];
after(() => cleanups.forEach((cleanup) => cleanup()));

const stdin = readline.createInterface({ input: process.stdin });
const stdinLines = stdin[Symbol.asyncIterator]();
// Left open, stdin would keep this process alive after the tests.
cleanups.push(() => stdin.close());

/** A TCP proxy to the hub that can refuse new connections and drop the ones it carries. */
async function proxy() {
  const pairs = new Set();
  let blocked = false;
  const server = net.createServer((client) => {
    if (blocked) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(hub.port), hub.hostname);
    const pair = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const side of pair) {
      side.on('error', end);
      side.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return {
    url: `ws://127.0.0.1:${server.address().port}${hub.pathname}`,
    block: () => (blocked = true),
    unblock: () => (blocked = false),
    /** Resets both sides of every carried connection, as a network that went away would. */
    cut: () => pairs.forEach(([client, upstream]) => (client.resetAndDestroy(), upstream.resetAndDestroy())),
  };
}

/** Calls the hub's server API as the tenant's admin. */
async function api(operation, body) {
  const response = await fetch(`${http}/api/v1/hub/${operation}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env('CHAT_ADMIN')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${operation}: ${text}`);
  return JSON.parse(text);
}

/** Stores a message in the conversation from the server side; its offset. */
const post = async (body) => (await api('publish', { channel, data: { body } })).offset;

/** Events of one kind, in order, each awaitable by its position. */
function recorder(emitter, event, map = (ctx) => ctx) {
  const seen = [];
  const waiters = [];
  emitter.on(event, (ctx) => {
    seen.push(map(ctx));
    waiters.filter((w) => seen.length >= w.count).forEach((w) => w.resolve(seen));
  });
  seen.atLeast = (count, what) =>
    within(
      seen.length >= count ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ count, resolve })),
      WAIT_MS,
      what,
    );
  return seen;
}

/**
 * Connects a customer through a proxy, subscribes, takes one message, then blocks the proxy and
 * runs `interrupt`, stores two messages while the client is away, lets it back and stores a last
 * one; checks the client recovered exactly the two, then got the live one.
 */
async function reconnects(name, expectedCode, interrupt) {
  const relay = await proxy();
  const client = new Centrifuge(relay.url, {
    token: env('CHAT_CUSTOMER'),
    websocket: WebSocket,
    timeout: 10000,
    minReconnectDelay: 50,
    maxReconnectDelay: 500,
  });
  cleanups.push(() => client.disconnect());
  const connected = recorder(client, 'connected');
  const reconnecting = recorder(client, 'connecting', (ctx) => ctx.code);
  const sub = client.newSubscription(channel);
  const subscribed = recorder(sub, 'subscribed');
  const received = recorder(sub, 'publication', (ctx) => ({ offset: Number(ctx.offset), body: decode(ctx.data).body }));
  client.connect();
  // Subscribed once connected, so the first connect carries no subscribe: what is tried here is
  // the reconnect, where the SDK sends connect and subscribe in one frame.
  await connected.atLeast(1, 'first connect');
  sub.subscribe();
  await subscribed.atLeast(1, 'first subscribe');
  const first = await post(`${name} 1`);
  await received.atLeast(1, 'the first message');

  relay.block();
  await interrupt({ clientId: connected[0].client, relay });
  // The first 'connecting' is the initial connect; the next carries why the connection ended.
  const codes = await reconnecting.atLeast(2, 'the client noticing the disconnect');
  assert.equal(codes[1], expectedCode, `codes seen: ${codes}`);
  const missed = [await post(`${name} 2`), await post(`${name} 3`)];
  relay.unblock();

  const [, again] = await subscribed.atLeast(2, 'the subscription coming back');
  assert.equal(again.wasRecovering, true);
  assert.equal(again.recovered, true);
  assert.equal(again.positioned, true);
  const last = await post(`${name} 4`);
  await received.atLeast(4, 'the missed and the live messages');
  assert.deepEqual([...received], [
    { offset: first, body: `${name} 1` },
    { offset: missed[0], body: `${name} 2` },
    { offset: missed[1], body: `${name} 3` },
    { offset: last, body: `${name} 4` },
  ]);
  assert.deepEqual(missed, [first + 1, first + 2]);
  assert.equal(client.state, 'connected');
}

test('after a server-side disconnect (3011) the client reconnects and recovers', { timeout: 60000 }, async () => {
  await reconnects('force', 3011, async ({ clientId }) => {
    await api('disconnect', { user: env('CHAT_CUSTOMER_USER'), client: clientId });
  });
});

test('after the node stops (3001) and starts again the client reconnects and recovers', { timeout: 120000 }, async () => {
  await reconnects('shutdown', 3001, async () => {
    console.log('@@ restart-node');
    const answer = await within(stdinLines.next(), 100000, 'the node restarting');
    assert.equal(answer.value, 'restarted');
  });
});

test('after its socket is dropped the client reconnects and recovers', { timeout: 60000 }, async () => {
  // 1 is the SDK's code for a transport that closed.
  await reconnects('dropped', 1, async ({ relay }) => relay.cut());
});
