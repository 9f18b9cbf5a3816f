// The in-app inbox through the API: an information request reaches its
// deciders' inboxes and, once decided, the requester's; nobody reads or marks
// another user's notice; every POST needs the CSRF token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, assertProblem } from './lib.mjs';

const spu = new Client();
const supervisor = new Client();
const coordinator = new Client();
const border = new Client();
const hotline = new Client();
const admin = new Client();
let person;
let request;

const inbox = async (c, q = '') => {
  const r = await c.request('GET', `/api/v1/notifications${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const about = (page, kind, id) => page.items.filter((n) => n.kind === kind && n.object_id === id);

test('setup: sign in, record a person, ask for it', async () => {
  await spu.loginDemo('spu.investigator');
  await supervisor.loginDemo('spu.supervisor');
  await coordinator.loginDemo('coordinator');
  await border.loginDemo('border.officer');
  await hotline.loginDemo('hotline.operator');
  await admin.loginDemo('admin');
  const p = await spu.request('POST', '/api/v1/persons', { identity: { given_names: 'Nuranə', family_name: 'Babayeva' } });
  assert.equal(p.status, 201, p.text);
  person = p.json;
  const r = await border.request('POST', '/api/v1/information-requests', {
    object_type: 'person',
    object: person.reference,
    fields: ['identity'],
    purpose: 'Identify a presumed victim at the border post',
  });
  assert.equal(r.status, 201, r.text);
  request = r.json;
});

test('the users who may decide find the request in their inbox; others do not', async () => {
  for (const c of [spu, supervisor, coordinator]) {
    const page = await inbox(c);
    const mine = about(page, 'info_request.new', request.id);
    assert.equal(mine.length, 1, JSON.stringify(page));
    assert.equal(mine[0].object_type, 'information_request');
    assert.equal(mine[0].link, '/requests');
    assert.equal(mine[0].read_at, null);
    assert.ok(page.unread >= 1);
    // A notice holds no personal data: no name, no reference.
    assert.ok(!JSON.stringify(mine[0]).includes('Babayeva'));
    assert.ok(!JSON.stringify(mine[0]).includes(person.reference));
  }
  for (const c of [border, hotline]) assert.equal(about(await inbox(c), 'info_request.new', request.id).length, 0);
});

test("a user can never read or mark another user's notice, and marking needs CSRF", async () => {
  const notice = about(await inbox(supervisor), 'info_request.new', request.id)[0];
  assertProblem(assert, await border.request('POST', `/api/v1/notifications/${notice.id}/read`), 404);
  assertProblem(assert, await hotline.request('POST', `/api/v1/notifications/${notice.id}/read`), 404);
  assertProblem(assert, await supervisor.request('POST', `/api/v1/notifications/${notice.id}/read`, undefined, { csrf: false }), 403);
  assertProblem(assert, await supervisor.request('POST', '/api/v1/notifications/read-all', undefined, { csrf: false }), 403);
  assertProblem(assert, await supervisor.request('POST', '/api/v1/notifications/not-an-id/read'), 404);
  assert.equal(about(await inbox(supervisor), 'info_request.new', request.id)[0].read_at, null);

  const before = (await inbox(supervisor)).unread;
  const ok = await supervisor.request('POST', `/api/v1/notifications/${notice.id}/read`);
  assert.equal(ok.status, 200, ok.text);
  assert.ok(ok.json.read_at);
  assert.equal((await inbox(supervisor)).unread, before - 1);
  // The other deciders' copies are their own: still unread.
  assert.equal(about(await inbox(coordinator), 'info_request.new', request.id)[0].read_at, null);
  const anon = new Client();
  assertProblem(assert, await anon.request('GET', '/api/v1/notifications'), 401);
});

test('the decision reaches the requester', async () => {
  const ok = await supervisor.request('POST', `/api/v1/information-requests/${request.id}/approve`, {
    version: request.version,
    fields: ['identity'],
  });
  assert.equal(ok.status, 200, ok.text);
  const page = await inbox(border);
  assert.equal(about(page, 'info_request.decided', request.id).length, 1, JSON.stringify(page));
  assert.equal(about(await inbox(spu), 'info_request.decided', request.id).length, 0);
});

test('paging, read-all and bad parameters', async () => {
  const all = await inbox(spu);
  assert.ok(all.items.length >= 1);
  const first = await inbox(spu, '?limit=1');
  assert.equal(first.items.length, 1);
  assert.equal(first.items[0].id, all.items[0].id, 'newest first');
  if (all.items.length > 1) {
    assert.ok(first.next_before);
    const second = await inbox(spu, `?limit=1&before=${first.next_before}`);
    assert.equal(second.items[0].id, all.items[1].id);
  }
  assertProblem(assert, await spu.request('GET', '/api/v1/notifications?limit=0'), 400);
  assertProblem(assert, await spu.request('GET', '/api/v1/notifications?before=x'), 400);
  const r = await spu.request('POST', '/api/v1/notifications/read-all');
  assert.equal(r.status, 200, r.text);
  assert.equal((await inbox(spu)).unread, 0);
});

test('an administrator sets a notification address, validated', async () => {
  const agencies = (await admin.request('GET', '/api/v1/agencies')).json.items;
  const agency = agencies.find((a) => a.code === 'border');
  const body = {
    username: 'notify.mail',
    display_name: 'Notify Mail',
    agency_id: agency.id,
    roles: ['border_officer'],
    password: 'Correct-horse-battery-9!',
  };
  assertProblem(assert, await admin.request('POST', '/api/v1/users', { ...body, email: 'not an address' }), 400);
  assertProblem(assert, await admin.request('POST', '/api/v1/users', { ...body, email: 'a@b.example\r\nBcc: x@y.example' }), 400);
  const r = await admin.request('POST', '/api/v1/users', { ...body, email: 'notify.mail@border.example.test' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.user.email, 'notify.mail@border.example.test');
  const cleared = await admin.request('PATCH', `/api/v1/users/${r.json.user.id}`, { version: r.json.user.version, email: '' });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.email, null);
  assertProblem(
    assert,
    await admin.request('PATCH', `/api/v1/users/${r.json.user.id}`, { version: cleared.json.version, email: 'x@' }),
    400,
  );
  // Only an administrator may.
  assertProblem(
    assert,
    await border.request('PATCH', `/api/v1/users/${r.json.user.id}`, { version: cleared.json.version, email: 'a@b.example' }),
    403,
  );
});
