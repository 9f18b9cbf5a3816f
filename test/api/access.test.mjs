// Need-to-know through the API: who sees a person, information requests,
// grants and their revocation, break-glass and oversight, access history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, assertProblem } from './lib.mjs';

const spu = new Client();
const border = new Client();
const coordinator = new Client();
const admin = new Client();
const shelter = new Client();
let person;

test('setup: sign in', async () => {
  await spu.loginDemo('spu.investigator');
  await border.loginDemo('border.officer');
  await coordinator.loginDemo('coordinator');
  await admin.loginDemo('admin');
  await shelter.loginDemo('shelter.staff');
});

test('an SPU investigator records a person; the answer holds every class, sealed at rest', async () => {
  const r = await spu.request('POST', '/api/v1/persons', {
    identity: { given_names: 'Aygün', family_name: 'Məmmədova', birth_date: '1999-04-12', document_number: 'AZE 1234567' },
    contact: { phone: '+994 50 555 12 34' },
    location: { address: 'Gəncə, Atatürk pr. 5' },
    detail: { gender: 'female', citizenship: 'AZE' },
  });
  assert.equal(r.status, 201, r.text);
  person = r.json;
  assert.match(person.reference, /^P-\d{4}-\d{6}$/);
  assert.deepEqual(person.fields.sort(), ['contact', 'detail', 'health', 'identity', 'investigation', 'location', 'reference']);
  assert.equal(person.identity.family_name, 'Məmmədova');
});

test('bad person input is refused and nothing is written', async () => {
  const before = (await spu.request('GET', '/api/v1/persons')).json.items.length;
  for (const body of [
    { identity: { birth_date: '1999-13-40' } },
    { identity: { favourite_colour: 'blue' } },
    { secrets: { x: 'y' } },
    { identity: 'not an object' },
  ])
    assertProblem(assert, await spu.request('POST', '/api/v1/persons', body), 400);
  assert.equal((await spu.request('GET', '/api/v1/persons')).json.items.length, before);
});

const named = (r) => Object.fromEntries(r.json.errors.map((e) => [e.field, e.code]));

test('a person with three bad fields gets one 400 naming all three, by their paths in the body', async () => {
  const before = (await spu.request('GET', '/api/v1/persons')).json.items.length;
  const bad = {
    identity: {
      given_names: 'Aysel',
      birth_date: '1999-13-40',
      documents: [
        { type: 'passport', number: 'C 1' },
        { type: 'library_card', number: 'X' },
      ],
    },
    contact: { phone: '5'.repeat(401) },
  };
  const r = await spu.request('POST', '/api/v1/persons', bad);
  assertProblem(assert, r, 400);
  assert.deepEqual(named(r), { 'identity.birth_date': 'format', 'identity.documents.1.type': 'enum', 'contact.phone': 'too_long' });
  for (const e of r.json.errors) assert.ok(e.detail, `${e.field} has a detail`);
  // Wrong types, unknown members and broken rules come in the same answer.
  const mixed = await spu.request('POST', '/api/v1/persons', {
    identity: { given_names: 42, birth_date: 'soon' },
    contact: { fax: '1' },
    colour: 'red',
  });
  assertProblem(assert, mixed, 400);
  assert.deepEqual(named(mixed), {
    'identity.given_names': 'type',
    'identity.birth_date': 'format',
    'contact.fax': 'unknown',
    colour: 'unknown',
  });
  assert.equal((await spu.request('GET', '/api/v1/persons')).json.items.length, before);
  // The same on a change, which keeps the record as it was.
  const patch = await spu.request('PATCH', `/api/v1/persons/${person.id}`, { version: person.version, ...bad });
  assertProblem(assert, patch, 400);
  assert.deepEqual(named(patch), named(r));
  const noVersion = await spu.request('PATCH', `/api/v1/persons/${person.id}`, { identity: { birth_date: 'soon' } });
  assert.deepEqual(named(noVersion), { version: 'required', 'identity.birth_date': 'format' });
  assert.equal((await spu.request('GET', `/api/v1/persons/${person.id}`)).json.version, person.version);
});

