// The annual report through the API: 202 with a job, progress while it is
// produced, the download with its Content-Type and file name; refusals.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { BASE, Client, assertProblem } from './lib.mjs';

const coordinator = new Client();
const donor = new Client();
const focal = new Client();

async function waitDone(id) {
  const seen = [];
  for (let i = 0; i < 300; i++) {
    const r = await coordinator.request('GET', `/api/v1/reports/${id}`);
    assert.equal(r.status, 200, r.text);
    seen.push(r.json);
    assert.ok(r.json.percent >= 0 && r.json.percent <= 100);
    if (r.json.status === 'done' || r.json.status === 'failed') return { job: r.json, seen };
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the report did not finish');
}

async function download(id) {
  const res = await fetch(`${BASE}/api/v1/reports/${id}/file`, { headers: { cookie: coordinator.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('setup: sign in', async () => {
  await coordinator.loginDemo('coordinator');
  await donor.loginDemo('donor');
  await focal.loginDemo('ministry.focal');
});

test('the Coordinator produces the annual report as PDF: 202, progress, download', async () => {
  const r = await coordinator.request('POST', '/api/v1/reports/annual', { year: 2025, lang: 'az', format: 'pdf' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.headers.get('location'), `/api/v1/reports/${r.json.id}`);
  assert.ok(['queued', 'running', 'done'].includes(r.json.status));
  const { job } = await waitDone(r.json.id);
  assert.equal(job.status, 'done', job.error);
  assert.equal(job.percent, 100);
  assert.equal(job.file_name, 'annual-report-2025-az.pdf');
  const file = await download(r.json.id);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.equal(file.headers.get('content-disposition'), 'attachment; filename="annual-report-2025-az.pdf"');
  assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(file.bytes.length, job.size_bytes);
  const path = `${process.env.DATA_DIR}/report-test.pdf`;
  writeFileSync(path, file.bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  rmSync(path);
  assert.match(text, /Milli Koordinatorun illik hesabatı/);
  assert.match(text, /Resurslar və donorlar/);
});

test('the XLSX version in English', async () => {
  const r = await coordinator.request('POST', '/api/v1/reports/annual', { year: 2025, lang: 'en', format: 'xlsx' });
  assert.equal(r.status, 202, r.text);
  const { job } = await waitDone(r.json.id);
  assert.equal(job.status, 'done', job.error);
  const file = await download(r.json.id);
  assert.equal(file.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(file.headers.get('content-disposition'), /filename="annual-report-2025-en\.xlsx"/);
  assert.equal(file.bytes.subarray(0, 2).toString('latin1'), 'PK');
  const list = await coordinator.request('GET', '/api/v1/reports');
  assert.ok(list.json.items.some((j) => j.id === r.json.id));
});

test('bad requests and other roles are refused as problem+json', async () => {
  for (const body of [
    { year: 2025, lang: 'ru', format: 'pdf' },
    { year: 1990, lang: 'az', format: 'pdf' },
    { year: 2025, lang: 'az', format: 'docx' },
    { year: '2025', lang: 'az', format: 'pdf' },
    { year: 2025, lang: 'az', format: 'pdf', everything: true },
  ])
    assertProblem(assert, await coordinator.request('POST', '/api/v1/reports/annual', body), 400);
  assertProblem(assert, await donor.request('POST', '/api/v1/reports/annual', { year: 2025, lang: 'az', format: 'pdf' }), 403);
  assertProblem(assert, await focal.request('GET', '/api/v1/reports'), 403);
  const list = (await coordinator.request('GET', '/api/v1/reports')).json.items;
  assertProblem(assert, await donor.request('GET', `/api/v1/reports/${list[0].id}`), 403);
  assertProblem(assert, await donor.request('GET', `/api/v1/reports/${list[0].id}/file`), 403);
  assertProblem(assert, await coordinator.request('GET', '/api/v1/reports/0190f0d4-0000-7000-8000-000000000001'), 404);
});

test('three bad fields get one 400 naming all three; unknown query parameters and fields are refused', async () => {
  const named = (r) => Object.fromEntries(r.json.errors.map((e) => [e.field, e.code]));
  const r = await coordinator.request('POST', '/api/v1/reports/annual', { year: 1990, lang: 'ru', format: 'docx' });
  assertProblem(assert, r, 400);
  assert.deepEqual(named(r), { year: 'range', lang: 'enum', format: 'enum' });
  assert.deepEqual(named(await coordinator.request('POST', '/api/v1/reports/annual', { year: '2025', everything: true })), {
    year: 'type',
    lang: 'required',
    format: 'required',
    everything: 'unknown',
  });
  const q = await coordinator.request('GET', '/api/v1/reports?year=2025&status=done');
  assertProblem(assert, q, 400);
  assert.deepEqual(named(q), { year: 'unknown', status: 'unknown' });
  assertProblem(assert, await coordinator.request('GET', '/api/v1/reports/0190f0d4-0000-7000-8000-000000000001?format=pdf'), 400);
  // The capability is checked before the body is read: a donor's bad body is a 403.
  const donorBad = await donor.request('POST', '/api/v1/reports/annual', { year: 'x' });
  assertProblem(assert, donorBad, 403);
  assert.equal(donorBad.json.errors, undefined);
});
