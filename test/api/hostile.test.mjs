// Hostile JSON against every JSON route of the OpenAPI document: no input
// produces a 5xx; deep or huge bodies are refused at once without memory
// growth, before the body is read when the caller may not use the route;
// /healthz keeps answering; a store failure is logged once with its request
// id and internal text, never sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { BASE, Client, assertProblem } from './lib.mjs';

const ZERO_ID = '00000000-0000-7000-8000-000000000000';

function rssKiB(field = 'VmHWM') {
  const s = readFileSync(`/proc/${process.env.NRM_PID}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(s)[1]);
}

// Sends headers (and optionally part of a body) on a raw socket; resolves
// with the status line's code and the time it took.
function rawStatus(head, body = '', timeoutMs = 5000) {
  const url = new URL(BASE);
  const start = Date.now();
  return new Promise((resolve) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let out = '';
    const done = () => {
      sock.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(out)?.[1] ?? 0), ms: Date.now() - start, text: out });
    };
    const timer = setTimeout(done, timeoutMs);
    sock.on('data', (d) => {
      out += d.toString('latin1');
      if (out.includes('\r\n\r\n')) {
        clearTimeout(timer);
        setTimeout(done, 50);
      }
    });
    sock.on('error', () => {
      clearTimeout(timer);
      done();
    });
    sock.write(head);
    if (body) sock.write(body);
  });
}

async function healthz() {
  const start = Date.now();
  const r = await fetch(`${BASE}/healthz`);
  return { status: r.status, ms: Date.now() - start };
}

const deep = (n, open = '[') => open.repeat(n);

// Bodies that break types and bounds: built from the operation's schema
// where it names properties, plus shapes that fit no schema.
function hostileBodies(schema) {
  const props = Object.keys(schema?.properties ?? {});
  const bodies = [
    deep(100000),
    deep(20000, '{"a":'),
    '{"a":1e999}',
    `{"a":${'9'.repeat(400)}}`,
    '{"a":"\\ud800"}',
    '[]',
    'null',
    '{"__proto__":{"x":1},"constructor":{"prototype":{}}}',
    '{',
  ];
  const wrong = [1e308, -1, 0.5, true, null, '', 'x'.repeat(70000), [], {}, [[[[]]]], { a: { b: { c: {} } } }, '\u202e\u0000'];
  for (const value of wrong) {
    const o = {};
    for (const p of props) o[p] = value;
    bodies.push(JSON.stringify(o));
  }
  for (const p of props) bodies.push(`{"${p}":1e999}`);
  return bodies;
}

test('no JSON input to any JSON route gives a 5xx', async () => {
  const doc = await (await fetch(`${BASE}/api/v1/openapi.json`)).json();
  const resolve = (s) =>
    s?.$ref
      ? resolve(
          s.$ref
            .split('/')
            .slice(1)
            .reduce((o, k) => o[k], doc),
        )
      : s;
  // Users with different capabilities, so that bodies reach the parsers of
  // routes each may use.
  const users = [];
  for (const name of ['coordinator', 'spu.investigator', 'border.officer', 'admin', 'shelter.staff']) {
    const c = new Client();
    await c.loginDemo(name);
    users.push(c);
  }
  let requests = 0;
  const failures = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['post', 'put', 'patch']) {
      const op = item[method];
      if (!op?.requestBody) continue;
      const media = op.requestBody.content?.['application/json'];
      if (!media) continue;
      if (path === '/api/v1/session') continue; // sign-in has its own throttle tests
      const url = path.replace(/\{[^}]+\}/g, ZERO_ID);
      for (const body of hostileBodies(resolve(media.schema))) {
        for (const c of users) {
          const r = await c.request(method.toUpperCase(), url, body, { raw: true });
          requests++;
          if (r.status >= 500) failures.push(`${method.toUpperCase()} ${path} -> ${r.status} for ${body.slice(0, 60)}`);
          else assert.ok(r.status >= 200, `${path}: ${r.status}`);
        }
      }
    }
  }
  assert.ok(requests > 1000, `only ${requests} requests were tried`);
  assert.deepEqual(failures, [], failures.slice(0, 20).join('\n'));
  assert.equal((await healthz()).status, 200);
});

test('deep and huge bodies are refused in well under a second, /healthz keeps answering', async () => {
  const spu = new Client();
  await spu.loginDemo('border.officer');
  const donor = new Client();
  await donor.loginDemo('donor');
  const before = rssKiB('VmRSS');
  // A border officer may refer: the body is read, and refused at byte 33.
  const start = Date.now();
  const [r, h] = await Promise.all([spu.request('POST', '/api/v1/referrals', deep(100000), { raw: true }), healthz()]);
  assert.equal(r.status, 400, r.text.slice(0, 200));
  assert.match(r.json.detail, /nested deeper than 32/);
  assert.ok(Date.now() - start < 1000, `depth 100,000 took ${Date.now() - start} ms`);
  assert.equal(h.status, 200);
  // A donor may not: 403 before any of the 20 MiB is read (the server then
  // closes, so a plain fetch would see the upload cut off).
  const body = deep(20 << 20);
  const [d, h2] = await Promise.all([
    rawStatus(
      `POST /api/v1/referrals HTTP/1.1\r\nHost: x\r\nCookie: ${donor.cookie}\r\nX-CSRF-Token: ${donor.csrf}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body.slice(0, 1 << 20),
    ),
    healthz(),
  ]);
  assert.equal(d.status, 403, d.text);
  assert.ok(d.ms < 1000, `20 MiB from a donor took ${d.ms} ms`);
  assert.equal(h2.status, 200);
  assert.ok(h2.ms < 1000, `/healthz took ${h2.ms} ms`);
  const grown = rssKiB('VmRSS') - before;
  assert.ok(grown < 64 * 1024, `resident memory grew by ${grown} KiB`);
});

