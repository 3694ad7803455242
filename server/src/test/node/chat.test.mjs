// Drives Switchboard's chat WebSocket with the centrifuge SDK for JavaScript (JSON or Protobuf
// encoding, the `ws` package as its WebSocket), as a browser widget and an agent console would. The
// JUnit test NodeSdkTest starts the hub, makes the tenant data and runs this file with:
//   CHAT_URL, CHAT_CUSTOMER, CHAT_AGENT, CHAT_OTHER_CUSTOMER (tokens),
//   CHAT_CONVERSATION, CHAT_OTHER_CONVERSATION (ids), CHAT_ENCODING (json or protobuf)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Centrifuge, encode, decode, within } from './sdk.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const url = env('CHAT_URL');
const channel = `conversation:${env('CHAT_CONVERSATION')}`;
const otherChannel = `conversation:${env('CHAT_OTHER_CONVERSATION')}`;
const clients = [];

after(() => clients.forEach((client) => client.disconnect()));

/** A connected client; resolves once the hub accepted its token. */
async function connect(token) {
  const client = new Centrifuge(url, { token, websocket: WebSocket, timeout: 10000 });
  clients.push(client);
  const connected = new Promise((resolve, reject) => {
    client.once('connected', resolve);
    client.once('disconnected', (ctx) => reject(new Error(`disconnected ${ctx.code} ${ctx.reason}`)));
  });
  client.connect();
  await connected;
  return client;
}

/** A subscription whose publications queue up for `next`. */
async function subscribe(client, name) {
  const sub = client.newSubscription(name);
  const queue = [];
  const waiters = [];
  sub.on('publication', (ctx) => {
    const item = { ...decode(ctx.data), _offset: Number(ctx.offset ?? 0) };
    const waiter = waiters.shift();
    if (waiter) waiter(item);
    else queue.push(item);
  });
  sub.subscribe();
  await sub.ready(10000);
  sub.next = () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`nothing arrived on ${name}`)), 10000);
          waiters.push((item) => {
            clearTimeout(timer);
            resolve(item);
          });
        });
  sub.pending = () => queue.length;
  return sub;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a customer message is stored and reaches the agent; duplicates are stored once', { timeout: 20000 }, async () => {
  const customer = await connect(env('CHAT_CUSTOMER'));
  const agent = await connect(env('CHAT_AGENT'));
  const customerSub = await subscribe(customer, channel);
  const agentSub = await subscribe(agent, channel);

  await customerSub.publish(encode({ body: 'hello from node', client_message_id: 'n-1' }));
  const seen = await agentSub.next();
  assert.equal(seen.type, 'message');
  assert.equal(seen.body, 'hello from node');
  assert.equal(seen.author_id, 'customer-1');
  assert.equal(seen._offset, 1);
  assert.equal((await customerSub.next())._offset, 1);

  const again = decode((await customer.rpc('send', encode({ channel, body: 'hello from node', client_message_id: 'n-1' }))).data);
  assert.deepEqual({ offset: again.offset, created: again.created }, { offset: 1, created: false });

  const history = await agentSub.history({ limit: 10 });
  assert.deepEqual(history.publications.map((p) => decode(p.data).body), ['hello from node']);
  assert.equal(Number(history.offset), 1);
});

test('private notes stay with agents; typing reaches the customer', { timeout: 20000 }, async () => {
  const customer = await connect(env('CHAT_CUSTOMER'));
  const agent = await connect(env('CHAT_AGENT'));
  const customerSub = await subscribe(customer, channel);
  const agentSub = await subscribe(agent, channel);

  await agentSub.publish(encode({ body: 'note to self', private: true }));
  await agentSub.publish(encode({ body: 'how can I help?' }));
  assert.equal((await agentSub.next()).body, 'note to self');
  assert.equal((await agentSub.next()).body, 'how can I help?');
  const reply = await customerSub.next();
  assert.equal(reply.body, 'how can I help?');

  await agent.rpc('typing', encode({ channel }));
  const typing = await customerSub.next();
  assert.deepEqual({ type: typing.type, user: typing.user }, { type: 'typing', user: 'agent-1' });
  await pause(200);
  assert.equal(customerSub.pending(), 0);

  await assert.rejects(customerSub.publish(encode({ body: 'x', private: true })), (error) => error.code === 103);
});

test('presence counts both sides; another customer cannot subscribe', { timeout: 20000 }, async () => {
  const customer = await connect(env('CHAT_CUSTOMER'));
  const agent = await connect(env('CHAT_AGENT'));
  const customerSub = await subscribe(customer, channel);
  await subscribe(agent, channel);
  const stats = await customerSub.presenceStats();
  assert.ok(stats.numUsers >= 2, `expected at least 2 users, got ${JSON.stringify(stats)}`);
  const presence = await customerSub.presence();
  const users = new Set(Object.values(presence.clients).map((info) => info.user));
  assert.ok(users.has('customer-1') && users.has('agent-1'), JSON.stringify(presence));

  const other = await connect(env('CHAT_OTHER_CUSTOMER'));
  const refused = other.newSubscription(channel);
  // A refusal that retrying cannot fix leaves the subscription unsubscribed with the error's code.
  const unsubscribed = new Promise((resolve) => refused.on('unsubscribed', resolve));
  refused.subscribe();
  assert.equal((await unsubscribed).code, 103);
  const own = await subscribe(other, otherChannel);
  assert.equal(own.state, 'subscribed');
});

test('a client that subscribes before connecting, as the README shows, is connected and subscribed', { timeout: 20000 }, async () => {
  // The SDK then sends connect and subscribe in one frame.
  const customer = new Centrifuge(url, { token: env('CHAT_CUSTOMER'), websocket: WebSocket, timeout: 10000 });
  clients.push(customer);
  const sub = customer.newSubscription(channel);
  const arrived = new Promise((resolve) => sub.once('publication', (ctx) => resolve(decode(ctx.data))));
  const subscribed = new Promise((resolve, reject) => {
    sub.once('subscribed', resolve);
    customer.once('disconnected', (ctx) => reject(new Error(`disconnected ${ctx.code} ${ctx.reason}`)));
  });
  sub.subscribe();
  customer.connect();
  await within(subscribed, 10000, 'subscribed');
  assert.equal(customer.state, 'connected');

  const agent = await connect(env('CHAT_AGENT'));
  await agent.rpc('send', encode({ channel, body: 'after an early subscribe' }));
  assert.equal((await within(arrived, 10000, 'the message')).body, 'after an early subscribe');
});
