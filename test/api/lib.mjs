// Helpers for the black-box API tests: sign-in with TOTP, CSRF-carrying
// requests, raw sockets for what fetch() cannot send.
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { checkResponse } from './contract.mjs';

export const BASE = process.env.BASE_URL;
export const creds = JSON.parse(readFileSync(process.env.CREDS, 'utf8'));
export const demo = (name) => creds.users.find((u) => u.username === name);

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 with HMAC-SHA1, 30 s steps, 6 digits. `offset` picks a later step:
// the server refuses a code whose step was already used (replay).
export function totp(secret, offset = 0, now = Date.now()) {
  const step = BigInt(Math.floor(now / 30000) + offset);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(step);
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

// The server refuses a TOTP step it has already accepted for that user, and
// accepts at most one step ahead of the clock. Test files run in separate
// processes, so the last step used per user is kept in a file; when the
// next step is too far ahead, wait for the clock.
const stepsFile = `${process.env.DATA_DIR}/totp-steps.json`;
export async function freshOtp(user) {
  const used = existsSync(stepsFile) ? JSON.parse(readFileSync(stepsFile, 'utf8')) : {};
  let now = Math.floor(Date.now() / 30000);
  const step = Math.max(now, (used[user.username] ?? -1) + 1);
  if (step > now + 1) {
    await new Promise((r) => setTimeout(r, (step - 1) * 30000 - Date.now() + 50));
    now = Math.floor(Date.now() / 30000);
  }
  used[user.username] = step;
  writeFileSync(stepsFile, JSON.stringify(used));
  return totp(user.totp_secret, step - now);
}

export class Client {
  constructor(base = BASE) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
  }
  // Every answer is checked against the OpenAPI document (contract.mjs): an
  // undocumented status, field or type fails the test that made the request.
  async request(method, path, body, { headers = {}, csrf = true, raw = false } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = raw ? body : JSON.stringify(body);
      if (!('content-type' in h)) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    const out = { status: res.status, headers: res.headers, text, json };
    checkResponse(method, path, out);
    return out;
  }
  async login(username, password, otp) {
    const body = { username, password };
    if (otp !== undefined) body.otp = otp;
    const r = await this.request('POST', '/api/v1/session', body);
    if (r.status === 200) {
      this.cookie = r.headers.get('set-cookie').split(';')[0];
      this.csrf = r.json.csrf_token;
    }
    return r;
  }
  async loginDemo(name) {
    const u = demo(name);
    const r = await this.login(u.username, u.password, u.totp_secret ? await freshOtp(u) : undefined);
    if (r.status !== 200) throw new Error(`login ${name} failed: ${r.status} ${r.text}`);
    return r;
  }
}

// Sends raw bytes and returns the raw response text (first chunk set).
export function rawRequest(text, { timeoutMs = 5000 } = {}) {
  const url = new URL(BASE);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, timeoutMs);
    sock.on('data', (d) => {
      out += d.toString('utf8');
      if (/\r\n\r\n/.test(out)) {
        clearTimeout(timer);
        setTimeout(() => {
          sock.destroy();
          resolve(out);
        }, 100);
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      out ? resolve(out) : reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.write(text);
  });
}

export function assertProblem(assert, r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.json.status, status);
  assert.ok(r.json.type && r.json.title, 'problem has type and title');
}