test('an unauthenticated 28 MiB body is refused without being read', async () => {
  const size = 28 << 20;
  const r = await rawStatus(
    `POST /api/v1/referrals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
  );
  assert.equal(r.status, 401, r.text);
  assert.ok(r.ms < 1000, `took ${r.ms} ms`);
  // A donor (no referral capability) is refused the same way, before the body.
  const donor = new Client();
  await donor.loginDemo('donor');
  const csrf = donor.csrf;
  const d = await rawStatus(
    `POST /api/v1/referrals HTTP/1.1\r\nHost: x\r\nCookie: ${donor.cookie}\r\nX-CSRF-Token: ${csrf}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
  );
  assert.equal(d.status, 403, d.text);
  assert.ok(d.ms < 1000, `took ${d.ms} ms`);
});

test('three bad fields get one 400 naming all three', async () => {
  const admin = new Client();
  await admin.loginDemo('admin');
  const agencies = (await admin.request('GET', '/api/v1/agencies')).json.items;
  const r = await admin.request('POST', '/api/v1/users', {
    username: 'Bad Name!',
    display_name: 'x\u202ey',
    agency_id: agencies[0].id,
    roles: ['no.such.role'],
    password: 'short',
  });
  assertProblem(assert, r, 400);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['display_name', 'password', 'roles', 'username']);
  for (const e of r.json.errors) assert.ok(e.code && e.detail, JSON.stringify(e));
  // A body where none is taken is refused member by member.
  const c = new Client();
  await c.loginDemo('coordinator');
  const n = await c.request('POST', '/api/v1/notifications/read-all', { a: 1, b: 2, c: 3 });
  assertProblem(assert, n, 400);
  assert.deepEqual(n.json.errors.map((e) => e.field).sort(), ['a', 'b', 'c']);
});

test('unknown query parameters are refused, naming them', async () => {
  const c = new Client();
  await c.loginDemo('coordinator');
  const r = await c.request('GET', '/api/v1/notifications?limit=5&sort=name&q=x');
  assertProblem(assert, r, 400);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['q', 'sort']);
  assert.equal((await c.request('GET', '/api/v1/notifications?limit=5')).status, 200);
});

test('a store failure is logged once with its request id and internal text, and not answered', async () => {
  const c = new Client();
  await c.loginDemo('coordinator');
  const db = `${process.env.DATA_DIR}/nrm.db`;
  execFileSync('sqlite3', [db, 'ALTER TABLE notices RENAME TO notices_gone_4711']);
  let r;
  try {
    r = await c.request('GET', '/api/v1/notifications');
  } finally {
    execFileSync('sqlite3', [db, 'ALTER TABLE notices_gone_4711 RENAME TO notices']);
  }
  assert.ok(r.status >= 500, `${r.status} ${r.text}`);
  assert.ok(!r.text.includes('notices'), `the answer leaks: ${r.text}`);
  const id = r.headers.get('x-request-id');
  await new Promise((res) => setTimeout(res, 100));
  const lines = readFileSync(process.env.SERVER_LOG, 'utf8')
    .split('\n')
    .filter((l) => l.includes(id));
  const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'server error');
  assert.equal(errors.length, 1, lines.join('\n'));
  assert.equal(errors[0].route, '/api/v1/notifications');
  assert.match(errors[0].internal, /notices/);
  assert.equal((await c.request('GET', '/api/v1/notifications')).status, 200);
});
