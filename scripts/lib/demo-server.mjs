// Serves the built demo and forwards /api, /sse and /ws (WebSocket upgrades included) to the
// reference server, so the browser talks to one origin.
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const FORWARDED = /^\/(api|sse|ws)(\/|\?|$)/;

/** Starts the server on `port` (0 = any); without `apiPort` it only serves files. Resolves to { url, close }. */
export function serveDemo({ root, apiPort, port = 0, host = '127.0.0.1' }) {
  const server = createServer((req, res) => {
    if (apiPort && FORWARDED.test(req.url)) return forward(req, res, apiPort);
    serveFile(root, req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (!apiPort || !FORWARDED.test(req.url)) return socket.destroy();
    const upstream = connect(apiPort, '127.0.0.1', () => {
      const headers = Object.entries(req.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
      if (head?.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const close = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', close);
    socket.on('error', close);
  });
  return new Promise((resolve) =>
    server.listen(port, host, () => {
      const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${server.address().port}/`;
      resolve({
        url,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(done);
          }),
      });
    }),
  );
}

function forward(req, res, apiPort) {
  const upstream = request({ host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'the live server is not reachable' }));
  });
  req.pipe(upstream);
  res.on('close', () => upstream.destroy());
}

async function serveFile(root, req, res) {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  // The file, a prerendered page (customers/1/index.html), or the app's index.html for a client-side route.
  for (const file of [join(root, path), join(root, path, 'index.html'), join(root, 'index.html')]) {
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
      return;
    } catch {
      // try the next candidate
    }
  }
  res.writeHead(404).end();
}
