// The National Referral Mechanism path through the real server, with the
// demo users: the border officer screens and refers; the SPU acknowledges and
// accepts (the person is handed over); the SPU refers onward to the shelter
// with the person's consent; the shelter accepts; the border officer sees
// only the status; the hotline operator and the donor see nothing; a
// revocation ends the shelter's access at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertProblem } from './lib.mjs';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png body')]);
const PDF = Buffer.from('%PDF-1.4\n% a scanned document\n');

const as = {};
async function signIn(name) {
  if (!as[name]) {
    as[name] = new Client();
    await as[name].loginDemo(name);
  }
  return as[name];
}

async function sentCount(c) {
  const r = await c.request('GET', '/api/v1/referrals?box=sent&status=all');
  assert.equal(r.status, 200, r.text);
  return r.json.items.length;
}

const state = {};

test('indicators are reference data for any signed-in user', async () => {
  const anon = await new Client().request('GET', '/api/v1/indicators');
  assert.equal(anon.status, 401);
  const donor = await signIn('donor');
  const r = await donor.request('GET', '/api/v1/indicators');
  assert.equal(r.status, 200);
  assert.equal(r.json.sets.length, 4);
  assert.ok(r.json.forms_of_exploitation.some((f) => f.code === 'ForcedLabour'));
  assert.ok(r.json.sets[0].indicators[0].label.az);
});

test('the border officer screens and refers; bad input writes nothing', async () => {
  const border = await signIn('border.officer');
  const ind = (await border.request('GET', '/api/v1/indicators')).json;
  const codes = ind.sets[0].indicators.slice(0, 3).map((i) => i.code);
  assertProblem(assert, await border.request('POST', '/api/v1/screenings', { indicators: ['nope'], outcome: 'presumed_victim' }), 400);
  assertProblem(
    assert,
    await border.request('POST', '/api/v1/screenings', { indicators: codes, outcome: 'presumed_victim', extra: 1 }),
    400,
  );
  const s = await border.request('POST', '/api/v1/screenings', {
    indicators: codes,
    forms_of_exploitation: ['ForcedLabour'],
    outcome: 'presumed_victim',
    notes: 'met at the post',
  });
  assert.equal(s.status, 201, s.text);
  assert.match(s.json.reference, /^S-\d{4}-\d{6}$/);
  state.screening = s.json.id;

  const good = {
    kind: 'spu',
    screening_id: s.json.id,
    person: { identity: { given_names: 'Aynur', family_name: 'Məmmədova' }, contact: { phone: '+994 50 555 12 12' } },
    circumstances: 'Found at the checkpoint without documents; employer keeps her passport.',
    attachments: [{ filename: 'statement.pdf', content_type: 'application/pdf', data_base64: PDF.toString('base64') }],
  };
  const before = await sentCount(border);
  const bad = [
    { ...good, unexpected: true },
    { ...good, screening_id: 42 },
    { ...good, screening_id: '01900000-0000-7000-8000-000000000000' },
    { ...good, attachments: [{ filename: 'x.pdf', content_type: 'application/pdf', data_base64: PNG.toString('base64') }] },
    { ...good, attachments: [{ filename: 'x.pdf', content_type: 'application/pdf', data_base64: '***' }] },
    {
      ...good,
      attachments: [
        {
          filename: 'x.pdf',
          content_type: 'application/pdf',
          data_base64: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]).toString('base64'),
        },
      ],
    },
    { ...good, person: { identity: { nickname: 'x' } } },
  ];
  for (const body of bad) assertProblem(assert, await border.request('POST', '/api/v1/referrals', body), 400);
  assert.equal(await sentCount(border), before, 'no referral was written');

  const r = await border.request('POST', '/api/v1/referrals', good);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.view, 'status');
  assert.equal(r.json.person_id, undefined);
  assert.ok(r.json.ack_due_at && r.json.decision_due_at);
  state.referral = r.json.id;
  assert.equal(await sentCount(border), before + 1);
  // The screening cannot be referred twice.
  assertProblem(assert, await border.request('POST', '/api/v1/referrals', good), 409);
});

