// The Coordinator's desk through the API: the 2004 plan, a focal point's own
// tasks, problem+json 403s for everyone else, review, internal narratives
// hidden from donors, evidence by magic bytes, import refused by line
// number, meetings whose decisions become tasks, findings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, assertProblem } from './lib.mjs';

const coordinator = new Client();
const focal = new Client(); // ministry.focal, agency "labour"
const donor = new Client();
const analyst = new Client();
let plan;
let tasks;

const byNumber = (n) => tasks.find((t) => t.number === n);

test('setup: sign in', async () => {
  await coordinator.loginDemo('coordinator');
  await focal.loginDemo('ministry.focal');
  await donor.loginDemo('donor');
  await analyst.loginDemo('analyst');
});

test('the 2004 plan is loaded with 13 items and 51 tasks', async () => {
  const r = await coordinator.request('GET', '/api/v1/plans');
  assert.equal(r.status, 200, r.text);
  plan = r.json.items.find((p) => p.code === 'nap-2004');
  assert.ok(plan);
  assert.equal(plan.item_count, 13);
  assert.equal(plan.task_count, 51);
  const d = await coordinator.request('GET', `/api/v1/plans/${plan.id}`);
  assert.equal(d.status, 200);
  assert.deepEqual(
    d.json.items.map((i) => i.number),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  );
  assert.deepEqual(d.json.items[1].responsible, ['mia']);
  tasks = d.json.items.flatMap((i) => i.tasks);
  assert.equal(tasks.length, 51);
});

test('"my tasks" lists only the focal point\'s agency', async () => {
  const r = await focal.request('GET', '/api/v1/tasks?agency=mine');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length > 0);
  for (const t of r.json.items) assert.ok(t.responsible.includes('labour'), t.number);
});

let report;
test("a focal point reports on its own task; another agency's task is a problem+json 403", async () => {
  const own = byNumber('4.2');
  const r = await focal.request('POST', `/api/v1/tasks/${own.id}/reports`, {
    status: 'in_progress',
    narrative: 'Internal: contacts in two embassies',
    narrative_internal: true,
    indicators: [{ name: 'victims repatriated', unit: 'persons', target: 10, value: 3 }],
  });
  assert.equal(r.status, 201, r.text);
  report = r.json;
  assert.equal(report.agency, 'labour');
  assert.equal(report.state, 'submitted');

  const other = byNumber('2.1'); // Ministry of Internal Affairs only
  assertProblem(assert, await focal.request('POST', `/api/v1/tasks/${other.id}/reports`, { status: 'done' }), 403);
  assertProblem(assert, await donor.request('POST', `/api/v1/tasks/${own.id}/reports`, { status: 'done' }), 403);
  assertProblem(assert, await analyst.request('POST', `/api/v1/tasks/${own.id}/reports`, { status: 'done' }), 403);
  assertProblem(assert, await focal.request('POST', `/api/v1/tasks/${own.id}/reports`, { status: 'done', colour: 'red' }), 400);
  assertProblem(assert, await focal.request('POST', `/api/v1/tasks/${own.id}/reports`, { status: 'done' }, { csrf: false }), 403);
});

test('evidence is accepted by its magic bytes only', async () => {
  const own = byNumber('4.2');
  const url = `/api/v1/tasks/${own.id}/reports/${report.id}/attachments`;
  const pdf = await focal.request('POST', url, '%PDF-1.4\n1 0 obj\n', {
    raw: true,
    headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent('Hesabat əlavə.pdf') },
  });
  assert.equal(pdf.status, 201, pdf.text);
  assert.equal(pdf.json.media_type, 'application/pdf');
  assert.equal(pdf.json.filename, 'Hesabat əlavə.pdf');
  const html = await focal.request('POST', url, '<html><script>alert(1)</script>', {
    raw: true,
    headers: { 'content-type': 'application/pdf', 'x-filename': 'x.pdf' },
  });
  assertProblem(assert, html, 415);
  const get = await coordinator.request('GET', `${url}/${pdf.json.id}`);
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('content-type'), 'application/pdf');
  assert.match(get.headers.get('content-disposition'), /^attachment;/);
});