test('the list refuses query parameters it does not support, naming each; search terms never go in the URL', async () => {
  const r = await spu.request('GET', '/api/v1/persons?q=Mammadova&sort=name&offset=10');
  assertProblem(assert, r, 400);
  assert.deepEqual(named(r), { q: 'unknown', sort: 'unknown', offset: 'unknown' });
  assert.ok(!r.text.includes('Mammadova'), 'the answer does not echo the term');
  assertProblem(assert, await spu.request('GET', '/api/v1/persons?limit=0'), 400);
  const one = await spu.request('GET', '/api/v1/persons?limit=1');
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.items.length, 1);
  // Search takes its terms (and its limit) in the body.
  const s = await spu.request('POST', '/api/v1/persons/search', { name: 'Məmmədova', limit: 1 });
  assert.equal(s.status, 200, s.text);
  assert.ok(s.json.items.length <= 1);
  assert.deepEqual(named(await spu.request('POST', '/api/v1/persons/search', {})), { body: 'required' });
  assert.deepEqual(named(await spu.request('POST', '/api/v1/persons/search', { name: 7, phone: 'x'.repeat(101), sort: 'name' })), {
    name: 'type',
    phone: 'too_long',
    sort: 'unknown',
  });
  assertProblem(assert, await spu.request('POST', '/api/v1/persons/search?name=Mammadova', { name: 'Mammadova' }), 400);
});

test('recording a person needs persons.create or screening.create, refused before the body is read', async () => {
  const r = await coordinator.request('POST', '/api/v1/persons', { identity: { given_names: 42 } });
  assertProblem(assert, r, 403);
  assert.equal(r.json.errors, undefined);
});

test('no one else sees the person: not the administrator, not the Coordinator', async () => {
  for (const c of [border, coordinator, admin, shelter]) {
    assertProblem(assert, await c.request('GET', `/api/v1/persons/${person.id}`), 404);
    const list = await c.request('GET', '/api/v1/persons');
    assert.ok(!list.json.items.some((p) => p.id === person.id));
  }
});

test('search meets the name across scripts, only for those who may see it', async () => {
  const hit = await spu.request('POST', '/api/v1/persons/search', { name: 'Мамедова' });
  assert.ok(hit.json.items.some((p) => p.id === person.id));
  const byDoc = await spu.request('POST', '/api/v1/persons/search', { document_number: 'aze-1234567' });
  assert.ok(byDoc.json.items.some((p) => p.id === person.id));
  const miss = await border.request('POST', '/api/v1/persons/search', { name: 'Mammadova' });
  assert.equal(miss.status, 200);
  assert.ok(!miss.json.items.some((p) => p.id === person.id));
});

