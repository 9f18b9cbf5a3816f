// The duplicate check through the API: the spellings of one name meet across
// scripts, another birth year does not, the answer names the holding agency
// and nothing else, only roles that record or refer may ask, and the match
// token leads to an information request that discloses nothing until approved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, assertProblem } from './lib.mjs';

const spu = new Client();
const border = new Client();
const hotline = new Client();
const police = new Client();
const donor = new Client();
const shelter = new Client();
let person;

const check = (c, body, opts) => c.request('POST', '/api/v1/persons/duplicate-check', body, opts);

test('setup: an SPU investigator records a person', async () => {
  await spu.loginDemo('spu.investigator');
  await border.loginDemo('border.officer');
  await hotline.loginDemo('hotline.operator');
  await police.loginDemo('police.liaison');
  await donor.loginDemo('donor');
  await shelter.loginDemo('shelter.staff');
  const r = await spu.request('POST', '/api/v1/persons', {
    identity: { given_names: 'Zəhra', family_name: 'Məmmədova', patronymic: 'Elşən qızı', birth_date: '1995-06-15' },
  });
  assert.equal(r.status, 201, r.text);
  person = r.json;
});

test('Məmmədova / Mammadova / Мамедова / Mamedova meet, and the answer names only the agency', async () => {
  for (const names of [
    ['Zəhra Məmmədova'],
    ['Zahra Mammadova'],
    ['Захра Мамедова'],
    ['Zahra', 'Mamedova'],
    ['Захра Мамедова Эльшан кызы'],
  ]) {
    const r = await check(border, { names, birth_year: 1995 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.matches.length, 1, `${names}: ${r.text}`);
    const m = r.json.matches[0];
    assert.deepEqual(Object.keys(m).sort(), ['agency_code', 'agency_id', 'agency_name', 'match_token']);
    assert.equal(m.agency_code, 'spu');
    assert.match(m.match_token, /^m_[0-9a-f]{48}$/);
    for (const secret of [person.id, person.reference, 'Zəhra', 'Məmmədova', '1995', 'Elşən']) assert.ok(!r.text.includes(secret), secret);
  }
});

test('a different birth year does not match', async () => {
  const r = await check(border, { names: ['Захра Мамедова'], birth_year: 1996 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.matches.length, 0);
});

test('only roles that record or refer may check; bad input is refused', async () => {
  for (const c of [donor, shelter]) assertProblem(assert, await check(c, { names: ['Mamedova'] }), 403);
  for (const c of [hotline, police]) assert.equal((await check(c, { names: ['Zahra Mamedova'] })).status, 200);
  assertProblem(assert, await check(border, { names: ['Mamedova'] }, { csrf: false }), 403);
  assertProblem(assert, await new Client().request('POST', '/api/v1/persons/duplicate-check', { names: ['Mamedova'] }), 401);
  assertProblem(assert, await check(border, { names: ['Mamedova'], colour: 'red' }), 400);
  assertProblem(assert, await check(border, { names: 'Mamedova' }), 400);
  assertProblem(assert, await check(border, { names: [] }), 400);
  assertProblem(assert, await check(border, { names: [42] }), 400);
  assertProblem(assert, await check(border, { names: ['Mamedova'], birth_year: '1995' }), 400);
  assertProblem(assert, await check(border, { names: ['Mamedova'], birth_year: 1700 }), 400);
  assertProblem(assert, await check(border, { names: ['x'.repeat(201)] }), 400);
});

test('the match token names the record in an information request, and nothing leaks until approval', async () => {
  const m = (await check(border, { names: ['Zahra Mamedova'], birth_year: 1995 })).json.matches[0];
  // Another user cannot use the border officer's token.
  assertProblem(
    assert,
    await police.request('POST', '/api/v1/information-requests', {
      object_type: 'person',
      object: m.match_token,
      fields: ['identity'],
      purpose: 'Identify a presumed victim at the border post',
    }),
    404,
  );
  const r = await border.request('POST', '/api/v1/information-requests', {
    object_type: 'person',
    object: m.match_token,
    fields: ['identity'],
    purpose: 'Identify a presumed victim at the border post',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.object_id, '');
  assert.equal(r.json.object_reference, '');
  assert.ok(!r.text.includes(person.id) && !r.text.includes(person.reference));
  const mine = await border.request('GET', '/api/v1/information-requests?box=mine');
  assert.ok(!mine.text.includes(person.id) && !mine.text.includes(person.reference));
  // The holder sees which record is asked for, and decides as usual.
  const box = await spu.request('GET', '/api/v1/information-requests?box=to_decide');
  const q = box.json.items.find((x) => x.id === r.json.id);
  assert.ok(q, box.text);
  assert.equal(q.object_id, person.id);
  // A token opens nothing by itself.
  assertProblem(assert, await border.request('GET', `/api/v1/persons/${m.match_token}`), 404);
  const refused = await spu.request('POST', `/api/v1/information-requests/${q.id}/refuse`, {
    version: q.version,
    reason: 'Not the same person',
  });
  assert.equal(refused.status, 200, refused.text);
  const after = await border.request('GET', '/api/v1/information-requests?box=mine');
  const mineAfter = after.json.items.find((x) => x.id === r.json.id);
  assert.equal(mineAfter.status, 'refused');
  assert.equal(mineAfter.object_id, '', 'refused: the requester still does not learn the record');
});

test('identity documents and the photo', async () => {
  const r = await spu.request('POST', '/api/v1/persons', {
    identity: {
      given_names: 'Kamil',
      family_name: 'Rüstəmov',
      documents: [
        { type: 'passport', number: 'C 1122334', issuing_country: 'az' },
        { type: 'national_id', number: 'AA 998877' },
      ],
    },
    detail: { gender: 'Masculine', citizenship: 'az', languages: 'az,ru' },
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.identity.documents, [
    { type: 'passport', number: 'C 1122334', issuing_country: 'AZE' },
    { type: 'national_id', number: 'AA 998877' },
  ]);
  assert.equal(r.json.detail.citizenship, 'AZE');
  assert.equal(r.json.detail.languages, 'aze,rus');
  assert.equal(r.json.photo, false);
  const found = await spu.request('POST', '/api/v1/persons/search', { document_number: 'AA998877' });
  assert.equal(found.json.items.length, 1);
  assertProblem(
    assert,
    await spu.request('POST', '/api/v1/persons', { identity: { documents: [{ type: 'library_card', number: '1' }] } }),
    400,
  );
  assertProblem(assert, await spu.request('POST', '/api/v1/persons', { identity: { documents: 'C 1122334' } }), 400);
  assertProblem(assert, await spu.request('POST', '/api/v1/persons', { detail: { gender: 'woman' } }), 400);

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
  const put = (c, body, type, version) =>
    c.request('PUT', `/api/v1/persons/${r.json.id}/photo?version=${version}`, body, { raw: true, headers: { 'content-type': type } });
  assertProblem(assert, await put(spu, Buffer.from('GIF89a........'), 'image/png', r.json.version), 415);
  assertProblem(assert, await put(spu, png, 'image/gif', r.json.version), 415);
  assertProblem(assert, await put(spu, png, 'image/jpeg', r.json.version), 415);
  assertProblem(assert, await put(border, png, 'image/png', r.json.version), 404);
  const ok = await put(spu, png, 'image/png', r.json.version);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.photo, true);
  const get = await fetch(`${process.env.BASE_URL}/api/v1/persons/${r.json.id}/photo`, { headers: { cookie: spu.cookie } });
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('content-type'), 'image/png');
  assert.match(get.headers.get('cache-control'), /no-store/);
  assert.deepEqual(Buffer.from(await get.arrayBuffer()), png);
  assertProblem(assert, await border.request('GET', `/api/v1/persons/${r.json.id}/photo`), 404);
});

test('picklists: any signed-in user gets the value lists the server validates against', async () => {
  const r = await donor.request('GET', '/api/v1/persons/picklists');
  assert.equal(r.status, 200, r.text);
  const p = r.json;
  assert.deepEqual(Object.keys(p).sort(), ['countries', 'document_types', 'genders', 'languages', 'legacy_genders']);
  assert.deepEqual(
    p.genders.map((g) => g.code),
    ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'],
  );
  assert.equal(p.legacy_genders.female, 'Feminine');
  const aze = p.countries.find((c) => c.code === 'AZE');
  assert.deepEqual(aze.label, { az: 'Azərbaycan', en: 'Azerbaijan', ru: 'Азербайджан' });
  assert.ok(p.languages.some((l) => l.code === 'aze'));
  assert.ok(p.document_types.some((d) => d.code === 'passport' && d.label.en === 'Passport'));
  assertProblem(assert, await new Client().request('GET', '/api/v1/persons/picklists'), 401);
  // A served value is accepted; a legacy code is stored as its HTCDS value.
  const pick = { gender: p.genders[3].code, citizenship: p.countries[7].code, languages: p.languages[5].code };
  const created = await spu.request('POST', '/api/v1/persons', { detail: pick });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.json.detail, pick);
  const legacy = await spu.request('POST', '/api/v1/persons', { detail: { gender: 'male' } });
  assert.equal(legacy.status, 201, legacy.text);
  assert.equal(legacy.json.detail.gender, 'Masculine');
});

test('more than alert_duplicate_checks (20) checks by one user in the window alert oversight', async () => {
  const coordinator = new Client();
  await coordinator.loginDemo('coordinator');
  const me = (await police.request('GET', '/api/v1/session')).json;
  const mine = async () =>
    (await coordinator.request('GET', '/api/v1/alerts')).json.items.filter(
      (a) => a.kind === 'duplicate_checks' && a.actor_user_id === (me.user?.id ?? me.user_id),
    );
  // police.liaison made one check above; 20 in all are allowed.
  for (let i = 0; i < 19; i++) assert.equal((await check(police, { names: [`Probe${i} Name`] })).status, 200);
  assert.equal((await mine()).length, 0);
  assert.equal((await check(police, { names: ['One More'] })).status, 200);
  const alerts = await mine();
  assert.equal(alerts.length, 1);
  assert.ok(!JSON.stringify(alerts).includes('One More'), 'the alert names no searched name');
});
