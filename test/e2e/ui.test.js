// Browser tests of the web UI against a real `nrm serve` (see run.sh, which
// sets BASE_URL and CREDS). One browser, run in order: the admin signs in
// once, because the server refuses a TOTP code whose step was already used.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { config, formatViolations, freshTotp, h1, launchBrowser, randomSuffix, seriousViolations, signIn, waitForText } from './lib.js';

const cfg = config();
const T = { timeout: 120_000 };

describe('web UI', { skip: cfg ? false : 'BASE_URL and CREDS are not set: run test/e2e/run.sh NRM_BINARY' }, () => {
  let browser;
  let admin; // { ctx, page }
  const a11y = [];

  before(async () => {
    browser = await launchBrowser();
    const ctx = await browser.newContext({ locale: 'az-AZ', viewport: { width: 1280, height: 900 } });
    admin = { ctx, page: await ctx.newPage() };
    watch(admin.page);
  });

  after(async () => {
    await browser?.close();
  });

  // Script errors and Content-Security-Policy refusals in any page fail the suite.
  const pageProblems = [];
  function watch(page) {
    page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(`console: ${m.text()}`);
    });
  }

  async function checkA11y(page, label) {
    const v = await seriousViolations(page);
    if (v.length) a11y.push(`${label}:\n${formatViolations(v)}`);
    return v;
  }

  async function newSignedInPage(user, otp) {
    const ctx = await browser.newContext({ locale: 'az-AZ' });
    const page = await ctx.newPage();
    watch(page);
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Sistemə giriş/);
    await signIn(page, { username: user.username, password: user.password, otp });
    return { ctx, page };
  }

  test('the login page is in Azerbaijani and accessible', T, async () => {
    const { page } = admin;
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Sistemə giriş/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'az');
    assert.match(await page.title(), /Sistemə giriş/);
    // Username, password and one-time code are asked together, each labelled.
    for (const label of ['İstifadəçi adı', 'Parol', 'Birdəfəlik kod']) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `no field labelled ${label}`);
    }
    assert.match(await page.locator('#login-otp-hint').textContent(), /inzibatçılar/);
    const v = await checkA11y(page, 'login (az)');
    assert.equal(v.length, 0, formatViolations(v));
  });

  test('a wrong password shows an error', T, async () => {
    const { page } = admin;
    await signIn(page, { username: cfg.plain.username, password: cfg.plain.password + 'x' });
    const alert = page.locator('[data-testid=login-error]');
    await alert.waitFor({ state: 'visible' });
    await waitForText(alert, /Giriş alınmadı/);
    assert.equal(await alert.getAttribute('role'), 'alert');
    await h1(page, /Sistemə giriş/);
    assert.equal(await page.locator('#login-password').inputValue(), '', 'the password field should be cleared');
  });

  test('the administrator signs in with password and TOTP and sees the admin home', T, async () => {
    const { page } = admin;
    await signIn(page, { username: cfg.admin.username, password: cfg.admin.password, otp: await freshTotp(cfg.admin.totp_secret) });
    // A code can lapse on the way (clock edge): one more try with the next step's code.
    const outcome = await Promise.race([
      page
        .locator('[data-testid=welcome]')
        .waitFor({ timeout: 15_000 })
        .then(
          () => 'home',
          () => 'timeout',
        ),
      page
        .locator('[data-testid=login-error]')
        .waitFor({ timeout: 15_000 })
        .then(
          () => 'error',
          () => 'timeout',
        ),
    ]);
    if (outcome === 'error') {
      await signIn(page, { username: cfg.admin.username, password: cfg.admin.password, otp: await freshTotp(cfg.admin.totp_secret) });
    }
    await h1(page, /Ana səhifə/);
    await waitForText(page.locator('[data-testid=welcome]'), /Xoş gəlmisiniz/);
    for (const panel of ['users', 'agencies', 'sessions']) {
      assert.equal(await page.locator(`[data-panel=${panel}]`).count(), 1, `no ${panel} panel`);
    }
    // Panels of modules still to come say so, with no data.
    assert.ok((await page.locator('.nrm-coming').count()) > 0);
    const nav = page.getByRole('navigation');
    for (const item of ['Ana səhifə', 'İstifadəçilər', 'Qurumlar', 'Seanslarım']) {
      assert.equal(await nav.getByRole('link', { name: item, exact: true }).count(), 1, `nav lacks ${item}`);
    }
    // Nothing personal in the URL or in storage.
    assert.equal(new URL(page.url()).pathname, '/');
    const stored = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(
      stored.every((k) => k === 'nrm.lang'),
      `unexpected localStorage keys: ${stored}`,
    );
  });

  test('the language switch changes the strings and <html lang>, and persists', T, async (t) => {
    const { page } = admin;
    // Later tests expect Azerbaijani even if this one fails half-way.
    t.after(() => page.evaluate(() => localStorage.setItem('nrm.lang', 'az')).catch(() => {}));
    await page.locator('button[data-lang=en]').click();
    await h1(page, /^Home$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('button[data-lang=en]').getAttribute('aria-pressed'), 'true');
    await waitForText(page.locator('[data-testid=welcome]'), /Welcome/);

    await page.locator('button[data-lang=ru]').click();
    await h1(page, /^Главная$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    assert.equal(await page.evaluate(() => localStorage.getItem('nrm.lang')), 'ru');

    await page.reload();
    await h1(page, /^Главная$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');

    await page.locator('button[data-lang=az]').click();
    await h1(page, /^Ana səhifə$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'az');
  });

  test('every page has no serious or critical accessibility violation (az)', T, async () => {
    const { page } = admin;
    const pages = [
      ['/', /Ana səhifə/],
      ['/admin/users', /İstifadəçilər/],
      ['/admin/users/new', /Yeni istifadəçi/],
      ['/admin/agencies', /Qurumlar/],
      ['/sessions', /Seanslarım/],
    ];
    const found = [];
    for (const [path, title] of pages) {
      await page.goto(cfg.baseUrl + path);
      await h1(page, title);
      await page.waitForLoadState('networkidle');
      assert.match(await page.title(), title, `document.title of ${path}`);
      const v = await checkA11y(page, `${path} (az)`);
      if (v.length) found.push(`${path}:\n${formatViolations(v)}`);
    }
    // An agency's detail page, reached from the list.
    await page.goto(cfg.baseUrl + '/admin/agencies');
    await page.locator('[data-testid=agencies-table] tbody tr th a').first().click();
    await page.getByRole('link', { name: 'Qurumlar siyahısına qayıt' }).waitFor();
    const v = await checkA11y(page, 'agency detail (az)');
    if (v.length) found.push(`agency detail:\n${formatViolations(v)}`);
    assert.equal(found.length, 0, found.join('\n'));
  });

  test('client-side navigation moves the focus to the new page heading', T, async () => {
    const { page } = admin;
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Ana səhifə/);
    await page.getByRole('navigation').getByRole('link', { name: 'Seanslarım' }).click();
    await h1(page, /Seanslarım/);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    assert.equal(new URL(page.url()).pathname, '/sessions');
    // The skip link is the first thing a keyboard reaches.
    await page.goto(cfg.baseUrl + '/sessions');
    await h1(page, /Seanslarım/);
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Əsas məzmuna keç/);
  });

  test('my sessions lists the current session', T, async () => {
    const { page } = admin;
    await page.goto(cfg.baseUrl + '/sessions');
    await page.locator('[data-testid=my-sessions]').waitFor();
    assert.ok((await page.locator('[data-testid=my-sessions] tr[data-current=true]').count()) === 1);
  });

  test('the administrator creates a user, sees it, revokes its session and disables it', T, async () => {
    const { page } = admin;
    const username = `e2e.border.${randomSuffix()}`;
    const password = `Sınaq-${randomSuffix()}-${randomSuffix()}-2026`;
    // X comes between H and I in Azerbaijani order: the sort check below sees it.
    const displayName = `Xəyalə Qasımova ${randomSuffix()}`;

    await page.goto(cfg.baseUrl + '/admin/users');
    await h1(page, /İstifadəçilər/);
    await page.locator('[data-testid=new-user]').click();
    await h1(page, /Yeni istifadəçi/);

    // Client-side validation first: nothing filled in.
    await page.locator('[data-testid=user-form] button[type=submit]').click();
    assert.ok((await page.locator('.usa-error-message').count()) >= 4, 'expected field errors');

    await page.getByLabel('İstifadəçi adı').fill(username);
    await page.getByLabel('Ad və soyad').fill(displayName);
    await page.locator('#nu-agency_id').selectOption({ index: 1 });
    await page.locator('label[for=nu-role-border_officer]').click();
    await page.locator('#nu-password').fill('short');
    await waitForText(page.locator('[data-testid=password-strength]'), /Çox qısadır/);
    await page.locator('#nu-password').fill(password);
    await page.locator('[data-testid=user-form] button[type=submit]').click();
    await page.locator('[data-testid=user-created]').waitFor();
    assert.equal(await page.locator('[data-testid=totp-once]').count(), 0, 'no TOTP secret for a border officer');
    await page.locator('[data-testid=back-to-users]').click();

    const row = page.locator(`[data-testid=users-table] tr[data-username="${username}"]`);
    await row.waitFor();
    await waitForText(row.locator('[data-testid=user-status]'), /Aktiv/);

    // The new user signs in elsewhere.
    const other = await newSignedInPage({ username, password });
    await h1(other.page, /Ana səhifə/);
    assert.equal(await other.page.locator('[data-panel=screen]').count(), 1);

    // The administrator sees that session and revokes it.
    await row.locator('button[data-action=sessions]').click();
    const table = page.locator('[data-testid=user-sessions-table]');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 1);
    await table.locator('tbody tr button').first().click();
    await waitForText(page.locator('[data-testid=users-notice]'), /Seans bağlandı/);
    await page.locator('[data-testid=user-sessions-table-empty]').waitFor();

    // The revoked session is signed out on its next request.
    await other.page.reload();
    await h1(other.page, /Sistemə giriş/);

    // Disable the account.
    await row.locator('button[data-action=toggle]').click();
    await waitForText(row.locator('[data-testid=user-status]'), /Bloklanıb/);
    assert.equal(await row.getAttribute('data-disabled'), 'true');
    await waitForText(page.locator('[data-testid=users-notice]'), /bloklandı/);

    // A disabled account cannot sign in.
    await signIn(other.page, { username, password });
    await other.page.locator('[data-testid=login-error]').waitFor();
    await other.ctx.close();

    // The list sorts by name with the Azerbaijani collation, and can reverse.
    const names = async () =>
      page
        .locator('[data-testid=users-table] tbody tr th')
        .evaluateAll((ths) => ths.map((th) => th.querySelector('.nrm-user-name')?.textContent?.trim() ?? ''));
    const asc = await names();
    const collator = new Intl.Collator('az', { sensitivity: 'base' });
    assert.equal(collator.resolvedOptions().locale, 'az', 'this Node has no Azerbaijani ICU data');
    assert.deepEqual(
      asc,
      [...asc].sort((x, y) => collator.compare(x, y)),
    );
    await page.locator('[data-testid=sort-name]').click();
    assert.deepEqual(await names(), [...asc].reverse());
  });

  test('creating a user with a TOTP role shows the secret once, and it works', T, async () => {
    const { page } = admin;
    const username = `e2e.coord.${randomSuffix()}`;
    const password = `Koordinator-${randomSuffix()}-${randomSuffix()}`;
    await page.goto(cfg.baseUrl + '/admin/users/new');
    await h1(page, /Yeni istifadəçi/);
    await page.getByLabel('İstifadəçi adı').fill(username);
    await page.getByLabel('Ad və soyad').fill('Nigar Əhmədova');
    await page.locator('#nu-agency_id').selectOption({ index: 1 });
    await page.locator('label[for=nu-role-coordinator]').click();
    await page.locator('#nu-password').fill(password);
    await page.locator('[data-testid=user-form] button[type=submit]').click();
    const box = page.locator('[data-testid=totp-once]');
    await box.waitFor();
    await waitForText(box, /yalnız bir dəfə/);
    const secret = (await page.locator('[data-testid=totp-secret]').textContent()).trim();
    assert.match(secret, /^[A-Z2-7]{16,}=*$/);
    assert.match(await page.locator('[data-testid=totp-uri]').textContent(), /^otpauth:\/\/totp\//);
    const v = await checkA11y(page, 'user created with TOTP secret (az)');
    assert.equal(v.length, 0, formatViolations(v));

    // The secret is not shown again once the administrator leaves the page.
    await page.locator('[data-testid=back-to-users]').click();
    await page.locator(`[data-testid=users-table] tr[data-username="${username}"]`).waitFor();
    assert.equal(await page.getByText(secret).count(), 0);

    // The new coordinator signs in with a code made from that secret.
    const other = await newSignedInPage({ username, password }, await freshTotp(secret));
    await h1(other.page, /Ana səhifə/);
    assert.equal(await other.page.locator('[data-panel=plan]').count(), 1);
    await other.ctx.close();
  });

  test('the server names three bad fields in one answer and the form marks all three', T, async () => {
    const { page } = admin;
    await page.goto(cfg.baseUrl + '/admin/users/new');
    await h1(page, /Yeni istifadəçi/);
    // Each passes the form's own checks; the server refuses all three at once.
    await page.getByLabel('İstifadəçi adı').fill('Bad Name!');
    await page.getByLabel('Ad və soyad').fill('Nigar \u202eƏhmədova');
    await page.locator('#nu-agency_id').selectOption({ index: 1 });
    await page.locator('label[for=nu-role-border_officer]').click();
    await page.locator('#nu-password').fill('aaaaaaaaaaaaaaaa');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
    await page.locator('[data-testid=user-form] button[type=submit]').click();
    const res = await answer;
    assert.equal(res.status(), 400);
    const fields = (await res.json()).errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['display_name', 'password', 'username']);
    for (const f of ['username', 'display_name', 'password']) {
      await page.locator(`#nu-${f}-error`).waitFor();
      assert.equal(await page.locator(`#nu-${f}`).getAttribute('aria-invalid'), 'true', f);
    }
    assert.equal(await page.locator('[data-testid=user-created]').count(), 0);
  });

  test('the agency filter matches the Azerbaijani way', T, async () => {
    const { page } = admin;
    await page.goto(cfg.baseUrl + '/admin/agencies');
    const rows = page.locator('[data-testid=agencies-table] tbody tr');
    await rows.first().waitFor();
    const total = await rows.count();
    assert.ok(total > 5);
    // "DAXİLİ" lower-cased with the Azerbaijani rules is "daxili" (İ → i).
    await page.getByLabel('Ada və ya koda görə süzgəc').fill('DAXİLİ İŞLƏR');
    await page.locator('[data-testid=agencies-table] tr[data-code=mia]').waitFor();
    const n = await rows.count();
    assert.ok(n >= 1 && n < total, `filter left ${n} of ${total}`);
    // Dotless ı and dotted i are one letter for the filter (typed without an Azerbaijani keyboard).
    await page.getByLabel('Ada və ya koda görə süzgəc').fill('daxılı');
    await page.locator('[data-testid=agencies-table] tr[data-code=mia]').waitFor();
    await page.getByLabel('Ada və ya koda görə süzgəc').fill('zzzz-none');
    await waitForText(page.locator('main'), /Süzgəcə uyğun qurum yoxdur/);
  });

  test('signing out returns to the login page', T, async () => {
    const { page } = admin;
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Ana səhifə/);
    await page.getByRole('button', { name: 'Çıxış' }).click();
    await h1(page, /Sistemə giriş/);
    await waitForText(page.locator('main'), /Sistemdən çıxdınız/);
    await page.goto(cfg.baseUrl + '/admin/users');
    await h1(page, /Sistemə giriş/);
  });

  test('summary: no serious accessibility violation, script error or CSP refusal anywhere', () => {
    assert.equal(a11y.length, 0, a11y.join('\n'));
    assert.equal(pageProblems.length, 0, pageProblems.join('\n'));
  });
});
