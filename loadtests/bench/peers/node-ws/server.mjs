// Reference broadcast server for the fan-out benchmark, written as the ws library's README does it:
// no auth, no storage, no checks. WebSocket subscribers at /sub/<channel>; POST /pub/<channel>
// sends the request body as one text message to every subscriber of the channel.
//
//   PORT=18091 node server.mjs
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

const port = Number(process.env.PORT || 18091);
const channels = new Map(); // channel -> Set of sockets
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

const server = http.createServer((req, res) => {
  const match = /^\/pub\/([\w-]+)$/.exec(req.url);
  if (req.method !== 'POST' || !match) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const message = Buffer.concat(chunks);
    const subscribers = channels.get(match[1]);
    let sent = 0;
    if (subscribers) {
      for (const socket of subscribers) {
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(message, { binary: false });
          sent++;
        }
      }
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(String(sent));
  });
});

server.on('upgrade', (req, socket, head) => {
  const match = /^\/sub\/([\w-]+)$/.exec(req.url);
  if (!match) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const channel = match[1];
    let subscribers = channels.get(channel);
    if (!subscribers) {
      subscribers = new Set();
      channels.set(channel, subscribers);
    }
    subscribers.add(ws);
    ws.on('close', () => subscribers.delete(ws));
    ws.on('error', () => subscribers.delete(ws));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`node ws broadcast listening on ${port}`));