test('donors never see internal narratives; the Coordinator does', async () => {
  const own = byNumber('4.2');
  const seen = await donor.request('GET', `/api/v1/tasks/${own.id}/reports`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.items[0].narrative, null);
  assert.equal(seen.json.items[0].narrative_internal, true);
  const hist = await donor.request('GET', `/api/v1/tasks/${own.id}/history`);
  assert.ok(hist.json.items.every((h) => h.narrative === null));
  const full = await coordinator.request('GET', `/api/v1/tasks/${own.id}/reports`);
  assert.equal(full.json.items[0].narrative, 'Internal: contacts in two embassies');
});

test('the Coordinator returns, the agency revises, the Coordinator accepts; the history shows it', async () => {
  const own = byNumber('4.2');
  const base = `/api/v1/tasks/${own.id}/reports/${report.id}`;
  assertProblem(assert, await focal.request('POST', `${base}/review`, { version: report.version, decision: 'accept' }), 403);
  let r = await coordinator.request('POST', `${base}/review`, { version: report.version, decision: 'return', comment: 'Give the numbers' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'returned');
  r = await focal.request('PUT', base, {
    version: r.json.version,
    status: 'done',
    narrative: 'Ten repatriated',
    indicators: [{ name: 'victims repatriated', target: 10, value: 10 }],
  });
  assert.equal(r.status, 200, r.text);
  r = await coordinator.request('POST', `${base}/review`, { version: r.json.version, decision: 'accept' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'accepted');
  const h = await coordinator.request('GET', `/api/v1/tasks/${own.id}/history`);
  assert.deepEqual(
    h.json.items.map((x) => x.action),
    ['task.create', 'report.submit', 'attachment.add', 'report.return', 'report.revise', 'report.accept'],
  );
});

test("the board is the Coordinator's and the analyst's: counts, overdue tasks, silent agencies; 403 for others", async () => {
  const r = await coordinator.request('GET', `/api/v1/dashboard?plan_id=${plan.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.totals.total, 51);
  assert.ok(r.json.overdue.length > 0, 'the 2004 deadlines are long past');
  assert.ok(r.json.silent_agencies.some((s) => s.agency === 'mia'));
  assert.ok(!r.json.silent_agencies.some((s) => s.agency === 'labour'), 'labour reported today');
  for (const c of [focal, donor]) assertProblem(assert, await c.request('GET', '/api/v1/dashboard'), 403);
  // The analyst monitors: the same board, without internal tasks.
  const a = await analyst.request('GET', `/api/v1/dashboard?plan_id=${plan.id}`);
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.totals.total > 0 && a.json.totals.total <= r.json.totals.total);
  assert.ok(a.json.silent_agencies.some((s) => s.agency === 'mia'));
  const s = await coordinator.request('GET', `/api/v1/plans/${plan.id}/summary?year=2026`);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.items.length, 13);
  assertProblem(assert, await focal.request('GET', `/api/v1/plans/${plan.id}/summary`), 403);
});

test('import: bad CSV rows are refused by line number and nothing is written; a good file imports', async () => {
  const header = 'plan_code,plan_title_en,period_start,item,measure_en,task,text_en,responsible,deadline_kind,due,cadence\n';
  const bad =
    header +
    'api-2027,API plan,2027-01-01,1,Measure,1.1,Good,labour,date,2027-03-01,\n' +
    'api-2027,API plan,2027-01-01,1,Measure,1.2,Bad date,labour,date,2027-02-31,\n' +
    'api-2027,API plan,2027-01-01,1,Measure,1.3,Bad kind,labour,soon,,\n';
  let r = await coordinator.request('POST', '/api/v1/plans/import', bad, { raw: true, headers: { 'content-type': 'text/csv' } });
  assertProblem(assert, r, 400);
  assert.deepEqual(
    r.json.errors.map((e) => e.line),
    [3, 4],
  );
  let list = await coordinator.request('GET', '/api/v1/plans');
  assert.ok(!list.json.items.some((p) => p.code === 'api-2027'), 'nothing half-imported');
  assertProblem(
    assert,
    await focal.request('POST', '/api/v1/plans/import', bad, { raw: true, headers: { 'content-type': 'text/csv' } }),
    403,
  );
  const good = header + 'api-2027,API plan,2027-01-01,1,Measure,1.1,Good,labour;mia,ongoing,,monthly\n';
  // A dry_run that is neither true nor false is refused before any row is read:
  // a plain problem, without the row list (the document says so).
  r = await coordinator.request('POST', '/api/v1/plans/import?dry_run=', good, { raw: true, headers: { 'content-type': 'text/csv' } });
  assertProblem(assert, r, 400);
  assert.equal(r.json.errors, undefined);
  r = await coordinator.request('POST', '/api/v1/plans/import?dry_run=true', good, { raw: true, headers: { 'content-type': 'text/csv' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.plan, null);
  r = await coordinator.request('POST', '/api/v1/plans/import', good, { raw: true, headers: { 'content-type': 'text/csv' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.plan.revision, 1);
  assert.equal(r.json.tasks, 1);
});

test('a meeting decision becomes a task that the owner agency reports on', async () => {
  assertProblem(
    assert,
    await focal.request('POST', '/api/v1/meetings', { title: 'x', scheduled_for: '2026-06-01T10:00:00Z', invited: ['labour'] }),
    403,
  );
  let r = await coordinator.request('POST', '/api/v1/meetings', {
    title: 'Coordination meeting',
    scheduled_for: '2026-06-01T10:00:00+04:00',
    agenda: ['Shelter'],
    invited: ['labour', 'mia'],
  });
  assert.equal(r.status, 201, r.text);
  const meeting = r.json;
  r = await coordinator.request('POST', `/api/v1/meetings/${meeting.id}/decisions`, {
    text: { az: 'Təlim keçirilsin', en: 'Hold a training' },
    owner_agency: 'labour',
    due: '2026-12-31',
  });
  assert.equal(r.status, 201, r.text);
  const decision = r.json;
  r = await focal.request('POST', `/api/v1/tasks/${decision.task_id}/reports`, { status: 'done', narrative: 'Held' });
  assert.equal(r.status, 201, r.text);
  r = await coordinator.request('POST', `/api/v1/tasks/${decision.task_id}/reports/${r.json.id}/review`, {
    version: r.json.version,
    decision: 'accept',
  });
  assert.equal(r.status, 200, r.text);
  r = await focal.request('GET', `/api/v1/meetings/${meeting.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.decisions[0].task_status, 'done');
  assertProblem(assert, await donor.request('GET', `/api/v1/meetings/${meeting.id}`), 403);
});

test('a finding is answered by the body it is addressed to', async () => {
  let r = await analyst.request('POST', '/api/v1/findings', {
    title: 'Slow referrals',
    description: 'A week on average',
    addressed_to: 'labour',
  });
  assert.equal(r.status, 201, r.text);
  const f = r.json;
  assertProblem(assert, await donor.request('POST', '/api/v1/findings', { title: 'x', description: 'y', addressed_to: 'labour' }), 403);
  r = await focal.request('POST', `/api/v1/findings/${f.id}/answer`, { version: f.version, answer: 'Staff added' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'answered');
  assertProblem(assert, await focal.request('POST', `/api/v1/findings/${f.id}/close`, { version: r.json.version }), 403);
  r = await coordinator.request('POST', `/api/v1/findings/${f.id}/close`, { version: r.json.version });
  assert.equal(r.status, 200, r.text);
});
