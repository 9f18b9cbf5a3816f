// The National Coordinator's desk (issue 5) in a real browser against a real
// `nrm serve` (see run.sh): a full cycle — the Coordinator schedules a meeting
// whose decision becomes a task of the Ministry of Labour; the ministry's
// focal point reports on it (with an internal narrative, an indicator and an
// evidence file); the Coordinator accepts the report; the annual report is
// produced from the dashboard and its PDF downloaded and read. And the donor
// sees neither another donor's pledges nor internal narratives.
// One browser, one context per user; each TOTP user signs in once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config, formatViolations, h1, launchBrowser, randomSuffix, seriousViolations, signInAs, waitForText } from './lib.js';

const cfg = config();
const T = { timeout: 120_000 };

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
// A minimal PDF: the server decides an evidence file's type by its magic bytes.
const EVIDENCE = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

describe("the Coordinator's desk", { skip: cfg ? false : 'BASE_URL and CREDS are not set: run test/e2e/run.sh NRM_BINARY' }, () => {
  let browser;
  const sessions = new Map();
  const a11y = [];
  const pageProblems = [];
  const sfx = randomSuffix();
  // What the steps learn and pass on.
  const cycle = {
    meetingTitle: `E2E iclas ${sfx}`,
    decision: `E2E qərar ${sfx}: sığınacaq üçün tibbi yardım qaydalarını hazırlamaq`,
    internalNote: `GİZLİ-QEYD-${sfx}`,
    taskId: '',
  };
  const donors = { mine: `E2E Donor Bir ${sfx}`, other: `E2E Donor İki ${sfx}` };
  const tmp = mkdtempSync(join(tmpdir(), 'nrm-desk-'));

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  function user(username) {
    const u = cfg.users.find((x) => x.username === username);
    assert.ok(u, `demo-credentials.json has no ${username}`);
    return u;
  }

  async function as(username) {
    const have = sessions.get(username);
    if (have) return have.page;
    const ctx = await browser.newContext({ locale: 'az-AZ', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageProblems.push(`${username}: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        pageProblems.push(`${username}: console: ${m.text()}`);
    });
    await page.goto(cfg.baseUrl + '/');
    // The first load of a fresh context can be slow on a busy machine.
    await waitForText(page.locator('main h1'), /Sistemə giriş/, 30_000);
    await signInAs(page, user(username));
    await h1(page, /Ana səhifə/);
    sessions.set(username, { ctx, page });
    return page;
  }

  async function checkA11y(page, label) {
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
    const v = await seriousViolations(page);
    if (v.length) a11y.push(`${label}:\n${formatViolations(v)}`);
  }

  async function open(page, path, title) {
    await page.goto(cfg.baseUrl + path);
    await h1(page, title);
  }

  test('each role sees only the desk entries it can use', T, async () => {
    const expect = {
      coordinator: {
        yes: ['Koordinator paneli', 'Fəaliyyət planı', 'İclaslar', 'Aşkar edilmiş problemlər', 'Resurslar və donorlar'],
        no: ['Tapşırıqlarım'],
      },
      'ministry.focal': {
        yes: ['Tapşırıqlarım', 'İclaslar', 'Aşkar edilmiş problemlər'],
        no: ['Koordinator paneli', 'Resurslar və donorlar'],
      },
      donor: { yes: ['Resurslar və donorlar', 'Fəaliyyət planı'], no: ['Koordinator paneli', 'Tapşırıqlarım', 'İclaslar'] },
    };
    for (const [name, e] of Object.entries(expect)) {
      const nav = (await as(name)).getByRole('navigation');
      for (const item of e.yes)
        assert.equal(await nav.getByRole('link', { name: item, exact: true }).count(), 1, `${name}: nav lacks ${item}`);
      for (const item of e.no)
        assert.equal(await nav.getByRole('link', { name: item, exact: true }).count(), 0, `${name}: nav shows ${item}`);
    }
    // A page the role cannot use is not found, not half-shown.
    const donor = await as('donor');
    await open(donor, '/desk', /Səhifə tapılmadı|tapılmadı/);
  });

  test('the Coordinator schedules a meeting with the Ministry of Labour', T, async () => {
    const page = await as('coordinator');
    await page.getByRole('navigation').getByRole('link', { name: 'İclaslar', exact: true }).click();
    await h1(page, /^İclaslar$/);
    const form = page.locator('[data-testid=schedule-form]');
    await form.locator('[data-testid=schedule-submit]').click();
    assert.equal(await form.locator('.usa-error-message').count(), 3, 'title, date and invitations are required');
    await checkA11y(page, '/meetings with errors');
    await page.locator('#meeting-title').fill(cycle.meetingTitle);
    await page.locator('#meeting-date').fill(iso(new Date()));
    await page.locator('#meeting-agenda').fill('Sığınacağın vəziyyəti\nTəlim ehtiyacları');
    // Agencies are listed in Azerbaijani alphabetical order.
    const names = await page.locator('[data-testid=schedule-agencies] label').allTextContents();
    const ə = names.findIndex((n) => /^Əmək/.test(n));
    const d = names.findIndex((n) => /^Daxili/.test(n));
    const i = names.findIndex((n) => /^İqtisadi/.test(n));
    assert.ok(d >= 0 && ə > d && i > ə, `agencies are not in az order: ${names.join(' | ')}`);
    await page.locator('label[for=schedule-labour]').click();
    await page.locator('label[for=schedule-mia]').click();
    await form.locator('[data-testid=schedule-submit]').click();
    await h1(page, new RegExp(cycle.meetingTitle));
    await waitForText(page.locator('[data-testid=meeting-notice]'), /İclas təyin edildi/);
    assert.match(await page.locator('[data-testid=meeting-agenda]').textContent(), /Sığınacağın vəziyyəti[\s\S]*Təlim ehtiyacları/);
    await checkA11y(page, '/meetings/{id}');
  });

  test('the meeting is held and its decision becomes a task of the ministry', T, async () => {
    const page = await as('coordinator');
    const att = page.locator('[data-testid=attendance]');
    await att.getByLabel(/Əmək/).selectOption('present');
    await att.getByLabel(/Daxili/).selectOption('excused');
    await page.locator('#meeting-minutes').fill('İclasda sığınacaq məsələsi müzakirə olundu.');
    await page.locator('#meeting-status').selectOption('held');
    await page.locator('[data-testid=meeting-save]').click();
    await waitForText(page.locator('[data-testid=meeting-notice]'), /yadda saxlanıldı/);
    await waitForText(page.locator('[data-testid=meeting-status]'), /Keçirilib/);

    const form = page.locator('[data-testid=decision-form]');
    await form.locator('[data-testid=decision-submit]').click();
    assert.equal(await form.locator('.usa-error-message').count(), 3);
    await page.locator('#decision-az').fill(cycle.decision);
    await page.locator('#decision-en').fill(`E2E decision ${sfx}: draft the rules for medical help in the shelter`);
    await page.locator('#decision-owner').selectOption('labour');
    const due = new Date(Date.now() + 30 * 86400_000);
    await page.locator('#decision-due').fill(iso(due));
    await form.locator('[data-testid=decision-submit]').click();
    await waitForText(page.locator('[data-testid=meeting-notice]'), /tapşırığa çevrildi/);
    const row = page.locator('[data-testid=decisions] tbody tr').filter({ hasText: cycle.decision });
    await row.waitFor();
    assert.match(await row.textContent(), /Əmək/);
    const href = await row.locator('[data-testid=decision-task-link]').getAttribute('href');
    const m = /^\/plan\/tasks\/([0-9a-f-]{36})$/.exec(href ?? '');
    assert.ok(m, `unexpected task link ${href}`);
    cycle.taskId = m[1];
    await checkA11y(page, '/meetings/{id} with a decision');
  });

  test('the ministry focal point finds it in "my tasks" and reports', T, async () => {
    assert.ok(cycle.taskId, 'no task from the decision');
    const page = await as('ministry.focal');
    await page.getByRole('navigation').getByRole('link', { name: 'Tapşırıqlarım', exact: true }).click();
    await h1(page, /^Tapşırıqlarım$/);
    const row = page.locator(`[data-testid=my-tasks] tr[data-task-id="${cycle.taskId}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`E2E qərar ${sfx}`));
    await checkA11y(page, '/my-tasks');
    await row.locator('th a').click();
    await h1(page, /^Tapşırıq /);
    assert.match(await page.locator('[data-testid=task-text]').textContent(), new RegExp(`E2E qərar ${sfx}`));

    const form = page.locator('[data-testid=report-form]');
    await form.waitFor();
    await page.locator('label[for=report-status-done]').click();
    await form.locator('[data-testid=report-submit]').click();
    await waitForText(page.locator('#narrative-error'), /Görülən işləri yazın/);
    await page.locator('#narrative').fill(`Qaydalar hazırlanıb və təsdiqə göndərilib. ${cycle.internalNote}`);
    await page.locator('label[for=narrative-internal]').click();
    await form.locator('[data-testid=indicator-add]').click();
    await page.locator('#ind-0-name').fill('Hazırlanmış qaydalar');
    await page.locator('#ind-0-target').fill('1');
    await page.locator('#ind-0-value').fill('abc');
    await form.locator('[data-testid=report-submit]').click();
    await waitForText(page.locator('#ind-0-value-error'), /Rəqəm/);
    await page.locator('#ind-0-value').fill('1');
    await page.locator('#evidence').setInputFiles({ name: 'qaydalar.pdf', mimeType: 'application/pdf', buffer: EVIDENCE });
    await checkA11y(page, '/plan/tasks/{id} report form');
    await form.locator('[data-testid=report-submit]').click();
    await waitForText(page.locator('[data-testid=task-notice]'), /Hesabat göndərildi/);
    const card = page.locator('[data-testid=report-card]').first();
    await waitForText(card.locator('[data-testid=report-state]'), /Təqdim olunub/);
    assert.match(await card.textContent(), /qaydalar\.pdf/);
    assert.equal(await card.locator('[data-testid=internal-flag]').count(), 1);
    await waitForText(page.locator('[data-testid=task-history]'), /Hesabat təqdim olunub/);
  });

  test('the Coordinator reviews and accepts the report', T, async () => {
    const page = await as('coordinator');
    await open(page, `/plan/tasks/${cycle.taskId}`, /^Tapşırıq /);
    const card = page.locator('[data-testid=report-card][data-state=submitted]');
    await card.waitFor();
    assert.match(await card.locator('[data-testid=report-narrative]').textContent(), new RegExp(cycle.internalNote));
    // Returning needs a reason.
    await card.locator('[data-testid=review-return]').click();
    await waitForText(card.locator('.usa-error-message'), /səbəbini/);
    await checkA11y(page, '/plan/tasks/{id} review');
    await card.locator('[data-testid=review-comment]').fill('Qəbul edildi, təşəkkür edirik.');
    await card.locator('[data-testid=review-accept]').click();
    await waitForText(page.locator('[data-testid=task-notice]'), /qəbul edildi/);
    await waitForText(page.locator('[data-testid=report-card] [data-testid=report-state]'), /Qəbul edilib/);
    await waitForText(page.locator('[data-testid=task-history]'), /Hesabat qəbul edilib/);
    // The evidence file opens for the Coordinator.
    const link = page.locator('[data-testid=report-card] a[download]').first();
    const res = await page.request.get(cfg.baseUrl + (await link.getAttribute('href')));
    assert.equal(res.status(), 200);
    assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
  });

  test('the plan board and the dashboard show the plan, with charts that have text alternatives', T, async () => {
    const page = await as('coordinator');
    await page.getByRole('navigation').getByRole('link', { name: 'Fəaliyyət planı', exact: true }).click();
    await h1(page, /^Fəaliyyət planı$/);
    await page.locator('[data-testid=plan-board] tbody tr[data-task-id]').first().waitFor();
    await checkA11y(page, '/plan by item');
    await page.locator('button[data-view=agency]').click();
    await page.locator('[data-testid=plan-board] tbody[data-group^=a]').first().waitFor();
    await checkA11y(page, '/plan by agency');
    await page.locator('button[data-view=deadline]').click();
    await page.locator('[data-testid=plan-board] tbody[data-group^=m]').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Koordinator paneli', exact: true }).click();
    await h1(page, /Koordinator paneli/);
    await page.locator('[data-testid=dashboard-totals]').waitFor();
    for (const id of ['chart-status', 'chart-item', 'chart-agency', 'chart-deadline']) {
      const svg = page.locator(`[data-testid=${id}] svg[role=img]`);
      assert.equal(await svg.count(), 1, `${id} has no svg role=img`);
      assert.ok(((await svg.getAttribute('aria-label')) ?? '').length > 10, `${id} has no text alternative`);
      assert.ok((await page.locator(`[data-testid=${id}] table`).count()) === 1, `${id} has no table fallback`);
    }
    await checkA11y(page, '/desk');
  });

  test('the annual report is produced from the dashboard and its PDF opens', T, async () => {
    const page = await as('coordinator');
    await open(page, '/desk', /Koordinator paneli/);
    const box = page.locator('[data-testid=annual-report]');
    await box.locator('[data-testid=annual-year]').fill(String(new Date().getFullYear()));
    await box.locator('[data-testid=annual-lang]').selectOption('az');
    await box.locator('[data-testid=annual-format]').selectOption('pdf');
    await box.locator('[data-testid=annual-start]').click();
    await box.locator('[data-testid=annual-done]').waitFor({ timeout: 90_000 });
    await checkA11y(page, '/desk annual report done');
    const [download] = await Promise.all([page.waitForEvent('download'), box.locator('[data-testid=annual-download]').click()]);
    const file = join(tmp, 'annual.pdf');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-', 'the download is not a PDF');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    // The report speaks of the plan, and of this test's meeting, whose decision is a task of the year.
    assert.match(text, /Milli Fəaliyyət Planı/, 'the PDF does not name the plan');
    assert.ok(text.includes(cycle.meetingTitle), `the PDF does not mention the meeting: ${text.slice(0, 400)}`);
  });

  test('the Coordinator registers two donors, a need and a pledge for each', T, async () => {
    const page = await as('coordinator');
    await page.getByRole('navigation').getByRole('link', { name: 'Resurslar və donorlar', exact: true }).click();
    await h1(page, /Resurslar və donorlar/);
    for (const name of [donors.mine, donors.other]) {
      const f = page.locator('[data-testid=donor-form]');
      await f.locator('#donor-form-name_az').fill(name);
      await f.locator('#donor-form-name_en').fill(name);
      await f.locator('#donor-form-kind').selectOption('donor');
      await f.locator('[data-testid=donor-form-submit]').click();
      await waitForText(page.locator('[data-testid=resources-notice]'), /Təşkilat qeyd edildi/);
      await waitForText(page.locator('[data-testid=donors]'), new RegExp(name));
    }
    // The demo donor account joins the first organisation (unless the demo linked it already).
    const link = page.locator('[data-testid=member-form]');
    await link.locator('#member-form-donor').selectOption({ label: donors.mine });
    await link.locator('#member-form-username').fill('donor');
    await link.locator('[data-testid=member-form-submit]').click();
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});

    const need = page.locator('[data-testid=need-form]');
    await need.locator('#need-form-type').selectOption('material');
    await need.locator('#need-form-title_az').fill(`E2E ehtiyac ${sfx}`);
    await need.locator('#need-form-title_en').fill(`E2E need ${sfx}`);
    await need.locator('#need-form-currency').fill('AZN');
    await need.locator('#need-form-amount').fill('10000');
    await need.locator('[data-testid=need-form-submit]').click();
    await waitForText(page.locator('[data-testid=resources-notice]'), /Ehtiyac qeyd edildi/);
    await waitForText(page.locator('[data-testid=needs]'), new RegExp(`E2E ehtiyac ${sfx}`));

    const pledge = page.locator('[data-testid=pledge-form]');
    await pledge.locator('#pledge-form-need').selectOption({ label: `E2E ehtiyac ${sfx} (AZN)` });
    await pledge.locator('#pledge-form-donor').selectOption({ label: donors.other });
    await pledge.locator('#pledge-form-amount').fill('2500');
    await pledge.locator('[data-testid=pledge-form-submit]').click();
    await waitForText(page.locator('[data-testid=resources-notice]'), /Öhdəlik qeyd edildi/);
    await waitForText(page.locator('[data-testid=pledges]'), new RegExp(donors.other));
    await checkA11y(page, '/resources (coordinator)');
  });

  test("the donor pledges for its own organisation and sees no other donor's pledge", T, async () => {
    const page = await as('donor');
    await page.getByRole('navigation').getByRole('link', { name: 'Resurslar və donorlar', exact: true }).click();
    await h1(page, /Resurslar və donorlar/);
    const org = await waitForText(page.locator('[data-testid=donor-org]'), /Təşkilatınız: /);
    await waitForText(page.locator('[data-testid=needs]'), new RegExp(`E2E ehtiyac ${sfx}`));
    const pledge = page.locator('[data-testid=pledge-form]');
    await pledge.locator('#pledge-form-need').selectOption({ label: `E2E ehtiyac ${sfx} (AZN)` });
    assert.equal(await pledge.locator('#pledge-form-donor').count(), 0, 'a donor does not choose the donor');
    await pledge.locator('#pledge-form-amount').fill('1000');
    await pledge.locator('[data-testid=pledge-form-submit]').click();
    await waitForText(page.locator('[data-testid=resources-notice]'), /Öhdəlik qeyd edildi/);
    const rows = page.locator('[data-testid=pledges] tbody tr');
    await rows.first().waitFor();
    const ids = new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-donor-id'))));
    assert.equal(ids.size, 1, 'the donor sees pledges of more than one organisation');
    const main = await page.locator('main').textContent();
    assert.ok(!main.includes(donors.other), 'the donor sees the other donor');
    assert.match(main, /1,000\.00 AZN/);
    assert.match(org, /Təşkilatınız/);
    await checkA11y(page, '/resources (donor)');
  });

  test("the donor sees the task's results but not its internal narrative", T, async () => {
    const page = await as('donor');
    await open(page, `/plan/tasks/${cycle.taskId}`, /^Tapşırıq /);
    const card = page.locator('[data-testid=report-card]').first();
    await card.waitFor();
    await waitForText(card.locator('[data-testid=report-state]'), /Qəbul edilib/);
    await waitForText(card.locator('[data-testid=report-narrative]'), /Daxili mətn: sizə göstərilmir/);
    assert.ok(!(await page.locator('main').textContent()).includes(cycle.internalNote), 'the donor sees the internal narrative');
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
    assert.ok(!(await page.locator('[data-testid=task-history]').textContent()).includes(cycle.internalNote));
    assert.equal(await page.locator('[data-testid=report-form]').count(), 0);
    assert.equal(await page.locator('[data-testid=review-form]').count(), 0);
    await checkA11y(page, '/plan/tasks/{id} (donor)');
  });

  test('a plan import with bad rows is refused line by line, then the corrected file imports', T, async () => {
    const page = await as('coordinator');
    await open(page, '/plan', /^Fəaliyyət planı$/);
    await page.locator('[data-testid=plan-import-link]').click();
    await h1(page, /Planı idxal et/);
    const header = 'plan_code,plan_title_en,period_start,item,measure_en,task,text_en,responsible,deadline_kind,due';
    const good = `e2e-${sfx},E2E plan ${sfx},2026-01-01,1,E2E measure,1.1,E2E task one,labour,date,2026-06-30`;
    const bad = [
      header,
      good,
      `e2e-${sfx},E2E plan ${sfx},2026-01-01,1,E2E measure,1.2,E2E task two,labour,someday,`,
      `e2e-${sfx},E2E plan ${sfx},2026-01-01,x,E2E measure,1.3,E2E task three,labour,date,2026-06-30`,
    ].join('\n');
    await page.locator('[data-testid=import-submit]').click();
    await waitForText(page.locator('#plan-file-error'), /Fayl seçin/);
    await page.locator('#plan-file').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.locator('[data-testid=import-submit]').click();
    const errors = page.locator('[data-testid=import-errors]');
    await errors.waitFor();
    const lines = await errors.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-line')));
    assert.ok(lines.includes('3') && lines.includes('4'), `the bad rows' lines are not named: ${lines}`);
    assert.ok(!lines.includes('2'), 'the good row is blamed');
    await waitForText(errors, /Sətir 3/);
    await checkA11y(page, '/plan/import with errors');
    // Nothing was half-imported: the plan is not in the list.
    await open(page, '/plan', /^Fəaliyyət planı$/);
    await page.locator('#plan-choice').waitFor();
    assert.ok(!(await page.locator('#plan-choice').textContent()).includes(`E2E plan ${sfx}`), 'a refused file left a plan behind');
    await page.locator('[data-testid=plan-import-link]').click();
    await h1(page, /Planı idxal et/);
    await page
      .locator('#plan-file')
      .setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from([header, good].join('\n')) });
    await page.locator('[data-testid=import-check]').click();
    await waitForText(page.locator('[data-testid=import-result]'), /Fayl düzgündür[\s\S]*1 bənd, 1 tapşırıq/);
    await page.locator('[data-testid=import-submit]').click();
    await waitForText(page.locator('[data-testid=import-result]'), /Plan idxal edildi/);
  });

  test('findings, training and awareness pages work and are accessible', T, async () => {
    const focal = await as('ministry.focal');
    await focal.getByRole('navigation').getByRole('link', { name: 'Aşkar edilmiş problemlər', exact: true }).click();
    await h1(focal, /Aşkar edilmiş problemlər/);
    const form = focal.locator('[data-testid=finding-form]');
    await focal.locator('#finding-title').fill(`E2E problem ${sfx}`);
    await focal.locator('#finding-description').fill('Sərhəd məntəqələrində qurbanların tanınması üzrə təlimat yoxdur.');
    await focal.locator('#finding-to').selectOption('border');
    await form.locator('button[type=submit]').click();
    await waitForText(focal.locator('[data-testid=findings-notice]'), /Problem qeyd edildi/);
    await checkA11y(focal, '/findings (focal)');

    const page = await as('coordinator');
    await open(page, '/findings', /Aşkar edilmiş problemlər/);
    await page
      .locator('[data-testid=finding-card]')
      .filter({ hasText: `E2E problem ${sfx}` })
      .waitFor();
    assert.match((await page.locator('[data-testid=chart-findings] svg[role=img]').getAttribute('aria-label')) ?? '', /Sərhəd/);
    await checkA11y(page, '/findings (coordinator)');
    await open(page, '/training', /^Təlim$/);
    await page.locator('[data-testid=tneed-form]').waitFor();
    await checkA11y(page, '/training');
    await open(page, '/awareness', /Maarifləndirmə/);
    await page.locator('[data-testid=campaign-form]').waitFor();
    await checkA11y(page, '/awareness');
  });

  test('summary: no serious accessibility violation, script error or CSP refusal', () => {
    assert.equal(a11y.length, 0, a11y.join('\n'));
    assert.equal(pageProblems.length, 0, pageProblems.join('\n'));
  });
});