test('every bad field is named in one answer; unknown query parameters are refused', async () => {
  const border = await signIn('border.officer');
  const s = await border.request('POST', '/api/v1/screenings', { indicators: 'x', outcome: 7, notes: ['n'] });
  assertProblem(assert, s, 400);
  assert.deepEqual(s.json.errors.map((e) => e.field).sort(), ['indicators', 'notes', 'outcome']);
  // Inside a referral: the person's groups and fields, the attachments, unknown members.
  const r = await border.request('POST', '/api/v1/referrals', {
    kind: 'spu',
    screening_id: state.screening,
    circumstances: 'x',
    extra: 1,
    person: { identity: { given_names: 7 }, hobbies: {} },
    attachments: [{ filename: 'a.pdf', content_type: 'application/pdf' }],
  });
  assertProblem(assert, r, 400);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), [
    'attachments.0.data_base64',
    'extra',
    'person.hobbies',
    'person.identity.given_names',
  ]);
  for (const e of r.json.errors) assert.ok(e.code && e.detail, JSON.stringify(e));
  // Without a valid kind only the kind is named.
  const k = await border.request('POST', '/api/v1/referrals', { kind: 'other', screening_id: state.screening, purpose: 'x' });
  assertProblem(assert, k, 400);
  assert.deepEqual(
    k.json.errors.map((e) => e.field),
    ['kind'],
  );
  const q = await border.request('GET', '/api/v1/referrals?box=sent&sort=name&q=x');
  assertProblem(assert, q, 400);
  assert.deepEqual(q.json.errors.map((e) => e.field).sort(), ['q', 'sort']);
  assertProblem(assert, await border.request('GET', '/api/v1/referrals?box=elsewhere'), 400);
  const sup = await signIn('spu.supervisor');
  const c = await sup.request('GET', '/api/v1/consents?person_id=00000000-0000-7000-8000-000000000000&status=live');
  assertProblem(assert, c, 400);
  assert.deepEqual(
    c.json.errors.map((e) => e.field),
    ['status'],
  );
  // A role that can create no referral is refused before its body is looked at.
  assertProblem(assert, await (await signIn('donor')).request('POST', '/api/v1/referrals', '{', { raw: true }), 403);
});

