// Talking to relais-server: the HTTP session API and the agent WebSocket
// (with automatic reconnection; the server re-sends state on each connect).
export async function login(email, password) {
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

export async function me() {
  const res = await fetch('/api/me', { credentials: 'same-origin' });
  return res.ok ? res.json() : null;
}

export async function logout(csrfToken) {
  await fetch('/api/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  });
}

// An agent connection. onFrame(frame) for every server frame; onState(open).
export class AgentSocket {
  constructor({ onFrame, onState }) {
    this.onFrame = onFrame;
    this.onState = onState;
    this.delay = 500;
    this.stopped = false;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.ws = new WebSocket(`${scheme}://${location.host}/ws?role=agent`);
    this.ws.addEventListener('open', () => { this.delay = 500; this.onState(true); });
    this.ws.addEventListener('message', (e) => {
      let frame;
      try { frame = JSON.parse(e.data); } catch { return; }
      this.onFrame(frame);
    });
    this.ws.addEventListener('close', () => {
      this.onState(false);
      if (this.stopped) return;
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 10000);
    });
  }

  send(frame) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ v: 1, ...frame }));
  }

  stop() { this.stopped = true; this.ws.close(); }
}
