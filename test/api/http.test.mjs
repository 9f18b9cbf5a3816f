import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, BASE, rawRequest, assertProblem } from './lib.mjs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { mergeOpenApi } from '../../scripts/openapi-merge.mjs';
import { checkResponse, ContractError } from './contract.mjs';

test('health, readiness and Prometheus metrics', async () => {
  assert.equal((await fetch(BASE + '/healthz')).status, 200);
  assert.equal((await fetch(BASE + '/readyz')).status, 200);
  const m = await fetch(BASE + '/metrics');
  const text = await m.text();
  assert.match(m.headers.get('content-type'), /^text\/plain/);
  assert.match(text, /# TYPE http_requests_total counter/);
  assert.match(text, /http_requests_total\{[^}]*route="\/healthz"[^}]*\} \d+/);
  assert.match(text, /http_request_duration_seconds_bucket\{[^}]*le="\+Inf"\}/);
  assert.match(text, /http_open_connections \d+/);
  assert.match(text, /store_operation_duration_seconds_count\{[^}]*backend="sqlite"/);
});

test('the OpenAPI document is valid OpenAPI 3.1 and describes every endpoint the server answers', async () => {
  const r = await fetch(BASE + '/api/v1/openapi.json');
  const doc = await r.json();
  const v = new Validator();
  const res = await v.validate(doc);
  assert.equal(res.valid, true, JSON.stringify(res.errors, null, 1));
  assert.equal(v.version, '3.1');
  for (const p of [
    '/api/v1/session',
    '/api/v1/sessions',
    '/api/v1/sessions/{id}',
    '/api/v1/agencies',
    '/api/v1/roles',
    '/api/v1/users',
    '/api/v1/users/{id}',
    '/healthz',
    '/readyz',
    '/metrics',
  ])
    assert.ok(doc.paths[p], p);
  // The contract checker and the generated web types read the document made
  // by scripts/openapi-merge.mjs: it must be the one the server serves.
  assert.deepEqual(mergeOpenApi(), doc, 'scripts/openapi-merge.mjs and the server merge the same document');
});

test('the contract checker refuses an answer the document does not describe', () => {
  const headers = new Headers({ 'content-type': 'application/problem+json' });
  const problem = { type: 'https://opennrm.org/problems/not_found', title: 'Not found', status: 404, detail: 'no such person' };
  checkResponse('GET', '/api/v1/persons/x', { status: 404, headers, text: JSON.stringify(problem), json: problem });
  const extra = { ...problem, stack: 'internal' };
  assert.throws(
    () => checkResponse('GET', '/api/v1/persons/x', { status: 404, headers, text: JSON.stringify(extra), json: extra }),
    ContractError,
  );
  const wrong = { ...problem, status: '404' };
  assert.throws(
    () => checkResponse('GET', '/api/v1/persons/x', { status: 404, headers, text: JSON.stringify(wrong), json: wrong }),
    /status must be integer/,
  );
  const bad = { ...problem, status: 400, errors: [{ field: 'identity.birth_date', message: 'bad date' }] };
  assert.throws(
    () => checkResponse('POST', '/api/v1/persons', { status: 400, headers, text: JSON.stringify(bad), json: bad }),
    /must have required property 'code'/,
  );
});

test('security headers on every response', async () => {
  for (const path of ['/healthz', '/api/v1/agencies', '/no/such/route']) {
    const r = await fetch(BASE + path);
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(r.headers.get('strict-transport-security'), null, 'no HSTS without TLS');
  }
});

test('bad JSON, wrong media type, unknown route, wrong method, oversize body are problem+json', async () => {
  const c = new Client();
  const bad = await c.request('POST', '/api/v1/session', '{"username": ', { raw: true });
  assertProblem(assert, bad, 400);
  assert.doesNotMatch(bad.text, /nlohmann|parse_error|exception/i, 'no internals leak');
  assertProblem(
    assert,
    await c.request('POST', '/api/v1/session', 'username=x', {
      raw: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    415,
  );
  assertProblem(assert, await c.request('GET', '/api/v1/nothing-here'), 404);
  const wrong = await c.request('PUT', '/api/v1/agencies');
  assertProblem(assert, wrong, 405);
  assert.match(wrong.headers.get('allow'), /GET/);
  const big = await c.request('POST', '/api/v1/session', JSON.stringify({ username: 'x', password: 'p'.repeat(100000) }), { raw: true });
  assertProblem(assert, big, 413);
});

test('a chunked (Transfer-Encoding) body is refused', async () => {
  const url = new URL(BASE);
  const res = await rawRequest(
    `POST /api/v1/session HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
  );
  assert.match(res, /^HTTP\/1\.1 411 /);
  assert.match(res, /application\/problem\+json/);
});

test('oversized headers are refused with 413 or 431', async () => {
  const url = new URL(BASE);
  const res = await rawRequest(`GET /api/v1/agencies HTTP/1.1\r\nHost: ${url.host}\r\nX-Filler: ${'a'.repeat(70000)}\r\n\r\n`);
  assert.match(res, /^HTTP\/1\.1 (413|431|400) /);
});
