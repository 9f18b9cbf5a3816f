// The resources desk through the API: needs, donors, pledges, deliveries and
// the gap; a second donor organisation and user prove that a donor never
// sees another donor's pledges; refusals are problem+json 403s; training and
// awareness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, assertProblem } from './lib.mjs';

const coordinator = new Client();
const donorA = new Client();
const donorB = new Client();
const focal = new Client();
const admin = new Client();
let orgA, orgB, need, pledgeA, pledgeB;

test('setup: sign in; two donor organisations with one new donor user each', async () => {
  // The demo links its own donors to its own organisations; this test makes
  // fresh ones so that it owns every pledge it counts.
  await coordinator.loginDemo('coordinator');
  await focal.loginDemo('ministry.focal');
  await admin.loginDemo('admin');
  const password = 'Zanzibar-rules-2026!';
  for (const [username, client] of [
    ['donor.api.a', donorA],
    ['donor.api.b', donorB],
  ]) {
    const u = await admin.request('POST', '/api/v1/users', {
      username,
      display_name: `Donor ${username.slice(-1)}`,
      agency_id: 'donors',
      roles: ['donor'],
      password,
    });
    assert.equal(u.status, 201, u.text);
    assert.equal((await client.login(username, password)).status, 200);
  }

  const a = await coordinator.request('POST', '/api/v1/donors', {
    name_az: 'Birinci Fond',
    name_en: 'First Fund',
    kind: 'donor',
    country: 'DE',
  });
  assert.equal(a.status, 201, a.text);
  orgA = a.json;
  const b = await coordinator.request('POST', '/api/v1/donors', {
    name_az: 'İkinci Təşkilat',
    name_en: 'Second Organisation',
    kind: 'international',
  });
  assert.equal(b.status, 201, b.text);
  orgB = b.json;
  assert.equal((await coordinator.request('POST', `/api/v1/donors/${orgA.id}/members`, { username: 'donor.api.a' })).status, 201);
  assert.equal((await coordinator.request('POST', `/api/v1/donors/${orgB.id}/members`, { username: 'donor.api.b' })).status, 201);
  assertProblem(assert, await coordinator.request('POST', `/api/v1/donors/${orgB.id}/members`, { username: 'donor.api.a' }), 409);
  const members = await coordinator.request('GET', `/api/v1/donors/${orgA.id}/members`);
  assert.deepEqual(
    members.json.items.map((m) => m.username),
    ['donor.api.a'],
  );
});

test('the Coordinator records a need; bad input is refused and nothing is written', async () => {
  const before = (await coordinator.request('GET', '/api/v1/needs')).json.items.length;
  for (const body of [
    { type: 'financial', title_az: 'Vəsait', title_en: 'Funds', currency: 'ABC', amount_minor: 100 },
    { type: 'financial', title_az: 'Vəsait', title_en: 'Funds', currency: 'AZN', amount_minor: -100 },
    { type: 'financial', title_az: 'Vəsait', title_en: 'Funds', currency: 'AZN', amount_minor: 10.5 },
    { type: 'financial', title_az: 'Vəsait', title_en: 'Funds', currency: 'AZN', amount_minor: 100, secret: 1 },
    { type: 'miracles', title_az: 'Vəsait', title_en: 'Funds', currency: 'AZN', amount_minor: 100 },
    { type: 'financial', title_az: 'Vəsait', title_en: 'Funds', currency: 'AZN', amount_minor: 100, unit: 'box', quantity: 2 },
  ])
    assertProblem(assert, await coordinator.request('POST', '/api/v1/needs', body), 400);
  assert.equal((await coordinator.request('GET', '/api/v1/needs')).json.items.length, before);

  const r = await coordinator.request('POST', '/api/v1/needs', {
    type: 'financial',
    title_az: 'Sığınacaq üçün tibbi avadanlıq',
    title_en: 'Medical equipment for the shelter',
    currency: 'AZN',
    amount_minor: 500000,
  });
  assert.equal(r.status, 201, r.text);
  need = r.json;
  assert.equal(need.gap, 500000);
  assert.equal(need.title.az, 'Sığınacaq üçün tibbi avadanlıq');
});

test('each donor pledges for its own organisation; deliveries; the gap', async () => {
  const a = await donorA.request('POST', '/api/v1/pledges', { need_id: need.id, amount_minor: 300000, currency: 'AZN' });
  assert.equal(a.status, 201, a.text);
  pledgeA = a.json;
  assert.equal(pledgeA.donor_id, orgA.id);
  const b = await donorB.request('POST', '/api/v1/pledges', { need_id: need.id, amount_minor: 100000 });
  assert.equal(b.status, 201, b.text);
  pledgeB = b.json;
  assert.equal(pledgeB.donor_id, orgB.id);
  assertProblem(assert, await donorB.request('POST', '/api/v1/pledges', { need_id: need.id, amount_minor: 5, donor_id: orgA.id }), 403);
  assertProblem(assert, await donorA.request('POST', '/api/v1/pledges', { need_id: need.id, amount_minor: 5, currency: 'USD' }), 400);

  const d = await donorA.request('POST', '/api/v1/deliveries', { pledge_id: pledgeA.id, amount_minor: 50000, delivered_on: '2025-06-01' });
  assert.equal(d.status, 201, d.text);
  assertProblem(
    assert,
    await donorA.request('POST', '/api/v1/deliveries', { pledge_id: pledgeA.id, amount_minor: 250001, delivered_on: '2025-06-02' }),
    409,
  );

  const n = (await donorB.request('GET', `/api/v1/needs/${need.id}`)).json;
  assert.equal(n.pledged, 400000);
  assert.equal(n.delivered, 50000);
  assert.equal(n.gap, 450000);
  assert.equal(n.unpledged, 100000);
  assert.equal(n.coverage_percent, 10);
  const gaps = await donorB.request('GET', '/api/v1/needs/gaps');
  assert.equal(gaps.status, 200, gaps.text);
  const azn = gaps.json.totals.find((t) => t.currency === 'AZN');
  assert.ok(azn.gap >= 450000);
});

