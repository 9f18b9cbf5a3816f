// Two `nrm serve` processes on one PostgreSQL: a grant revoked through one
// is refused by the other at its very next request (no stale cache).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '../api/lib.mjs';

const A = process.env.BASE_URL_A;
const B = process.env.BASE_URL_B;

test('revocation is seen by the second process at its next request', async () => {
  const spu = new Client(A);
  await spu.loginDemo('spu.investigator');
  const borderA = new Client(A);
  await borderA.loginDemo('border.officer');
  // Sessions live in the store: the same cookie works on the other process.
  const borderB = new Client(B);
  borderB.cookie = borderA.cookie;
  borderB.csrf = borderA.csrf;

  const p = await spu.request('POST', '/api/v1/persons', { identity: { given_names: 'Nigar', family_name: 'Hüseynova' } });
  assert.equal(p.status, 201, p.text);
  assert.equal((await borderB.request('GET', `/api/v1/persons/${p.json.id}`)).status, 404);
  const q = await borderA.request('POST', '/api/v1/information-requests', {
    object_type: 'person',
    object: p.json.reference,
    fields: ['identity'],
    purpose: 'Check identity at the border crossing',
  });
  assert.equal(q.status, 201, q.text);
  const ok = await spu.request('POST', `/api/v1/information-requests/${q.json.id}/approve`, { version: q.json.version, valid_for_days: 1 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await borderB.request('GET', `/api/v1/persons/${p.json.id}`)).status, 200, 'process B sees the grant');
  assert.equal((await spu.request('POST', `/api/v1/grants/${ok.json.grant_id}/revoke`)).status, 204, 'revoked through A');
  assert.equal((await borderB.request('GET', `/api/v1/persons/${p.json.id}`)).status, 404, 'process B refuses at once');
});
