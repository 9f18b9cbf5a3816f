import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, demo, assertProblem } from './lib.mjs';

const admin = new Client();
let agencies;
test('setup: the administrator signs in', async () => {
  await admin.loginDemo('admin');
  agencies = (await admin.request('GET', '/api/v1/agencies')).json.items;
});

test('agencies come from the NAP registry with names in az, en and ru', async () => {
  const spu = agencies.find((a) => a.code === 'spu');
  const mia = agencies.find((a) => a.code === 'mia');
  assert.ok(spu && mia);
  assert.equal(spu.parent_id, mia.id);
  for (const code of ['coordinator', 'border', 'customs', 'prosecution', 'courts', 'hotline', 'shelter', 'donors', 'ombudsman', 'media'])
    assert.ok(
      agencies.some((a) => a.code === code),
      code,
    );
  for (const a of agencies) for (const l of ['az', 'en', 'ru']) assert.ok(a.name[l].length > 0, `${a.code} name ${l}`);
  assert.match(mia.name.az, /Daxili İşlər Nazirliyi/);
});

test('an administrator creates an agency user; TOTP secret only for roles that need it', async () => {
  const border = agencies.find((a) => a.code === 'border');
  const r = await admin.request('POST', '/api/v1/users', {
    username: 'new.officer',
    display_name: 'Nigar Əhmədova',
    agency_id: border.id,
    roles: ['border_officer'],
    password: 'Sərhəd-keşik-2026!',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.user.display_name, 'Nigar Əhmədova');
  assert.equal(r.json.totp_secret, undefined);
  const login = await new Client().login('new.officer', 'Sərhəd-keşik-2026!');
  assert.equal(login.status, 200);

  const s = await admin.request('POST', '/api/v1/users', {
    username: 'new.investigator',
    display_name: 'Kamran',
    agency_id: 'spu',
    roles: ['spu_investigator'],
    password: 'Investigate-this-2026',
  });
  assert.equal(s.status, 201, s.text);
  assert.match(s.json.totp_secret, /^[A-Z2-7]{32}$/);
  assert.match(s.json.totp_uri, /^otpauth:\/\/totp\//);
});

test('bad user input is refused with a clear problem and nothing is written', async () => {
  const before = (await admin.request('GET', '/api/v1/users')).json.items.length;
  const cases = [
    [
      { username: 'Bad Name', display_name: 'x', agency_id: 'border', roles: ['border_officer'], password: 'Long-enough-pass-1' },
      /username/,
    ],
    [{ username: 'weak.pw', display_name: 'x', agency_id: 'border', roles: ['border_officer'], password: 'short' }, /12/],
    [{ username: 'no.role', display_name: 'x', agency_id: 'border', roles: [], password: 'Long-enough-pass-1' }, /role/],
    [{ username: 'bad.role', display_name: 'x', agency_id: 'border', roles: ['god'], password: 'Long-enough-pass-1' }, /role/],
    [{ username: 'bad.agency', display_name: 'x', agency_id: 'nowhere', roles: ['donor'], password: 'Long-enough-pass-1' }, /agency/],
    [
      {
        username: 'extra.field',
        display_name: 'x',
        agency_id: 'border',
        roles: ['donor'],
        password: 'Long-enough-pass-1',
        is_superuser: true,
      },
      /unknown field/,
    ],
  ];
  for (const [body, re] of cases) {
    const r = await admin.request('POST', '/api/v1/users', body);
    assertProblem(assert, r, 400);
    assert.match(r.json.detail, re);
  }
  const dup = await admin.request('POST', '/api/v1/users', {
    username: 'donor',
    display_name: 'x',
    agency_id: 'donors',
    roles: ['donor'],
    password: 'Long-enough-pass-1',
  });
  assertProblem(assert, dup, 409);
  assert.equal((await admin.request('GET', '/api/v1/users')).json.items.length, before);
});

test('disabling a user ends their sessions; a stale version is a conflict', async () => {
  const victim = new Client();
  const u = demo('police.liaison');
  assert.equal((await victim.login(u.username, u.password)).status, 200);
  const list = (await admin.request('GET', '/api/v1/users')).json.items;
  const row = list.find((x) => x.username === 'police.liaison');
  const r = await admin.request('PATCH', `/api/v1/users/${row.id}`, { version: row.version, disabled: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.disabled, true);
  assert.equal(r.json.version, row.version + 1);
  assertProblem(assert, await victim.request('GET', '/api/v1/agencies'), 401);
  assertProblem(assert, await new Client().login(u.username, u.password), 401);
  assertProblem(assert, await admin.request('PATCH', `/api/v1/users/${row.id}`, { version: row.version, disabled: false }), 409);
  const back = await admin.request('PATCH', `/api/v1/users/${row.id}`, { version: row.version + 1, disabled: false });
  assert.equal(back.status, 200);
});

test('an administrator cannot disable themselves', async () => {
  const me = (await admin.request('GET', '/api/v1/session')).json.user;
  assertProblem(assert, await admin.request('PATCH', `/api/v1/users/${me.id}`, { version: me.version, disabled: true }), 409);
});

test('sessions can be listed and revoked, by the owner or an administrator', async () => {
  const c = new Client();
  await c.loginDemo('shelter.staff');
  const mine = await c.request('GET', '/api/v1/sessions');
  assert.equal(mine.status, 200);
  const current = mine.json.items.find((s) => s.current);
  assert.ok(current);
  const me = (await c.request('GET', '/api/v1/session')).json.user;
  const seen = await admin.request('GET', `/api/v1/sessions?user_id=${me.id}`);
  assert.ok(seen.json.items.some((s) => s.id === current.id));
  // Another ordinary user can neither list nor revoke it.
  const other = new Client();
  await other.loginDemo('ngo.caseworker');
  assertProblem(assert, await other.request('GET', `/api/v1/sessions?user_id=${me.id}`), 403);
  assertProblem(assert, await other.request('DELETE', `/api/v1/sessions/${current.id}`), 404);
  assert.equal((await admin.request('DELETE', `/api/v1/sessions/${current.id}`)).status, 204);
  assertProblem(assert, await c.request('GET', '/api/v1/session'), 401);
});

test('roles are capabilities: non-administrators cannot administer users', async () => {
  for (const name of ['coordinator', 'border.officer', 'donor']) {
    const c = new Client();
    await c.loginDemo(name);
    assertProblem(assert, await c.request('GET', '/api/v1/users'), 403);
    assertProblem(
      assert,
      await c.request('POST', '/api/v1/users', {
        username: 'sneaky',
        display_name: 'x',
        agency_id: 'border',
        roles: ['admin'],
        password: 'Long-enough-pass-1',
      }),
      403,
    );
  }
  assertProblem(assert, await new Client().request('GET', '/api/v1/users'), 401);
});