test("a donor never sees or touches another donor's pledge: 403 problem+json, filtered lists", async () => {
  const r = await donorB.request('GET', `/api/v1/pledges/${pledgeA.id}`);
  assertProblem(assert, r, 403);
  assert.doesNotMatch(r.text, /300000/);
  assertProblem(assert, await donorB.request('PATCH', `/api/v1/pledges/${pledgeA.id}`, { version: pledgeA.version, amount_minor: 1 }), 403);
  assertProblem(
    assert,
    await donorB.request('POST', '/api/v1/deliveries', { pledge_id: pledgeA.id, amount_minor: 1, delivered_on: '2025-06-03' }),
    403,
  );
  const mine = await donorB.request('GET', '/api/v1/pledges');
  assert.deepEqual(
    mine.json.items.map((p) => p.id),
    [pledgeB.id],
  );
  assert.deepEqual((await donorB.request('GET', '/api/v1/deliveries')).json.items, []);
  assert.deepEqual(
    (await donorB.request('GET', '/api/v1/donors')).json.items.map((d) => d.id),
    [orgB.id],
  );
  assertProblem(assert, await donorB.request('GET', `/api/v1/donors/${orgA.id}`), 403);
  const all = await coordinator.request('GET', `/api/v1/pledges?need_id=${need.id}`);
  assert.equal(all.json.items.length, 2);
});

test('roles without the capability are refused with problem+json 403', async () => {
  assertProblem(assert, await focal.request('GET', '/api/v1/needs'), 403);
  assertProblem(assert, await focal.request('GET', `/api/v1/needs/${need.id}`), 403);
  assertProblem(assert, await focal.request('GET', '/api/v1/pledges'), 403);
  assertProblem(
    assert,
    await donorA.request('POST', '/api/v1/needs', { type: 'financial', title_az: 'x', title_en: 'x', currency: 'AZN', amount_minor: 1 }),
    403,
  );
  assertProblem(assert, await donorA.request('POST', '/api/v1/donors', { name_az: 'x', name_en: 'x', kind: 'donor' }), 403);
  assertProblem(assert, await donorA.request('PATCH', `/api/v1/needs/${need.id}`, { version: need.version, status: 'closed' }), 403);
  // CSRF is required on changes.
  const noCsrf = await donorA.request('POST', '/api/v1/pledges', { need_id: need.id, amount_minor: 1 }, { csrf: false });
  assert.ok([403, 401].includes(noCsrf.status), noCsrf.text);
});

test("training: topics, needs of one's own agency, events with counts, evaluations", async () => {
  const topics = await focal.request('GET', '/api/v1/training/topics');
  assert.ok(topics.json.items.some((t) => t.code === 'victim_identification' && t.label.az.includes('ə')));
  const tn = await focal.request('POST', '/api/v1/training/needs', {
    role: 'inspectors',
    topic: 'victim_identification',
    people_count: 25,
    priority: 'high',
  });
  assert.equal(tn.status, 201, tn.text);
  const agencies = (await coordinator.request('GET', '/api/v1/agencies')).json.items;
  const coord = agencies.find((a) => a.code === 'coordinator');
  const labour = agencies.find((a) => a.code === 'labour');
  assertProblem(
    assert,
    await focal.request('POST', '/api/v1/training/needs', { agency_id: coord.id, role: 'x', topic: 'media', people_count: 1 }),
    403,
  );
  const ev = await coordinator.request('POST', '/api/v1/training/events', {
    title_az: 'Qurbanlarla davranış',
    title_en: 'Conduct with victims',
    topics: ['conduct_with_victims'],
    starts_on: '2025-09-01',
    ends_on: '2025-09-02',
    organiser_agency_id: coord.id,
    funding_donor_id: orgA.id,
    participants: [{ agency_id: labour.id, count: 18 }],
  });
  assert.equal(ev.status, 201, ev.text);
  assert.equal(ev.json.participants_total, 18);
  assert.equal(ev.json.names_recorded, false);
  assertProblem(
    assert,
    await coordinator.request('POST', '/api/v1/training/events', {
      title_az: 'x',
      title_en: 'x',
      topics: ['conduct_with_victims'],
      starts_on: '2025-09-01',
      ends_on: '2025-09-02',
      organiser_agency_id: coord.id,
      participants: [{ agency_id: labour.id, count: 3, names: ['A'] }],
    }),
    400,
  );
  assert.equal(
    (await focal.request('POST', `/api/v1/training/events/${ev.json.id}/evaluations`, { score: 4, comment: 'Faydalı' })).status,
    201,
  );
  assertProblem(assert, await focal.request('POST', `/api/v1/training/events/${ev.json.id}/evaluations`, { score: 9 }), 400);
  const again = await donorA.request('GET', `/api/v1/training/events/${ev.json.id}`);
  assert.equal(again.json.average_score, 4);
});

