import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, demo, freshOtp, totp, assertProblem } from './lib.mjs';
import { readFileSync } from 'node:fs';

test('login sets an HttpOnly SameSite=Strict cookie and returns the user and a CSRF token', async () => {
  const c = new Client();
  const r = await c.loginDemo('border.officer');
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^nrm_session=[A-Za-z0-9_-]{40,}/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.doesNotMatch(cookie, /Secure/); // not behind TLS here
  assert.equal(r.json.user.username, 'border.officer');
  assert.deepEqual(r.json.user.roles, ['border_officer']);
  assert.ok(r.json.csrf_token.length >= 32);
  const me = await c.request('GET', '/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.json.csrf_token, r.json.csrf_token);
});

test('logout ends the session', async () => {
  const c = new Client();
  await c.loginDemo('donor');
  const out = await c.request('DELETE', '/api/v1/session');
  assert.equal(out.status, 204);
  assertProblem(assert, await c.request('GET', '/api/v1/session'), 401);
});

test('TOTP is required for administrators, SPU and the Coordinator, and a code cannot be replayed', async () => {
  for (const name of ['admin', 'coordinator', 'spu.investigator', 'spu.supervisor']) {
    const u = demo(name);
    assert.ok(u.totp_secret, `${name} has a TOTP secret`);
    const c = new Client();
    assertProblem(assert, await c.login(u.username, u.password), 401);
    assertProblem(assert, await c.login(u.username, u.password, '000000' === totp(u.totp_secret) ? '111111' : '000000'), 401);
    const code = await freshOtp(u);
    assert.equal((await c.login(u.username, u.password, code)).status, 200);
    assertProblem(assert, await new Client().login(u.username, u.password, code), 401);
  }
  assert.equal(demo('border.officer').totp_secret, null);
});

test('an unknown user gets the very same answer as a wrong password', async () => {
  const a = await new Client().login('nobody.here', 'Wrong-password-123');
  const b = await new Client().login('ngo.caseworker', 'Wrong-password-123');
  assert.equal(a.status, 401);
  assert.equal(a.text, b.text);
});

test('five failures lock the account; the right password is then refused too', async () => {
  const u = demo('analyst');
  for (let i = 0; i < 5; i++) assertProblem(assert, await new Client().login(u.username, 'Not-the-password-' + i), 401);
  const r = await new Client().login(u.username, u.password);
  assertProblem(assert, r, 401);
});

test('mutating requests without the CSRF token are refused', async () => {
  const c = new Client();
  await c.loginDemo('admin');
  const r = await c.request(
    'POST',
    '/api/v1/users',
    { username: 'x.user', display_name: 'X', agency_id: 'border', roles: ['border_officer'], password: 'a-Long-enough-passw0rd' },
    { csrf: false },
  );
  assertProblem(assert, r, 403);
  const wrong = await c.request('DELETE', '/api/v1/session', undefined, { csrf: false, headers: { 'x-csrf-token': 'forged' } });
  assertProblem(assert, wrong, 403);
  assert.equal((await c.request('GET', '/api/v1/session')).status, 200, 'session survives the refused logout');
});

test('the access log holds no tokens, passwords or usernames', async () => {
  const c = new Client();
  const u = demo('hotline.operator');
  const r = await c.login(u.username, u.password);
  assert.equal(r.status, 200);
  await c.request('GET', '/api/v1/agencies');
  await new Promise((res) => setTimeout(res, 200));
  const log = readFileSync(process.env.SERVER_LOG, 'utf8');
  const token = c.cookie.split('=')[1];
  assert.ok(log.includes('/api/v1/agencies'), 'the access log records the route');
  assert.ok(!log.includes(token), 'no session token in the log');
  assert.ok(!log.includes(u.password), 'no password in the log');
  assert.ok(!log.includes(r.json.csrf_token), 'no CSRF token in the log');
  assert.ok(!log.includes('hotline.operator'), 'no username in the log');
});
