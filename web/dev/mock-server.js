// A stand-in for `nrm serve`, for working on the web UI without the C++
// server: the same API contract (in memory, simplified) and the same static
// file serving and CSP. Not used by the tests that CI runs; those start the
// real server through test/e2e/run.sh.
//
//   node web/dev/mock-server.js [--port 8090] [--creds /tmp/mock-creds.json]
//   BASE_URL=http://127.0.0.1:8090 CREDS=/tmp/mock-creds.json node --test test/e2e/
import { createHmac, randomBytes, randomUUID, createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'web/dist');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const port = Number(args.port ?? 8090);

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ROLES = [
  ['coordinator', true, ['plan.manage', 'inforeq.approve', 'needs.view']],
  ['spu_investigator', true, ['cases.investigate']],
  ['spu_supervisor', true, ['cases.investigate', 'cases.assign']],
  ['border_officer', false, ['referrals.create']],
  ['police_liaison', false, ['referrals.create']],
  ['hotline_operator', false, ['referrals.create', 'hotline.log']],
  ['shelter_staff', false, ['shelter.manage']],
  ['ngo_caseworker', false, ['services.deliver']],
  ['ministry_focal', false, ['plan.report']],
  ['donor', false, ['needs.view']],
  ['analyst', false, ['stats.view']],
  ['admin', true, ['users.manage', 'agencies.manage', 'sessions.manage', 'system.health']],
].map(([code, requires_totp, capabilities]) => ({ code, requires_totp, capabilities }));

const data = JSON.parse(readFileSync(join(root, 'data/agencies.json'), 'utf8'));
const idOf = new Map(data.agencies.map((a) => [a.code, randomUUID()]));
const agencies = data.agencies.map((a) => ({
  id: idOf.get(a.code),
  code: a.code,
  kind: a.kind,
  parent_id: a.parent ? idOf.get(a.parent) : null,
  name: a.name,
  short: a.short,
  active: true,
}));

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function b32(bytes) {
  let bits = 0,
    value = 0,
    out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
function unb32(s) {
  let bits = 0,
    value = 0;
  const out = [];
  for (const c of s) {
    value = (value << 5) | B32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 255);
    }
  }
  return Buffer.from(out);
}
function totpAt(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', unb32(secret)).update(msg).digest();
  const o = mac[19] & 15;
  return String((((mac[o] & 127) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3]) % 1e6).padStart(6, '0');
}

const users = new Map(); // id -> user (with password, totp_secret, totp_last_step)
const sessions = new Map(); // token -> session
const capsOf = (roles) => [...new Set(roles.flatMap((r) => ROLES.find((x) => x.code === r)?.capabilities ?? []))].sort();
const needsTotp = (roles) => roles.some((r) => ROLES.find((x) => x.code === r)?.requires_totp);
const pub = (u) => ({
  id: u.id,
  username: u.username,
  display_name: u.display_name,
  agency_id: u.agency_id,
  roles: u.roles,
  capabilities: capsOf(u.roles),
  disabled: u.disabled,
  totp_enabled: !!u.totp_secret,
  created_at: u.created_at,
  version: u.version,
});
function addUser({ username, display_name, agency_id, roles, password }) {
  const u = {
    id: randomUUID(),
    username,
    display_name,
    agency_id,
    roles,
    password,
    disabled: false,
    totp_secret: needsTotp(roles) ? b32(randomBytes(20)) : null,
    totp_last_step: 0,
    created_at: new Date().toISOString(),
    version: 1,
  };
  users.set(u.id, u);
  return u;
}
const demo = [
  ['admin', 'Administrator', 'admin', 'coordinator'],
  ['border.officer', 'Orxan İsmayılov', 'border_officer', 'border'],
  ['coordinator', 'Nərgiz Əliyeva', 'coordinator', 'coordinator'],
  ['shelter.staff', 'Ülviyyə Çələbiyeva', 'shelter_staff', 'shelter'],
  ['analyst', 'İlkin Rzayev', 'analyst', 'coordinator'],
].map(([username, display_name, role, agency]) => {
  const password = randomBytes(9).toString('base64url');
  const u = addUser({ username, display_name, agency_id: idOf.get(agency), roles: [role], password });
  return { username, password, totp_secret: u.totp_secret, roles: [role], agency };
});
if (args.creds) writeFileSync(args.creds, JSON.stringify({ users: demo }, null, 2));

