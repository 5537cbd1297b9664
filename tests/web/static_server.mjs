// A tiny static file server for the browser tests, standing in for relais-server
// until it serves build/web: loopback only, a free port, the right MIME types
// (application/wasm for the engine) and the response headers the widget expects
// in production (its CSP, cache lifetimes). Also serves in-memory pages, for
// host pages written by the tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const kTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.sqlite': 'application/vnd.sqlite3',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// The widget's CSP, sent as a header too: a <meta> CSP does not cover workers,
// and frame-ancestors only works as a header.
export const kWidgetCsp =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

function cacheControl(urlPath) {
  if (/[.-][0-9a-f]{8,}\.[a-z0-9]+$/.test(urlPath)) return 'public, max-age=31536000, immutable';
  if (urlPath === '/relais.js') return 'public, max-age=300';
  return 'no-cache';
}

export class StaticServer {
  // root: directory to serve (or null); pages: {'/path': 'html'}; headers(urlPath) → extra headers.
  constructor({ root = null, pages = {}, headers = null } = {}) {
    this.root = root ? path.resolve(root) : null;
    this.pages = pages;
    this.extraHeaders = headers;
    this.requests = [];  // every URL path asked for, in order
    this.referrers = [];  // the Referer header of each (or ''), same order
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        response.writeHead(500);
        response.end();
      });
    });
    this.sockets = new Set();
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.origin = `http://127.0.0.1:${this.port}`;
    return this;
  }

  // The paths asked for by pages of `origin` (by their Referer): a host page's own
  // requests, and its navigation of the widget frame, but not the requests of other
  // tests' pages still in flight.
  requestsFrom(origin) {
    return this.requests.filter((_, i) => this.referrers[i].startsWith(origin + '/'));
  }

  // Stops listening and drops open connections (the network is "down").
  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  async handle(request, response) {
    const url = new URL(request.url, 'http://localhost');
    const urlPath = decodeURIComponent(url.pathname);
    this.requests.push(urlPath);
    this.referrers.push(request.headers.referer || '');
    const headers = { 'X-Content-Type-Options': 'nosniff', ...(this.extraHeaders ? this.extraHeaders(urlPath) : {}) };
    if (Object.prototype.hasOwnProperty.call(this.pages, urlPath)) {
      response.writeHead(200, { 'Content-Type': kTypes['.html'], 'Cache-Control': 'no-cache', ...headers });
      response.end(this.pages[urlPath]);
      return;
    }
    if (!this.root || request.method !== 'GET' || urlPath.includes('\0')) {
      response.writeHead(404);
      response.end();
      return;
    }
    let file = path.join(this.root, urlPath);
    if (!file.startsWith(this.root + path.sep) && file !== this.root) {
      response.writeHead(403);
      response.end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      const type = kTypes[path.extname(file)] || 'application/octet-stream';
      const widget = urlPath.startsWith('/widget/') || urlPath.startsWith('/engine/');
      response.writeHead(200, {
        'Content-Type': type,
        'Content-Length': body.length,
        'Cache-Control': cacheControl(urlPath),
        ...(widget ? { 'Content-Security-Policy': kWidgetCsp } : {}),
        ...headers,
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
    }
  }
}