test('awareness: regions, campaigns, activities with reach', async () => {
  const regions = await donorA.request('GET', '/api/v1/awareness/regions');
  assert.ok(regions.json.items.some((r) => r.code === 'shaki_zagatala' && r.label.az === 'Şəki-Zaqatala'));
  const c = await coordinator.request('POST', '/api/v1/awareness/campaigns', {
    title_az: 'Ayıq ol!',
    title_en: 'Be alert!',
    starts_on: '2025-01-01',
    ends_on: '2025-12-31',
    partner_donor_id: orgB.id,
  });
  assert.equal(c.status, 201, c.text);
  const a = await coordinator.request('POST', `/api/v1/awareness/campaigns/${c.json.id}/activities`, {
    kind: 'school_session',
    audience: 'students',
    region: 'shaki_zagatala',
    held_on: '2025-03-10',
    reach: 340,
  });
  assert.equal(a.status, 201, a.text);
  assertProblem(
    assert,
    await coordinator.request('POST', `/api/v1/awareness/campaigns/${c.json.id}/activities`, {
      kind: 'school_session',
      audience: 'students',
      region: 'mars',
      held_on: '2025-03-10',
      reach: 1,
    }),
    400,
  );
  assertProblem(
    assert,
    await donorA.request('POST', `/api/v1/awareness/campaigns/${c.json.id}/activities`, {
      kind: 'media',
      audience: 'youth',
      region: 'baku',
      held_on: '2025-03-10',
      reach: 1,
    }),
    403,
  );
  const got = await donorA.request('GET', `/api/v1/awareness/campaigns/${c.json.id}`);
  assert.equal(got.json.reach_total, 340);
  assert.equal(got.json.activities.length, 1);
});

test('three bad fields get one 400 naming all three, and nothing is written', async () => {
  const before = (await coordinator.request('GET', '/api/v1/needs')).json.items.length;
  const r = await coordinator.request('POST', '/api/v1/needs', {
    type: 'financial',
    title_az: 5,
    title_en: 'x'.repeat(301),
    currency: 'AZN',
    amount_minor: 1.5,
  });
  assertProblem(assert, r, 400);
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]).sort(), [
    ['amount_minor', 'type'],
    ['title_az', 'type'],
    ['title_en', 'too_long'],
  ]);
  for (const e of r.json.errors) assert.ok(e.detail.includes(e.field), e.detail);
  assert.equal((await coordinator.request('GET', '/api/v1/needs')).json.items.length, before);
  // Nested members are named by their path; a participant's name is an unknown field.
  const ev = await coordinator.request('POST', '/api/v1/training/events', {
    title_az: 'x',
    title_en: 'x',
    topics: ['media', 7],
    starts_on: '2025-09-01',
    ends_on: '2025-09-02',
    organiser_agency_id: need.id,
    participants: [{ agency_id: need.id, count: -1, names: ['A'] }],
  });
  assertProblem(assert, ev, 400);
  assert.deepEqual(ev.json.errors.map((e) => e.field).sort(), ['participants.0.count', 'participants.0.names', 'topics.1']);
});

test('an unknown query parameter is refused, naming it; a known one still filters', async () => {
  const r = await coordinator.request('GET', `/api/v1/needs?status=open&sort=gap&plan_item=${need.id}`);
  assertProblem(assert, r, 400);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['plan_item', 'sort']);
  assertProblem(assert, await donorB.request('GET', `/api/v1/pledges?donor_id=${orgA.id}`), 400);
  assertProblem(assert, await coordinator.request('GET', '/api/v1/training/events?year=twenty'), 400);
  const open = await coordinator.request('GET', '/api/v1/needs?status=open');
  assert.equal(open.status, 200, open.text);
  assert.ok(open.json.items.every((n) => n.status === 'open'));
});

test("a route's capability is checked before its body is read", async () => {
  // A donor's broken body for a Coordinator's route is a 403, not a 400.
  assertProblem(assert, await donorA.request('POST', '/api/v1/needs', '{"type": [[[', { raw: true }), 403);
  assertProblem(assert, await donorA.request('POST', `/api/v1/awareness/campaigns/${need.id}/activities`, 'x', { raw: true }), 403);
  assertProblem(assert, await focal.request('POST', '/api/v1/pledges', '{', { raw: true }), 403);
  // A Coordinator's broken body is a 400.
  assertProblem(assert, await coordinator.request('POST', '/api/v1/needs', '{"type": [[[', { raw: true }), 400);
});