const csrfFor = (token) =>
  createHash('sha256')
    .update('csrf:' + token)
    .digest('base64url');

function send(res, status, body, headers = {}) {
  const h = { 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', ...headers };
  if (body === undefined) {
    res.writeHead(status, h);
    return res.end();
  }
  const isProblem = status >= 400;
  res.writeHead(status, { ...h, 'Content-Type': isProblem ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
}
const problem = (res, status, kind, detail, errors) =>
  send(res, status, { type: `https://opennrm.example/problems/${kind}`, title: kind, status, detail, ...(errors ? { errors } : {}) });

function sessionOf(req) {
  const m = /(?:^|;\s*)nrm_session=([^;]+)/.exec(req.headers.cookie ?? '');
  const s = m ? sessions.get(m[1]) : undefined;
  if (!s || s.expires < Date.now()) return null;
  const u = users.get(s.user_id);
  if (!u || u.disabled) return null;
  s.last_seen_at = new Date().toISOString();
  return { s, u, token: m[1] };
}

async function body(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    return JSON.parse(raw || '{}');
  } catch {
    return null;
  }
}

const sessionJson = (s, cur) => ({
  id: s.id,
  user_id: s.user_id,
  created_at: s.created_at,
  last_seen_at: s.last_seen_at,
  expires_at: new Date(s.expires).toISOString(),
  current: s.id === cur,
});

async function api(req, res, url) {
  const path = url.pathname;
  const m = req.method;
  if (path === '/api/v1/session' && m === 'POST') {
    const b = await body(req);
    if (!b) return problem(res, 400, 'invalid-argument', 'Body is not JSON.');
    const u = [...users.values()].find((x) => x.username === b.username);
    if (!u || u.password !== b.password || u.disabled) return problem(res, 401, 'unauthenticated', 'Wrong username or password.');
    if (u.totp_secret) {
      const step = Math.floor(Date.now() / 30000);
      const ok = [step - 1, step, step + 1].find((s) => s > u.totp_last_step && totpAt(u.totp_secret, s) === b.otp);
      if (ok === undefined) return problem(res, 401, 'otp-required', 'A valid one-time code is required.');
      u.totp_last_step = ok;
    }
    const token = randomBytes(24).toString('base64url');
    const now = new Date().toISOString();
    const s = { id: randomUUID(), user_id: u.id, created_at: now, last_seen_at: now, expires: Date.now() + 8 * 3600e3 };
    sessions.set(token, s);
    return send(
      res,
      200,
      { user: pub(u), csrf_token: csrfFor(token), expires_at: new Date(s.expires).toISOString() },
      {
        'Set-Cookie': `nrm_session=${token}; Path=/; HttpOnly; SameSite=Strict`,
      },
    );
  }
  const who = sessionOf(req);
  if (!who) return problem(res, 401, 'unauthenticated', 'Sign in first.');
  if (m !== 'GET' && req.headers['x-csrf-token'] !== csrfFor(who.token)) return problem(res, 403, 'csrf-rejected', 'Missing CSRF token.');
  const can = (c) => capsOf(who.u.roles).includes(c);
  if (path === '/api/v1/session' && m === 'GET')
    return send(res, 200, { user: pub(who.u), csrf_token: csrfFor(who.token), expires_at: new Date(who.s.expires).toISOString() });
  if (path === '/api/v1/session' && m === 'DELETE') {
    sessions.delete(who.token);
    return send(res, 204);
  }
  if (path === '/api/v1/agencies' && m === 'GET') return send(res, 200, { items: agencies });
  if (path === '/api/v1/roles' && m === 'GET') return send(res, 200, { items: ROLES });
  if (path === '/api/v1/sessions' && m === 'GET') {
    const uid = url.searchParams.get('user_id') ?? who.u.id;
    if (uid !== who.u.id && !can('sessions.manage')) return problem(res, 403, 'permission-denied', 'Not allowed.');
    return send(res, 200, { items: [...sessions.values()].filter((s) => s.user_id === uid).map((s) => sessionJson(s, who.s.id)) });
  }
  let mm = /^\/api\/v1\/sessions\/([^/]+)$/.exec(path);
  if (mm && m === 'DELETE') {
    const entry = [...sessions.entries()].find(([, s]) => s.id === mm[1]);
    if (!entry) return problem(res, 404, 'not-found', 'No such session.');
    if (entry[1].user_id !== who.u.id && !can('sessions.manage')) return problem(res, 403, 'permission-denied', 'Not allowed.');
    sessions.delete(entry[0]);
    return send(res, 204);
  }
  if (!can('users.manage') && path.startsWith('/api/v1/users')) return problem(res, 403, 'permission-denied', 'Not allowed.');
  if (path === '/api/v1/users' && m === 'GET') return send(res, 200, { items: [...users.values()].map(pub) });
  if (path === '/api/v1/users' && m === 'POST') {
    const b = await body(req);
    if (!b) return problem(res, 400, 'invalid-argument', 'Body is not JSON.');
    const errors = [];
    if (!/^[a-z0-9._-]{3,64}$/.test(b.username ?? ''))
      errors.push({ field: 'username', message: 'Use 3-64 lowercase letters, digits, . _ -' });
    if (!b.display_name) errors.push({ field: 'display_name', message: 'Required.' });
    if (!agencies.some((a) => a.id === b.agency_id)) errors.push({ field: 'agency_id', message: 'Unknown agency.' });
    if (!Array.isArray(b.roles) || !b.roles.length || b.roles.some((r) => !ROLES.some((x) => x.code === r)))
      errors.push({ field: 'roles', message: 'Choose known roles.' });
    if ((b.password ?? '').length < 12) errors.push({ field: 'password', message: 'At least 12 characters.' });
    if (errors.length) return problem(res, 400, 'invalid-argument', 'The user is not valid.', errors);
    if ([...users.values()].some((x) => x.username === b.username)) return problem(res, 409, 'already-exists', 'The username is taken.');
    const u = addUser(b);
    return send(res, 201, {
      user: pub(u),
      ...(u.totp_secret
        ? { totp_secret: u.totp_secret, totp_uri: `otpauth://totp/OpenNRM:${u.username}?secret=${u.totp_secret}&issuer=OpenNRM` }
        : {}),
    });
  }
  mm = /^\/api\/v1\/users\/([^/]+)$/.exec(path);
  if (mm && m === 'PATCH') {
    const u = users.get(mm[1]);
    if (!u) return problem(res, 404, 'not-found', 'No such user.');
    const b = await body(req);
    if (!b || typeof b.version !== 'number') return problem(res, 400, 'invalid-argument', 'version is required.');
    if (b.version !== u.version) return problem(res, 409, 'conflict', 'The user was changed by someone else.');
    for (const k of ['display_name', 'roles', 'disabled', 'agency_id']) if (k in b) u[k] = b[k];
    u.version++;
    if (u.disabled) for (const [t, s] of sessions) if (s.user_id === u.id) sessions.delete(t);
    return send(res, 200, pub(u));
  }
  return problem(res, 404, 'not-found', 'No such route.');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (url.pathname === '/readyz' || url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
    if (url.pathname.startsWith('/api/')) return await api(req, res, url);
    let file = normalize(join(dist, url.pathname));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP });
    res.end(readFileSync(file));
  } catch (e) {
    console.error(e);
    problem(res, 500, 'internal', 'Internal error.');
  }
});
server.listen(port, '127.0.0.1', () => {
  const actual = server.address().port;
  if (args['port-file']) writeFileSync(args['port-file'], String(actual));
  console.log(`mock nrm on http://127.0.0.1:${actual}`);
});