test('the SPU investigator acknowledges and accepts; the person is handed over', async () => {
  const spu = await signIn('spu.investigator');
  const queue = await spu.request('GET', '/api/v1/referrals');
  assert.equal(queue.status, 200);
  assert.equal(queue.json.box, 'intake');
  const item = queue.json.items.find((i) => i.id === state.referral);
  assert.ok(item, 'the referral is in the intake queue');
  assert.equal(item.ack_overdue, false);
  assert.ok(queue.json.server_time);
  const full = await spu.request('GET', `/api/v1/referrals/${state.referral}`);
  assert.equal(full.status, 200);
  assert.equal(full.json.view, 'full');
  assert.match(full.json.circumstances, /checkpoint/);
  assert.equal(full.json.attachments.length, 1);
  assert.equal(full.json.screening.outcome, 'presumed_victim');
  state.person = full.json.person_id;
  const file = await spu.request('GET', `/api/v1/referrals/${state.referral}/attachments/${full.json.attachments[0].id}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(file.text, /^%PDF-1.4/);

  assertProblem(assert, await spu.request('POST', `/api/v1/referrals/${state.referral}/accept`, { version: full.json.version }), 409);
  assertProblem(
    assert,
    await spu.request('POST', `/api/v1/referrals/${state.referral}/acknowledge`, { version: full.json.version + 5 }),
    409,
  );
  assertProblem(
    assert,
    await spu.request('POST', `/api/v1/referrals/${state.referral}/acknowledge`, { version: full.json.version, x: 1 }),
    400,
  );
  const ack = await spu.request('POST', `/api/v1/referrals/${state.referral}/acknowledge`, { version: full.json.version });
  assert.equal(ack.status, 200, ack.text);
  assert.equal(ack.json.status, 'acknowledged');
  const acc = await spu.request('POST', `/api/v1/referrals/${state.referral}/accept`, { version: ack.json.version });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.json.status, 'accepted');
  assert.match(acc.json.case_reference, /^C-\d{4}-\d{6}$/);
  const person = await spu.request('GET', `/api/v1/persons/${state.person}`);
  assert.equal(person.status, 200);
  assert.equal(person.json.identity.family_name, 'Məmmədova');
});

test('after the handover the border officer sees only the status', async () => {
  const border = await signIn('border.officer');
  const r = await border.request('GET', `/api/v1/referrals/${state.referral}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.view, 'status');
  assert.equal(r.json.status, 'accepted');
  for (const hidden of ['person_id', 'case_id', 'circumstances', 'attachments', 'screening'])
    assert.equal(r.json[hidden], undefined, hidden);
  assertProblem(assert, await border.request('GET', `/api/v1/persons/${state.person}`), 404);
  const notices = await border.request('GET', '/api/v1/notifications');
  if (notices.status === 200) assert.ok(JSON.stringify(notices.json).includes('referral.accepted'));
});