let request;
test('an information request names fields and a purpose; the holder approves it for the requester only', async () => {
  assertProblem(
    assert,
    await border.request('POST', '/api/v1/information-requests', {
      object_type: 'person',
      object: person.reference,
      fields: ['identity'],
      purpose: 'short',
    }),
    400,
  );
  assertProblem(
    assert,
    await donorClient().then((d) =>
      d.request('POST', '/api/v1/information-requests', {
        object_type: 'person',
        object: person.reference,
        fields: ['identity'],
        purpose: 'I would like to know',
      }),
    ),
    403,
  );
  const r = await border.request('POST', '/api/v1/information-requests', {
    object_type: 'person',
    object: person.reference,
    fields: ['identity', 'location'],
    purpose: 'Identify a returning presumed victim at the border post',
  });
  assert.equal(r.status, 201, r.text);
  request = r.json;
  assert.equal(request.status, 'pending');
  // The border officer cannot approve their own request; the shelter has no say.
  assertProblem(
    assert,
    await border.request('POST', `/api/v1/information-requests/${request.id}/approve`, { version: request.version }),
    404,
  );
  assertProblem(
    assert,
    await shelter.request('POST', `/api/v1/information-requests/${request.id}/approve`, { version: request.version }),
    404,
  );
  const box = await spu.request('GET', '/api/v1/information-requests?box=to_decide');
  assert.ok(box.json.items.some((q) => q.id === request.id));
  const ok = await spu.request('POST', `/api/v1/information-requests/${request.id}/approve`, {
    version: request.version,
    fields: ['identity'],
    valid_for_days: 7,
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assert.deepEqual(ok.json.fields, ['identity']);
  request = ok.json;
  const seen = await border.request('GET', `/api/v1/persons/${person.id}`);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.json.fields.sort(), ['identity', 'reference']);
  assert.equal(seen.json.identity.given_names, 'Aygün');
  assert.equal(seen.json.location, undefined);
  assert.equal(seen.json.contact, undefined);
  // Approval is field-limited and read-only: the border officer may not edit.
  assertProblem(
    assert,
    await border.request('PATCH', `/api/v1/persons/${person.id}`, { version: seen.json.version, identity: { given_names: 'X' } }),
    403,
  );
  // ... nor see who else read the record.
  assertProblem(assert, await border.request('GET', `/api/v1/persons/${person.id}/access-history`), 404);
  const grants = (await border.request('GET', '/api/v1/grants')).json.items;
  assert.equal(grants.find((g) => g.id === request.grant_id).object_reference, person.reference);
});

test('access history lists every read with its grant, for the holder and oversight only', async () => {
  const h = await spu.request('GET', `/api/v1/persons/${person.id}/access-history`);
  assert.equal(h.status, 200);
  const me = (await border.request('GET', '/api/v1/session')).json.user;
  const read = h.json.items.find((l) => l.action === 'person.read' && l.actor_user_id === me.id);
  assert.ok(read, 'the border officer read is listed');
  assert.ok(read.grant_ids.includes(request.grant_id));
  assert.deepEqual(read.fields, ['identity']);
  assert.ok(
    h.json.items.some((l) => l.action === 'access.denied'),
    'refusals are listed too',
  );
  const o = await coordinator.request('GET', `/api/v1/persons/${person.id}/access-history`);
  assert.equal(o.status, 200, 'oversight sees the history');
  assertProblem(assert, await shelter.request('GET', `/api/v1/persons/${person.id}/access-history`), 404);
});

test('revocation takes effect at the next request', async () => {
  const grants = await border.request('GET', '/api/v1/grants');
  const g = grants.json.items.find((x) => x.id === request.grant_id);
  assert.ok(g);
  assert.equal(g.kind, 'information_request');
  assert.equal((await border.request('POST', `/api/v1/grants/${g.id}/revoke`)).status, 204);
  assertProblem(assert, await border.request('GET', `/api/v1/persons/${person.id}`), 404);
});

test('a refused request gives nothing; refusal needs a reason', async () => {
  const r = await border.request('POST', '/api/v1/information-requests', {
    object_type: 'person',
    object: person.reference,
    fields: ['contact'],
    purpose: 'Call the person about the hearing date',
  });
  assertProblem(
    assert,
    await spu.request('POST', `/api/v1/information-requests/${r.json.id}/refuse`, { version: r.json.version, reason: '' }),
    400,
  );
  const refused = await spu.request('POST', `/api/v1/information-requests/${r.json.id}/refuse`, {
    version: r.json.version,
    reason: 'Not needed for the hearing',
  });
  assert.equal(refused.json.status, 'refused');
  assertProblem(assert, await border.request('GET', `/api/v1/persons/${person.id}`), 404);
});

test('break-glass needs a written reason, is short-lived and alerts oversight at once', async () => {
  const sup = new Client();
  await sup.loginDemo('spu.supervisor');
  assertProblem(
    assert,
    await border.request('POST', `/api/v1/persons/${person.id}/break-glass`, { reason: 'I need it right now for safety' }),
    403,
  );
  assertProblem(assert, await sup.request('POST', `/api/v1/persons/${person.id}/break-glass`, { reason: 'urgent' }), 400);
  const r = await sup.request('POST', `/api/v1/persons/${person.reference}/break-glass`, {
    reason: 'Victim reported missing from the shelter, need contact to locate',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'break_glass');
  const hours = (Date.parse(r.json.expires_at) - Date.now()) / 3600000;
  assert.ok(hours > 3.5 && hours <= 4.01, `expires in ${hours} h`);
  assert.equal((await sup.request('GET', `/api/v1/persons/${person.id}`)).status, 200);
  const alerts = await coordinator.request('GET', '/api/v1/alerts');
  assert.equal(alerts.status, 200);
  const a = alerts.json.items.find((x) => x.kind === 'break_glass' && x.object_id === person.id);
  assert.ok(a, 'oversight is alerted');
  assert.equal((await coordinator.request('POST', `/api/v1/alerts/${a.id}/acknowledge`)).status, 204);
  assertProblem(assert, await border.request('GET', '/api/v1/alerts'), 403);
  assertProblem(assert, await admin.request('GET', '/api/v1/alerts'), 403);
});

test('repeated refusals raise an alert', async () => {
  const c = new Client();
  await c.loginDemo('hotline.operator');
  for (let i = 0; i < 6; i++) await c.request('GET', `/api/v1/persons/${person.id}`);
  const alerts = await coordinator.request('GET', '/api/v1/alerts');
  const me = (await c.request('GET', '/api/v1/session')).json.user;
  assert.ok(alerts.json.items.some((x) => x.kind === 'repeated_refusals' && x.actor_user_id === me.id));
});

async function donorClient() {
  const d = new Client();
  await d.loginDemo('donor');
  return d;
}
