// Need-to-know in a real browser against a real `nrm serve` (see run.sh):
// records, information requests, grants, access history, break glass and
// oversight alerts, each seen by the users who may, and hidden from the others.
// One browser, one context per user; each TOTP user signs in once, because the
// server refuses a code whose 30-second step that user already used.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { config, formatViolations, h1, launchBrowser, seriousViolations, signInAs, waitForText } from './lib.js';

const cfg = config();
const T = { timeout: 60_000 };
const UUID_PATH = /^\/persons\/([0-9a-f-]{36})$/;

describe('need-to-know', { skip: cfg ? false : 'BASE_URL and CREDS are not set: run test/e2e/run.sh NRM_BINARY' }, () => {
  let browser;
  const sessions = new Map(); // username -> { ctx, page }
  const a11y = [];
  const pageProblems = [];
  // What the steps below learn and pass on.
  const rec = { id: '', reference: '' };
  const other = { id: '' };

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  function user(username) {
    const u = cfg.users.find((x) => x.username === username);
    assert.ok(u, `demo-credentials.json has no ${username}`);
    return u;
  }

  /** The page of a signed-in user; signs in on first use only. */
  async function as(username) {
    const have = sessions.get(username);
    if (have) return have.page;
    const ctx = await browser.newContext({ locale: 'az-AZ', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageProblems.push(`${username}: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        pageProblems.push(`${username}: console: ${m.text()}`);
    });
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Sistemə giriş/);
    await signInAs(page, user(username));
    await h1(page, /Ana səhifə/);
    sessions.set(username, { ctx, page });
    return page;
  }

  async function checkA11y(page, label) {
    // Each step has already waited for what it checks. Here a PATCH answered 409
    // stayed "in flight" for Playwright (the server's answer is complete), so
    // "network idle" is waited for briefly only.
    await page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => {});
    const v = await seriousViolations(page);
    if (v.length) a11y.push(`${label}:\n${formatViolations(v)}`);
  }

  async function open(page, path, title) {
    await page.goto(cfg.baseUrl + path);
    await h1(page, title);
  }

  test('an SPU investigator records a person and finds it in any script', T, async () => {
    const page = await as('spu.investigator');
    const nav = page.getByRole('navigation');
    for (const item of ['Şəxslər', 'Məlumat sorğuları', 'İcazələrim']) {
      assert.equal(await nav.getByRole('link', { name: item, exact: true }).count(), 1, `nav lacks ${item}`);
    }
    assert.equal(await nav.getByRole('link', { name: 'Nəzarət siqnalları' }).count(), 0);
    await nav.getByRole('link', { name: 'Şəxslər', exact: true }).click();
    await h1(page, /^Şəxslər$/);
    await checkA11y(page, '/persons (empty)');

    await page.locator('[data-testid=new-person]').click();
    await h1(page, /Şəxsi qeydə al/);
    const form = page.locator('[data-testid=person-form]');
    // Nothing filled in: one form-level error; then a date that does not exist.
    await form.locator('button[type=submit]').click();
    await waitForText(form.locator('.usa-error-message'), /Ən azı bir sahəni doldurun/);
    await page.getByLabel('Ad', { exact: true }).fill('Leyla');
    await page.getByLabel('Doğum tarixi').fill('1999-02-30');
    await form.locator('button[type=submit]').click();
    await waitForText(page.locator('#pn-identity-birth_date-error'), /İİİİ-AA-GG/);
    assert.equal(await page.locator('#pn-identity-birth_date').getAttribute('aria-invalid'), 'true');
    await checkA11y(page, '/persons/new with errors');

    await page.getByLabel('Soyad', { exact: true }).fill('Məmmədova');
    await page.getByLabel('Doğum tarixi').fill('1999-02-03');
    await page.locator('#pn-contact-phone').fill('+994 50 123 45 67');
    await page.locator('#pn-location-address').fill('Bakı, Nizami küç. 5');
    await page.locator('#pn-detail-gender option[value=Feminine]').waitFor({ state: 'attached' });
    await page.locator('#pn-detail-gender').selectOption('Feminine');
    await form.locator('button[type=submit]').click();

    await h1(page, /^P-\d{4}-\d{6} qeydi$/);
    const m = UUID_PATH.exec(new URL(page.url()).pathname);
    assert.ok(m, `unexpected person URL ${page.url()}`);
    rec.id = m[1];
    rec.reference = (await page.locator('[data-testid=person-reference]').textContent()).trim();
    await waitForText(page.locator('[data-testid=person-notice]'), new RegExp(`${rec.reference} koduyla qeydə alındı`));
    await waitForText(page.locator('[data-group=identity]'), /Leyla[\s\S]*Məmmədova[\s\S]*1999-02-03/);
    await waitForText(page.locator('[data-group=contact]'), /\+994 50 123 45 67/);
    await waitForText(page.locator('[data-group=location]'), /Nizami/);
    await waitForText(page.locator('[data-group=detail]'), /Qadın/);
    assert.equal(await page.locator('[data-hidden-class]').count(), 0, 'the recorder sees every class');
    // The person is not in the address bar, and nothing is kept in storage.
    assert.ok(!/Leyla|994/.test(decodeURIComponent(page.url())));
    const stored = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(
      stored.every((k) => k === 'nrm.lang'),
      `unexpected localStorage keys: ${stored}`,
    );
    await checkA11y(page, '/persons/{id} (full view)');

    await open(page, '/persons', /^Şəxslər$/);
    const row = page.locator(`[data-testid=persons-table] tr[data-reference="${rec.reference}"]`);
    await waitForText(row.locator('[data-testid=person-name]'), /Leyla Məmmədova/);

    // Cyrillic and transliterated spellings find the Azerbaijani name; the terms stay out of the URL.
    for (const term of ['Лейла Мамедова', 'leyla mammadova']) {
      await page.getByLabel('Ad və ya soyad').fill(term);
      await page.locator('[data-testid=person-search] button[type=submit]').click();
      await page.locator(`[data-testid=search-table] tr[data-reference="${rec.reference}"]`).waitFor();
      assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/persons');
    }
    await checkA11y(page, '/persons with search results');
    await page.getByLabel('Ad və ya soyad').fill('Zeynəb Quliyeva');
    await page.locator('[data-testid=person-search] button[type=submit]').click();
    await page.locator('[data-testid=search-none]').waitFor();
  });

  test('an edit that crosses another change is refused with "reload", then succeeds', T, async () => {
    const page = await as('spu.investigator');
    await open(page, `/persons/${rec.id}`, new RegExp(`${rec.reference} qeydi`));
    await page.locator('[data-group=contact] button[data-action=edit]').click();
    const form = page.locator('[data-testid=edit-form-contact]');
    await form.waitFor();
    await page.locator('#pe-contact-email').fill('leyla@example.org');
    // Someone else changes the record in the meantime (the same API, another tab).
    const status = await page.evaluate(async (id) => {
      const s = await (await fetch('/api/v1/session')).json();
      const p = await (await fetch(`/api/v1/persons/${id}`)).json();
      const r = await fetch(`/api/v1/persons/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: JSON.stringify({ version: p.version, location: { address: 'Gəncə, Atatürk pr. 10' } }),
      });
      return r.status;
    }, rec.id);
    assert.equal(status, 200);
    await form.locator('button[type=submit]').click();
    await waitForText(page.locator('[data-testid=edit-error]'), /başqa birisi dəyişib/);
    await checkA11y(page, '/persons/{id} edit conflict');
    await page.locator('[data-testid=edit-error]').getByRole('button', { name: 'Yenilə' }).click();
    await waitForText(page.locator('[data-group=location]'), /Gəncə/);
    await page.locator('[data-group=contact] button[data-action=edit]').click();
    await page.locator('#pe-contact-email').fill('leyla@example.org');
    await page.locator('[data-testid=edit-form-contact] button[type=submit]').click();
    await waitForText(page.locator('[data-testid=person-notice]'), /yadda saxlanıldı/);
    await waitForText(page.locator('[data-group=contact]'), /leyla@example\.org/);
    const contact = await page.locator('[data-group=contact]').textContent();
    assert.match(contact, /\+994 50 123 45 67/, 'the phone stays');
    assert.match(contact, /leyla@example\.org/);
  });

  test('the coordinator sees neither the record in the list nor its page', T, async () => {
    const page = await as('coordinator');
    await open(page, '/persons', /^Şəxslər$/);
    await page.locator('[data-testid=persons-empty]').waitFor();
    assert.equal(await page.locator(`tr[data-reference="${rec.reference}"]`).count(), 0);
    await open(page, `/persons/${rec.id}`, /Qeyd tapılmadı/);
    await page.locator('[data-testid=person-not-found]').waitFor();
    const text = await page.locator('main').textContent();
    assert.ok(!/Leyla|Məmmədova|Nizami|994/.test(text), 'the coordinator must not see the person');
    await checkA11y(page, '/persons/{id} not found (coordinator)');
  });

  test('a border officer asks for the identity class with a purpose', T, async () => {
    const page = await as('border.officer');
    await page.getByRole('navigation').getByRole('link', { name: 'Məlumat sorğuları' }).click();
    await h1(page, /Məlumat sorğuları/);
    await page.locator('[data-testid=ask-link]').click();
    await h1(page, /Məlumat soruş/);
    const form = page.locator('[data-testid=ask-form]');
    await form.locator('button[type=submit]').click();
    assert.equal(await form.locator('.usa-error-message').count(), 3, 'reference, classes and purpose are required');
    await checkA11y(page, '/requests/new with errors');
    // The reference class is open to every reader and is not offered.
    assert.equal(await page.locator('#ask-class-reference').count(), 0);
    await page.getByLabel('Qeydin istinad kodu').fill(rec.reference.toLowerCase());
    await page.locator('label[for=ask-class-identity]').click();
    await page.getByLabel('Məqsəd').fill('qısa');
    await form.locator('button[type=submit]').click();
    await waitForText(page.locator('#ask-purpose-error'), /ən azı 10 simvol/);
    await page.getByLabel('Məqsəd').fill('Sərhəd keçidində şəxsiyyətin yoxlanılması');
    await form.locator('button[type=submit]').click();
    await waitForText(page.locator('[data-testid=ask-sent]'), new RegExp(`${rec.reference} üzrə sorğu göndərildi`));

    await open(page, '/requests', /Məlumat sorğuları/);
    const row = page.locator(`[data-testid=mine-table] tr[data-reference="${rec.reference}"]`);
    await waitForText(row.locator('[data-status]'), /Gözləyir/);
    assert.match(await row.textContent(), /Şəxsiyyət/);
  });

  test('the investigator approves it from "to decide" for 7 days', T, async () => {
    const page = await as('spu.investigator');
    await open(page, '/requests', /Məlumat sorğuları/);
    const card = page.locator(`[data-testid=decide-card][data-reference="${rec.reference}"]`);
    await card.waitFor();
    await checkA11y(page, '/requests with a request to decide');
    // Only the classes asked are offered, all ticked.
    assert.equal(await card.locator('input[type=checkbox]').count(), 1);
    assert.ok(await card.locator('input[type=checkbox][value=identity]').isChecked());
    await card.locator('[data-testid=approve-days]').fill('91');
    await card.locator('[data-testid=approve]').click();
    await waitForText(card.locator('.usa-error-message'), /1 ilə 90 gün/);
    await card.locator('[data-testid=approve-days]').fill('7');
    await card.locator('[data-testid=approve]').click();
    await waitForText(page.locator('[data-testid=requests-notice]'), /təsdiqləndi/);
    assert.equal(await card.count(), 0);
  });

  test('the border officer now sees the identity group, and not contact or location', T, async () => {
    const page = await as('border.officer');
    await open(page, `/persons/${rec.id}`, new RegExp(`${rec.reference} qeydi`));
    await waitForText(page.locator('[data-group=identity]'), /Leyla[\s\S]*Məmmədova/);
    for (const cls of ['contact', 'location', 'detail', 'health', 'investigation']) {
      assert.equal(await page.locator(`[data-group=${cls}]`).count(), 0, `${cls} should be hidden`);
      assert.equal(await page.locator(`[data-hidden-class=${cls}]`).count(), 1, `no "not shown" note for ${cls}`);
    }
    await waitForText(page.locator('[data-hidden-class=contact]'), /Göstərilmir: .*icazəniz yoxdur/);
    const text = await page.locator('main').textContent();
    assert.ok(!/994|Nizami|Gəncə|leyla@/.test(text), 'contact and location must stay hidden');
    // More can be asked for from here.
    await page.locator('[data-testid=request-info]').click();
    await waitForText(page.locator('[data-testid=ask-reference]'), new RegExp(rec.reference));
    await checkA11y(page, '/persons/{id} (identity only, ask form open)');

    await open(page, '/requests', /Məlumat sorğuları/);
    const row = page.locator(`[data-testid=mine-table] tr[data-reference="${rec.reference}"]`);
    await waitForText(row.locator('[data-status]'), /Təsdiqlənib/);
    await waitForText(row.locator('[data-testid=grant-cell]'), /tarixinədək/);
    await checkA11y(page, '/requests (mine)');

    await open(page, '/persons', /^Şəxslər$/);
    await waitForText(
      page.locator(`[data-testid=persons-table] tr[data-reference="${rec.reference}"] [data-testid=person-name]`),
      /Leyla Məmmədova/,
    );
  });

  test("the record's access history lists the border officer's read", T, async () => {
    const bo = await as('border.officer');
    const boId = await bo.evaluate(async () => (await (await fetch('/api/v1/session')).json()).user.id);
    const page = await as('spu.investigator');
    await open(page, `/persons/${rec.id}`, new RegExp(`${rec.reference} qeydi`));
    await page.locator('[data-testid=history-link]').click();
    await h1(page, /Qeydə giriş tarixçəsi/);
    assert.equal(new URL(page.url()).pathname, `/persons/${rec.id}/history`);
    const reads = page.locator(`[data-testid=history-table] tr[data-action="person.read"][data-actor="${boId}"]`);
    await reads.first().waitFor();
    const line = await reads.first().textContent();
    assert.match(line, /Baxış/);
    assert.match(line, /Şəxsiyyət/);
    assert.ok(!/Əlaqə məlumatı|Yer və ünvan/.test(line), 'the officer read the identity class only');
    assert.match(line, new RegExp(boId), 'the investigator cannot list users: the id is shown');
    await page.locator('[data-testid=history-table] tr[data-action="info_request.approve"]').first().waitFor();
    await checkA11y(page, '/persons/{id}/history');
  });

  test('the border officer gives the grant back and no longer sees the identity', T, async () => {
    const page = await as('border.officer');
    await page.getByRole('navigation').getByRole('link', { name: 'İcazələrim' }).click();
    await h1(page, /İcazələrim/);
    const row = page.locator(`[data-testid=grants-table] tr[data-object-id="${rec.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-kind'), 'information_request');
    assert.equal(await row.getAttribute('data-reference'), rec.reference);
    assert.match(await row.textContent(), /Təsdiqlənmiş sorğu[\s\S]*Şəxsiyyət/);
    await checkA11y(page, '/grants');
    await row.locator('button[data-action=give-back]').click();
    await row.locator('button[data-action=confirm-give-back]').click();
    await waitForText(page.locator('[data-testid=grants-notice]'), /İcazə qaytarıldı/);
    assert.equal(await row.count(), 0);

    await open(page, `/persons/${rec.id}`, /Qeyd tapılmadı/);
    assert.ok(!/Leyla|Məmmədova/.test(await page.locator('main').textContent()));
    await open(page, '/requests', /Məlumat sorğuları/);
    await waitForText(
      page.locator(`[data-testid=mine-table] tr[data-reference="${rec.reference}"] [data-testid=grant-cell]`),
      /Qaytarılıb və ya bitib/,
    );
  });

  test('an SPU supervisor breaks glass on another agency’s record and the coordinator sees the alert', T, async () => {
    // The border officer records a person of its own; the SPU does not hold it.
    const bo = await as('border.officer');
    await open(bo, '/persons/new', /Şəxsi qeydə al/);
    await bo.getByLabel('Ad', { exact: true }).fill('Aygün');
    await bo.getByLabel('Soyad', { exact: true }).fill('Həsənova');
    await bo.locator('[data-testid=person-form] button[type=submit]').click();
    await h1(bo, /qeydi$/);
    other.id = UUID_PATH.exec(new URL(bo.url()).pathname)[1];

    const page = await as('spu.supervisor');
    await open(page, `/persons/${other.id}`, /Qeyd tapılmadı/);
    const bg = page.locator('[data-testid=break-glass]');
    await waitForText(bg, /qeydə alınır və nəzarətə dərhal xəbər verilir/);
    await bg.locator('[data-testid=break-glass-open]').click();
    await page.getByLabel('Səbəb').fill('Təcili hal');
    await bg.locator('[data-testid=break-glass-submit]').click();
    await waitForText(page.locator('[data-testid=break-glass-error]'), /ən azı 20 simvol/);
    await checkA11y(page, '/persons/{id} break-glass form');
    await page.getByLabel('Səbəb').fill('Qurbanın həyatı təhlükədədir, şəxsiyyəti dərhal lazımdır');
    await bg.locator('[data-testid=break-glass-submit]').click();
    await h1(page, /^P-\d{4}-\d{6} qeydi$/);
    await waitForText(page.locator('[data-testid=person-notice]'), /Təcili giriş .* verildi/);
    await waitForText(page.locator('[data-group=identity]'), /Aygün[\s\S]*Həsənova/);

    const coord = await as('coordinator');
    await coord.getByRole('navigation').getByRole('link', { name: 'Nəzarət siqnalları' }).click();
    await h1(coord, /Nəzarət siqnalları/);
    const alert = coord.locator(`[data-testid=alerts-table] tr[data-kind=break_glass][data-object-id="${other.id}"]`);
    await alert.waitFor();
    assert.match(await alert.textContent(), /Təcili giriş[\s\S]*Qurbanın həyatı təhlükədədir/);
    await checkA11y(coord, '/alerts');
    await alert.locator('button[data-action=acknowledge]').click();
    await waitForText(coord.locator('[data-testid=alerts-notice]'), /Siqnal təsdiqləndi/);
    assert.equal(await alert.count(), 0);
    await coord.locator('label[for=alerts-all]').click();
    await waitForText(coord.locator(`tr[data-object-id="${other.id}"]`), /təsdiqlənib/);
  });

  test('summary: no serious accessibility violation, script error or CSP refusal', () => {
    assert.equal(a11y.length, 0, a11y.join('\n'));
    assert.equal(pageProblems.length, 0, pageProblems.join('\n'));
  });
});