test('onward to the shelter needs consent; the shelter accepts and reads only the packet', async () => {
  const sup = await signIn('spu.supervisor');
  const onward = {
    kind: 'onward',
    person_id: state.person,
    recipient_agency_id: 'shelter',
    service: 'shelter',
    field_classes: ['identity'],
    purpose: 'safe accommodation after identification',
  };
  assertProblem(assert, await sup.request('POST', '/api/v1/referrals', onward), 409);
  assertProblem(assert, await sup.request('POST', '/api/v1/referrals', { ...onward, service: 'massage' }), 400);
  const until = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  assertProblem(
    assert,
    await sup.request('POST', '/api/v1/consents', {
      person_id: state.person,
      recipient_agency_id: 'shelter',
      field_classes: ['investigation'],
      purpose: 'placement in the shelter',
      valid_until: until,
    }),
    400,
  );
  const consent = await sup.request('POST', '/api/v1/consents', {
    person_id: state.person,
    recipient_agency_id: 'shelter',
    field_classes: ['identity', 'detail'],
    purpose: 'placement in the shelter',
    valid_until: until,
  });
  assert.equal(consent.status, 201, consent.text);
  state.consent = consent.json;
  const listed = await sup.request('GET', `/api/v1/consents?person_id=${state.person}`);
  assert.equal(listed.status, 200);
  assert.equal(listed.json.items.length, 1);
  const o = await sup.request('POST', '/api/v1/referrals', onward);
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.status, 'pending');
  assert.equal(o.json.consent_id, consent.json.id);
  state.onward = o.json.id;

  const shelter = await signIn('shelter.staff');
  assertProblem(assert, await shelter.request('GET', `/api/v1/persons/${state.person}`), 404);
  const queue = await shelter.request('GET', '/api/v1/referrals');
  assert.equal(queue.json.box, 'onward');
  const mine = queue.json.items.find((i) => i.id === state.onward);
  assert.ok(mine);
  assert.equal(mine.view, 'recipient');
  assert.deepEqual(mine.field_classes, ['identity']);
  const acc = await shelter.request('POST', `/api/v1/referrals/${state.onward}/accept`, { version: mine.version });
  assert.equal(acc.status, 200, acc.text);
  const p = await shelter.request('GET', `/api/v1/persons/${state.person}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.identity.given_names, 'Aynur');
  assert.equal(p.json.contact, undefined, 'contact was not in the packet');
  state.onwardVersion = acc.json.version;
});

test('the hotline operator and the donor see nothing', async () => {
  for (const name of ['hotline.operator', 'donor']) {
    const c = await signIn(name);
    assertProblem(assert, await c.request('GET', `/api/v1/referrals/${state.referral}`), 404);
    assertProblem(assert, await c.request('GET', `/api/v1/referrals/${state.onward}`), 404);
    assertProblem(assert, await c.request('GET', `/api/v1/persons/${state.person}`), 404);
    assertProblem(assert, await c.request('GET', `/api/v1/screenings/${state.screening}`), 404);
    const list = await c.request('GET', '/api/v1/referrals');
    assert.equal(list.status, 200);
    assert.equal(list.json.items.length, 0, name);
    assertProblem(assert, await c.request('GET', '/api/v1/referrals?box=intake'), 403);
    assertProblem(
      assert,
      await c.request('POST', `/api/v1/referrals/${state.onward}/revoke`, { version: state.onwardVersion, reason: 'no business of mine' }),
      404,
    );
  }
  const donor = await signIn('donor');
  assertProblem(assert, await donor.request('POST', '/api/v1/screenings', { indicators: [], outcome: 'presumed_victim' }), 403);
});

test('the SPU revokes the onward referral: the shelter is refused at once; the access history lists the reads', async () => {
  const sup = await signIn('spu.supervisor');
  assertProblem(
    assert,
    await sup.request('POST', `/api/v1/referrals/${state.onward}/revoke`, { version: state.onwardVersion, reason: 'short' }),
    400,
  );
  const r = await sup.request('POST', `/api/v1/referrals/${state.onward}/revoke`, {
    version: state.onwardVersion,
    reason: 'moved to another shelter',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'revoked');
  const shelter = await signIn('shelter.staff');
  assertProblem(assert, await shelter.request('GET', `/api/v1/persons/${state.person}`), 404);
  const history = await sup.request('GET', `/api/v1/persons/${state.person}/access-history`);
  assert.equal(history.status, 200, history.text);
  const text = JSON.stringify(history.json);
  for (const action of ['person.read', 'person.handover', 'grant.revoke']) assert.ok(text.includes(action), action);
  // Withdrawing the consent is recorded; a new onward referral is refused again.
  const w = await sup.request('POST', `/api/v1/consents/${state.consent.id}/withdraw`, { version: state.consent.version });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.status, 'withdrawn');
  assertProblem(
    assert,
    await sup.request('POST', '/api/v1/referrals', {
      kind: 'onward',
      person_id: state.person,
      recipient_agency_id: 'shelter',
      service: 'shelter',
      field_classes: ['identity'],
      purpose: 'safe accommodation after identification',
    }),
    409,
  );
});

test('Idempotency-Key: a repeated POST answers the first resource; another body is refused', async () => {
  const border = await signIn('border.officer');
  const codes = (await border.request('GET', '/api/v1/indicators')).json.sets[0].indicators.slice(0, 2).map((i) => i.code);
  const screening = { indicators: codes, outcome: 'presumed_victim', notes: 'idempotency' };
  const key = { headers: { 'idempotency-key': 'scr-0001_a' } };
  const s1 = await border.request('POST', '/api/v1/screenings', screening, key);
  assert.equal(s1.status, 201, s1.text);
  assert.equal(s1.headers.get('idempotency-replayed'), null);
  const s2 = await border.request('POST', '/api/v1/screenings', screening, key);
  assert.equal(s2.status, 201, s2.text);
  assert.equal(s2.headers.get('idempotency-replayed'), 'true');
  assert.equal(s2.json.id, s1.json.id);
  assert.equal(s2.headers.get('location'), s1.headers.get('location'));
  assertProblem(assert, await border.request('POST', '/api/v1/screenings', { ...screening, notes: 'other' }, key), 409);
  for (const bad of ['a b', 'x'.repeat(101), 'a/b', 'a.b']) {
    assertProblem(assert, await border.request('POST', '/api/v1/screenings', screening, { headers: { 'idempotency-key': bad } }), 400);
  }
  // Another user's same key is another key (that user may not screen: 403, not a replay).
  assertProblem(assert, await (await signIn('donor')).request('POST', '/api/v1/screenings', screening, key), 403);

  const referral = {
    kind: 'spu',
    screening_id: s1.json.id,
    person: { identity: { given_names: 'Nigar', family_name: 'Hüseynova' } },
    circumstances: 'Sent twice by a flaky connection.',
  };
  const before = await sentCount(border);
  const rkey = { headers: { 'idempotency-key': 'ref-0001' } };
  const r1 = await border.request('POST', '/api/v1/referrals', referral, rkey);
  assert.equal(r1.status, 201, r1.text);
  const r2 = await border.request('POST', '/api/v1/referrals', referral, rkey);
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.id, r1.json.id);
  assert.equal(r2.headers.get('idempotency-replayed'), 'true');
  assert.equal(await sentCount(border), before + 1, 'one referral, not two');
  assertProblem(
    assert,
    await border.request('POST', '/api/v1/referrals', { ...referral, circumstances: 'something else entirely' }, rkey),
    409,
  );
  // Without the key the screening is simply already referred.
  assertProblem(assert, await border.request('POST', '/api/v1/referrals', referral), 409);
  assert.equal(await sentCount(border), before + 1);
});

test('a photo with a referral for a new person is sealed with it; a bad one writes nothing', async () => {
  const border = await signIn('border.officer');
  const spu = await signIn('spu.investigator');
  const codes = (await border.request('GET', '/api/v1/indicators')).json.sets[0].indicators.slice(0, 1).map((i) => i.code);
  const s = await border.request('POST', '/api/v1/screenings', { indicators: codes, outcome: 'presumed_victim' });
  assert.equal(s.status, 201, s.text);
  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg body')]);
  const good = {
    kind: 'spu',
    screening_id: s.json.id,
    person: { identity: { given_names: 'Səbinə', family_name: 'Quliyeva' } },
    circumstances: 'Photo taken at the border post with consent.',
    photo: { content_type: 'image/jpeg', data_base64: JPEG.toString('base64') },
  };
  const before = await sentCount(border);
  for (const photo of [
    { content_type: 'image/png', data_base64: JPEG.toString('base64') },
    { content_type: 'image/gif', data_base64: JPEG.toString('base64') },
    { content_type: 'image/jpeg', data_base64: PDF.toString('base64') },
    { content_type: 'image/jpeg', data_base64: '***' },
    { content_type: 'image/jpeg', data_base64: Buffer.concat([JPEG, Buffer.alloc(512 * 1024)]).toString('base64') },
    { content_type: 'image/jpeg' },
    { content_type: 'image/jpeg', data_base64: JPEG.toString('base64'), name: 'x' },
    'not an object',
  ])
    assertProblem(assert, await border.request('POST', '/api/v1/referrals', { ...good, photo }), 400);
  assertProblem(assert, await border.request('POST', '/api/v1/referrals', { ...good, person: undefined, person_id: state.person }), 400);
  assert.equal(await sentCount(border), before, 'nothing written');
  const r = await border.request('POST', '/api/v1/referrals', good);
  assert.equal(r.status, 201, r.text);
  const full = await spu.request('GET', `/api/v1/referrals/${r.json.id}`);
  assert.equal(full.status, 200, full.text);
  const person = await spu.request('GET', `/api/v1/persons/${full.json.person_id}`);
  assert.equal(person.json.photo, true);
  const photo = await spu.request('GET', `/api/v1/persons/${full.json.person_id}/photo`);
  assert.equal(photo.status, 200);
  assert.equal(photo.headers.get('content-type'), 'image/jpeg');
});
