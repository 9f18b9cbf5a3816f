// The person form's richer fields in a real browser against a real `nrm
// serve` (see run.sh): HTCDS gender values from the server's picklists in
// az/en/ru, several identity documents, citizenship and languages by name,
// "birth date or age", and the sealed photo: uploaded by the assignee, shown
// to identity readers only ("not shown" to a grant holder without identity),
// never kept in browser storage. Axe runs on each state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { config, formatViolations, h1, importTs, launchBrowser, randomSuffix, seriousViolations, signInAs, waitForText } from './lib.js';

const text = await importTs('web/src/text.ts');

const cfg = config();
const T = { timeout: 90_000 };
const UUID_PATH = /^\/persons\/([0-9a-f-]{36})$/;
const HTCDS = ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'];
// A valid 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

describe('person fields', { skip: cfg ? false : 'BASE_URL and CREDS are not set: run test/e2e/run.sh NRM_BINARY' }, () => {
  let browser;
  const sessions = new Map();
  const a11y = [];
  const pageProblems = [];
  const rec = { id: '', reference: '' };
  const suffix = randomSuffix();

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  async function as(username) {
    const have = sessions.get(username);
    if (have) return have;
    const u = cfg.users.find((x) => x.username === username);
    assert.ok(u, `demo-credentials.json has no ${username}`);
    const ctx = await browser.newContext({ locale: 'az-AZ', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageProblems.push(`${username}: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        pageProblems.push(`${username}: console: ${m.text()}`);
    });
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Sistemə giriş/);
    await signInAs(page, u);
    await h1(page, /Ana səhifə/);
    sessions.set(username, page);
    return page;
  }

  async function checkA11y(page, label) {
    await page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => {});
    const v = await seriousViolations(page);
    if (v.length) a11y.push(`${label}:\n${formatViolations(v)}`);
  }

  async function open(page, path, title) {
    await page.goto(cfg.baseUrl + path);
    await h1(page, title);
  }

  /** A JSON API call made by the signed-in page itself (its cookie and CSRF token). */
  async function call(page, method, path, body) {
    return page.evaluate(
      async ({ method, path, body }) => {
        const s = await (await fetch('/api/v1/session')).json();
        const res = await fetch(path, {
          method,
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: res.status === 204 ? null : await res.json() };
      },
      { method, path, body },
    );
  }

  async function assertNoStorage(page, when) {
    const kept = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
    assert.ok(
      kept.every((k) => k === 'nrm.lang'),
      `browser storage ${when}: ${kept}`,
    );
  }

  test('the gender select offers the HTCDS values, named in az, en and ru', T, async () => {
    const page = await as('spu.investigator');
    await open(page, '/persons/new', /Şəxsi qeydə al/);
    const gender = page.locator('#pn-detail-gender');
    await gender.locator('option[value=Feminine]').waitFor({ state: 'attached' });
    const values = async () => (await gender.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
    assert.deepEqual(await values(), HTCDS);
    const names = { az: ['Qadın', 'Kişi'], en: ['Female', 'Male'], ru: ['Женский', 'Мужской'] };
    for (const lang of ['en', 'ru', 'az']) {
      await page.locator(`button[data-lang=${lang}]`).click();
      await waitForText(gender.locator('option[value=Feminine]'), new RegExp(`^${names[lang][0]}$`));
      await waitForText(gender.locator('option[value=Masculine]'), new RegExp(`^${names[lang][1]}$`));
      assert.deepEqual(await values(), HTCDS, `the values do not change with the language (${lang})`);
      // Citizenship is chosen by name in the UI language; the code is what is sent.
      const aze = (await page.locator('#pn-detail-citizenship option[value=AZE]').textContent()).trim();
      assert.match(aze, lang === 'ru' ? /Азербайджан/ : lang === 'az' ? /Azərbaycan/ : /Azerbaijan/);
      await checkA11y(page, `/persons/new (${lang})`);
    }
    // Countries are listed by their Azerbaijani names in Azerbaijani order (ç after c, ə after e, ı before i).
    const countries = (await page.locator('#pn-detail-citizenship option').allTextContents()).map((s) =>
      s.trim().replace(/ \([A-Z]{3}\)$/, ''),
    );
    assert.ok(countries.length > 200, `only ${countries.length} countries`);
    const compare = text.makeCompare('az');
    assert.deepEqual(countries, [...countries].sort(compare));
    // No legacy code is offered.
    for (const legacy of ['female', 'male', 'other', 'unknown']) assert.equal(await gender.locator(`option[value=${legacy}]`).count(), 0);
  });

  test('a person with two documents and a photo round-trips', T, async () => {
    const page = await as('spu.investigator');
    await open(page, '/persons/new', /Şəxsi qeydə al/);
    const form = page.locator('[data-testid=person-form]');
    await page.locator('#pn-detail-gender option[value=Feminine]').waitFor({ state: 'attached' });
    await page.locator('#pn-identity-given_names').fill('Nərgiz');
    await page.locator('#pn-identity-family_name').fill(`Vəliyeva ${suffix}`);
    await page.locator('#pn-identity-other_names').fill('Nargiz Veliyeva, Наргиз Велиева');
    // Birth date or age estimate, not both.
    await page.locator('#pn-identity-birth_date').fill('1998-05-17');
    await page.locator('#pn-detail-age_estimate').fill('27');
    await page.locator('[data-testid=add-document]').click();
    await page.locator('[data-testid=add-document]').click();
    await page.locator('#pn-doc-0-type').selectOption('passport');
    await page.locator('#pn-doc-0-number').fill(`P${suffix}`.toUpperCase());
    await page.locator('#pn-doc-0-country').selectOption('AZE');
    await page.locator('#pn-doc-0-expiry').fill('2031-01-31');
    await page.locator('#pn-doc-1-number').fill(`ID${suffix}`.toUpperCase());
    await form.locator('button[type=submit]').click();
    await waitForText(page.locator('#pn-detail-age_estimate-error'), /ikisini birlikdə yox/);
    await waitForText(page.locator('#pn-doc-1-type-error'), /növünü seçin/);
    await checkA11y(page, '/persons/new (errors)');
    await page.locator('#pn-detail-age_estimate').fill('');
    await page.locator('#pn-doc-1-type').selectOption('national_id');
    await page.locator('#pn-detail-gender').selectOption('Feminine');
    await page.locator('#pn-detail-citizenship').selectOption(['AZE', 'GEO']);
    await page.locator('#pn-detail-languages').selectOption(['aze', 'rus']);
    await checkA11y(page, '/persons/new (filled)');
    await form.locator('button[type=submit]').click();

    await h1(page, /^P-\d{4}-\d{6} qeydi$/);
    rec.id = UUID_PATH.exec(new URL(page.url()).pathname)[1];
    rec.reference = (await page.locator('[data-testid=person-reference]').textContent()).trim();
    const docs = page.locator('[data-group=identity] [data-field=documents] li');
    await docs.nth(1).waitFor();
    assert.equal(await docs.count(), 2);
    assert.match(await docs.nth(0).textContent(), new RegExp(`Pasport · P${suffix.toUpperCase()} · Azərbaycan · 2031-01-31 tarixinədək`));
    assert.match(await docs.nth(1).textContent(), new RegExp(`ID${suffix.toUpperCase()}`));
    await waitForText(page.locator('[data-group=detail] [data-field=gender]'), /^Qadın$/);
    await waitForText(page.locator('[data-group=detail] [data-field=citizenship]'), /Azərbaycan/);
    await waitForText(page.locator('[data-group=detail] [data-field=languages]'), /azərbaycan/i);
    await waitForText(page.locator('[data-testid=person-photo]'), /Foto qeyd edilməyib/);

    // The photo: a wrong type is refused in the browser, a PNG is stored.
    await page
      .locator('#person-photo-file')
      .setInputFiles([{ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') }]);
    await waitForText(page.locator('#person-photo-file-error'), /JPEG və ya PNG/);
    await page
      .locator('#person-photo-file')
      .setInputFiles([{ name: 'big.png', mimeType: 'image/png', buffer: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]) }]);
    await waitForText(page.locator('#person-photo-file-error'), /512 KB/);
    await page.locator('#person-photo-file').setInputFiles([{ name: 'face.png', mimeType: 'image/png', buffer: PNG }]);
    await page.locator('[data-testid=photo-form] button[type=submit]').click();
    await waitForText(page.locator('[data-testid=person-notice]'), /Foto saxlanıldı/);
    const img = page.locator('[data-testid=photo-image]');
    await img.waitFor();
    assert.ok((await img.getAttribute('src')).startsWith('data:image/png'), 'the photo is shown from memory');
    await page.waitForFunction(() => document.querySelector('[data-testid=photo-image]')?.naturalWidth === 1);
    assert.match(await img.getAttribute('alt'), new RegExp(rec.reference));
    await assertNoStorage(page, 'after the photo');
    await checkA11y(page, '/persons/{id} (documents and photo)');

    // Editing the identity keeps both documents; the photo is shown again after a reload.
    await page.locator('[data-group=identity] button[data-action=edit]').click();
    await page.locator('[data-testid=edit-form-identity] [data-doc]').nth(1).waitFor();
    assert.equal(await page.locator('[data-testid=edit-form-identity] [data-doc]').count(), 2);
    assert.equal(await page.locator('#pe-doc-0-number').inputValue(), `P${suffix}`.toUpperCase());
    await page.locator('#pe-identity-patronymic').fill('Kamil qızı');
    await page.locator('[data-testid=edit-form-identity] button[type=submit]').click();
    await waitForText(page.locator('[data-testid=person-notice]'), /saxlanıldı/);
    await open(page, `/persons/${rec.id}`, new RegExp(`${rec.reference} qeydi`));
    await waitForText(page.locator('[data-group=identity] [data-field=patronymic]'), /Kamil qızı/);
    assert.equal(await docs.count(), 2);
    await page.waitForFunction(() => document.querySelector('[data-testid=photo-image]')?.naturalWidth === 1);
  });

  test('a grant holder without the identity class is told the photo is not shown', T, async () => {
    assert.ok(rec.id, 'the previous test recorded the person');
    const bo = await as('border.officer');
    const asked = await call(bo, 'POST', '/api/v1/information-requests', {
      object_type: 'person',
      object: rec.reference,
      fields: ['detail'],
      purpose: 'Sərhəd keçidində vətəndaşlığın yoxlanılması',
    });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const inv = await as('spu.investigator');
    const approved = await call(inv, 'POST', `/api/v1/information-requests/${asked.body.id}/approve`, {
      version: asked.body.version,
      fields: ['detail'],
      valid_for_days: 1,
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));

    await open(bo, `/persons/${rec.id}`, new RegExp(`${rec.reference} qeydi`));
    await waitForText(bo.locator('[data-group=detail] [data-field=gender]'), /^Qadın$/);
    await waitForText(bo.locator('[data-testid=photo-not-shown]'), /Foto göstərilmir/);
    assert.equal(await bo.locator('[data-testid=photo-image]').count(), 0);
    assert.equal(await bo.locator('#person-photo-file').count(), 0);
    const text = await bo.locator('main').textContent();
    assert.ok(!/Nərgiz|Vəliyeva/.test(text) && !text.includes(`P${suffix}`.toUpperCase()), 'identity stays hidden');
    // The photo itself is refused to this reader.
    const status = await bo.evaluate(async (id) => (await fetch(`/api/v1/persons/${id}/photo`)).status, rec.id);
    assert.ok(status === 403 || status === 404, `photo answered ${status}`);
    await checkA11y(bo, '/persons/{id} (detail only)');
  });

  test('no accessibility violations and no CSP problems on the pages visited', () => {
    assert.deepEqual(a11y, [], a11y.join('\n\n'));
    assert.deepEqual(pageProblems, []);
  });
});
