// The National Referral Mechanism path in a real browser against a real
// `nrm serve` (see run.sh): a border officer screens and refers on a phone
// whose connection drops during the submission; the SPU acknowledges and
// accepts; the SPU refers the person on to the shelter with the person's
// consent; the shelter accepts and sees only the classes shared; afterwards
// the border officer sees only the status, the hotline operator and the donor
// see nothing, and the person's access history lists every read. No personal
// data is left in the browser's storage at any point.
// One browser, one context per user; each TOTP user signs in once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { config, formatViolations, h1, launchBrowser, randomSuffix, seriousViolations, signInAs, waitForText } from './lib.js';

const cfg = config();
const T = { timeout: 120_000 };
const REFERRAL_PATH = /^\/referrals\/([0-9a-f-]{36})$/;

// A 1x1 PNG, and a text file that only pretends to be a PDF.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const FAKE_PDF = Buffer.from('this is not a pdf at all');

describe('referral path', { skip: cfg ? false : 'BASE_URL and CREDS are not set: run test/e2e/run.sh NRM_BINARY' }, () => {
  let browser;
  const sessions = new Map(); // username -> { ctx, page }
  const a11y = [];
  const pageProblems = [];
  // What the steps learn and pass on.
  const rec = { referralId: '', reference: '', personId: '', personReference: '', onwardId: '', onwardReference: '' };
  const suffix = randomSuffix();
  const person = {
    given: 'Nərmin',
    family: 'Məmmədova',
    birth: '2001-05-17',
    circumstances: `Sərhəd keçid məntəqəsi, reys ${suffix}: iş vədi ilə aparılır, pasportu müşayiətçidədir.`,
  };

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

  function watch(page, label) {
    page.on('pageerror', (e) => pageProblems.push(`${label}: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(`${label}: console: ${m.text()}`);
    });
  }

  /** The page of a signed-in user; signs in on first use only. */
  async function as(username, viewport = { width: 1280, height: 900 }) {
    const have = sessions.get(username);
    if (have) return have.page;
    const ctx = await browser.newContext({ locale: 'az-AZ', viewport });
    const page = await ctx.newPage();
    watch(page, username);
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Sistemə giriş/);
    await signInAs(page, user(username));
    await h1(page, /Ana səhifə/);
    sessions.set(username, { ctx, page });
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

  /** Every client-side store the page could have written: only the language choice may be there. */
  async function storage(page) {
    return page.evaluate(async () => {
      const out = {
        local: Object.keys(localStorage).filter((k) => k !== 'nrm.lang'),
        session: Object.keys(sessionStorage),
        idb: [],
        caches: [],
      };
      try {
        out.idb = (await indexedDB.databases()).map((d) => d.name);
      } catch {
        // not supported: nothing to list
      }
      try {
        out.caches = await caches.keys();
      } catch {
        // no Cache API in this context
      }
      return out;
    });
  }
  async function assertNoStorage(page, when) {
    const s = await storage(page);
    assert.deepEqual(s, { local: [], session: [], idb: [], caches: [] }, `browser storage ${when}: ${JSON.stringify(s)}`);
  }

  async function userId(page) {
    return page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).user.id);
  }

  test('the border officer screens and refers on a phone; the connection drops during the submission and nothing is lost', T, async () => {
    const page = await as('border.officer', { width: 360, height: 740 });
    const ctx = sessions.get('border.officer').ctx;
    // Every answer to POST /api/v1/referrals: the referral must be created exactly once.
    const referralPosts = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/referrals') referralPosts.push(r.status());
    });

    await open(page, '/referrals/new', /Ehtimal olunan qurbanı yönləndir/);
    const form = page.locator('[data-testid=referral-form]');
    await form.waitFor();

    // Nothing chosen: the form says what is missing and keeps the focus on it.
    await page.locator('[data-testid=referral-submit]').click();
    await waitForText(page.locator('#rn-set-error'), /yaş qrupunu/);
    await waitForText(page.locator('#rn-outcome-error'), /nəticəsini seçin/);

    // The screening: an adult, labour exploitation; indicators grouped by dimension.
    await page.locator('label[for=rn-pop-adult]').click();
    await page.locator('label[for=rn-exp-labour]').click();
    const indicators = page.locator('[data-testid=indicators]');
    await indicators.waitFor();
    assert.equal(await indicators.getAttribute('data-set'), 'adult-labour');
    assert.ok((await indicators.locator('details[data-dimension]').count()) >= 4, 'indicators are grouped by dimension');
    const d1 = indicators.locator('details[data-dimension=d1]');
    await d1.locator('summary').click();
    await d1.locator('.usa-checkbox').first().locator('label').click();
    // A strong and a weaker one from another dimension.
    const d4 = indicators.locator('details[data-dimension=d4]');
    await d4.locator('summary').click();
    await d4.locator('.usa-checkbox').first().locator('label').click();
    await waitForText(page.locator('#rn-ind-heading + p'), /Seçilib: 2/);
    assert.ok((await indicators.locator('.nrm-strength-tag').count()) > 0, 'each indicator shows its strength');
    await page.locator('label[for=rn-form-ForcedLabour]').click();
    await page.locator('label[for=rn-outcome-presumed_victim]').click();

    // The person, with the duplicate check first.
    await page.locator('#rp-given_names').fill(person.given);
    await page.locator('#rp-family_name').fill(person.family);
    await page.locator('#rp-birth_date').fill(person.birth);
    await page.locator('[data-testid=duplicate-check-button]').click();
    await Promise.race([page.locator('[data-testid=duplicate-none]').waitFor(), page.locator('[data-testid=duplicate-found]').waitFor()]);
    await page.locator('#rp-other_names').fill('Мамедова Нармин');
    await page.locator('#rp-gender').selectOption('Feminine');
    // Citizenship from the server's list, named in the UI language.
    await page.locator('#rp-citizenship option[value=AZE]').waitFor({ state: 'attached' });
    await page.locator('#rp-citizenship').selectOption(['AZE', 'RUS']);
    // A document: a number without its kind is refused in the browser.
    await page.locator('[data-testid=add-document]').click();
    await page.locator('#rp-doc-0-number').fill(`C${suffix}`.toUpperCase());
    await page.locator('#rp-doc-0-country').selectOption('AZE');
    // The person's photo, in memory only: a text file is refused in the browser, a PNG is taken.
    await page.locator('#rp-photo').setInputFiles([{ name: 'face.png', mimeType: 'image/png', buffer: FAKE_PDF }]);
    await waitForText(page.locator('#rp-photo-error'), /JPEG və ya PNG/);
    await page.locator('#rp-photo').setInputFiles([{ name: 'face.png', mimeType: 'image/png', buffer: PNG }]);
    await waitForText(page.locator('[data-testid=picked-photo]'), /face\.png/);
    await page.locator('#rn-circumstances').fill(person.circumstances);

    await page.locator('[data-testid=referral-submit]').click();
    await waitForText(page.locator('#rp-doc-0-type-error'), /növünü seçin/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rp-doc-0-type', 'the focus goes to the first problem');
    await page.locator('#rp-doc-0-type').selectOption('passport');

    // Attachments: a PNG is taken; a text file named .pdf is refused in the browser.
    await page.locator('#rn-files').setInputFiles([{ name: 'fake.pdf', mimeType: 'application/pdf', buffer: FAKE_PDF }]);
    await waitForText(page.locator('#rn-files-error'), /PDF, JPEG və ya PNG deyil/);
    await page.locator('#rn-files').setInputFiles([{ name: 'pasport.png', mimeType: 'image/png', buffer: PNG }]);
    await waitForText(page.locator('[data-testid=picked-files]'), /pasport\.png/);

    // Usable at 360 px: nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the form is ${width}px wide on a 360px screen`);
    await checkA11y(page, '/referrals/new (360px, filled)');
    await assertNoStorage(page, 'while typing');

    // The connection drops just as the officer sends.
    await ctx.setOffline(true);
    await page.locator('[data-testid=referral-submit]').click();
    const status = page.locator('[data-testid=outbox-status]');
    await waitForText(status, /Bağlantı yoxdur: göndərilmə yenidən cəhd ediləcək/, 15_000);
    assert.equal(await page.locator('[data-testid=referral-submit]').isDisabled(), true);
    // Nothing typed is lost, and none of it went to storage.
    assert.equal(await page.locator('#rp-family_name').inputValue(), person.family);
    assert.equal(await page.locator('#rn-circumstances').inputValue(), person.circumstances);
    await assertNoStorage(page, 'while offline');
    await checkA11y(page, '/referrals/new (offline)');
    // At least one retry happens while offline (backoff 2 s, then 4 s).
    await waitForText(status, /Növbəti cəhd/, 10_000);
    await page.waitForTimeout(2500);
    assert.equal(referralPosts.length, 0, 'nothing reached the server while offline');

    // Back online: the submission goes through once.
    await ctx.setOffline(false);
    await waitForText(status, /Xüsusi polis qurumuna göndərildi/, 30_000);
    assert.deepEqual(referralPosts, [201], 'the referral was created exactly once');
    const link = page.locator('[data-testid=sent-referral-link]');
    const href = await link.getAttribute('href');
    const m = REFERRAL_PATH.exec(href);
    assert.ok(m, `unexpected referral link ${href}`);
    rec.referralId = m[1];
    rec.reference = (/R-\d{4}-\d{6}/.exec(await status.textContent()) ?? [''])[0];
    assert.ok(rec.reference, 'the success message names the referral');
    // The form is empty again and nothing stayed behind.
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=picked-files]') && !document.querySelector('#rn-circumstances'),
      null,
      { timeout: 5000 },
    );
    assert.equal(await page.locator('input[name=indicators]:checked').count(), 0, 'the screening is cleared');
    await assertNoStorage(page, 'after the submission');
    assert.ok(!/Nərmin|Məmmədova|2001/.test(decodeURIComponent(page.url())), 'no personal data in the URL');

    // The officer's status page shows the referral once.
    await link.click();
    await h1(page, new RegExp(`${rec.reference} yönləndirməsi`));
    await waitForText(page.locator('[data-testid=referral-status]'), /Göndərilib/);
    await open(page, '/referrals', /Yönləndirmələrim/);
    await page.locator(`[data-testid=mine-table] tr[data-reference="${rec.reference}"]`).waitFor();
    assert.equal(await page.locator('[data-testid=mine-table] tbody tr').count(), 1, 'the referral is listed once');
    await checkA11y(page, '/referrals (360px)');
  });

  test('the SPU investigator sees the referral in the intake queue with live timers, acknowledges and accepts it', T, async () => {
    const page = await as('spu.investigator');
    // The SPU was notified at once.
    const ntf = page.getByRole('navigation').getByRole('link', { name: /^Bildirişlər/ });
    await ntf.waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Daxilolmalar', exact: true }).click();
    await h1(page, /Daxilolmalar növbəsi/);
    const row = page.locator(`[data-testid=intake-table] tr[data-id="${rec.referralId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'submitted');
    const timer = row.locator('[data-testid=ack-timer]');
    assert.equal(await timer.getAttribute('data-sla'), 'running');
    const t1 = await timer.textContent();
    await page.waitForTimeout(2100);
    const t2 = await timer.textContent();
    assert.notEqual(t1, t2, 'the acknowledgement timer counts down');
    assert.match(t2, /qalıb/);
    await checkA11y(page, '/referrals/intake');

    await row.locator('[data-action=acknowledge]').click();
    await waitForText(page.locator('[data-testid=intake-notice]'), new RegExp(`${rec.reference} təsdiq edildi`));
    await waitForText(row.locator('[data-status]'), /Təsdiq edilib/);
    assert.equal(await row.locator('[data-testid=ack-timer]').getAttribute('data-sla'), 'met');

    await row.locator('[data-testid=referral-link]').click();
    await h1(page, new RegExp(`${rec.reference} yönləndirməsi`));
    await waitForText(page.locator('[data-testid=referral-circumstances]'), new RegExp(suffix));
    assert.ok((await page.locator('[data-testid=referral-indicators] li').count()) === 2, 'both indicators are listed');
    await waitForText(page.locator('[data-testid=referral-attachments]'), /pasport\.png/);
    await checkA11y(page, '/referrals/{id} (SPU, acknowledged)');

    // Decline needs a reason; the officer cancels and accepts instead.
    await page.locator('[data-action=decline]').click();
    await page.locator('[data-testid=rd-decline-form] button[type=submit]').click();
    await waitForText(page.locator('#rd-decline-reason-error'), /Ən azı 10 simvol/);
    await page.locator('[data-testid=rd-decline-form] button[type=button]').click();
    await page.locator('[data-action=accept]').click();
    await waitForText(page.locator('[data-testid=referral-notice]'), /qəbul edildi/);
    await waitForText(page.locator('[data-testid=referral-status]'), /Qəbul edilib/);
    await waitForText(page.locator('[data-testid=case-reference]'), /C-\d{4}-\d{6}/);
    const personHref = await page.locator('[data-testid=person-link]').getAttribute('href');
    rec.personId = /\/persons\/([0-9a-f-]{36})$/.exec(personHref)?.[1] ?? '';
    assert.ok(rec.personId, `unexpected person link ${personHref}`);
    await checkA11y(page, '/referrals/{id} (SPU, accepted)');
  });

  test('the SPU refers the person to the shelter with the recorded consent', T, async () => {
    const page = await as('spu.investigator');
    await open(page, `/referrals/${rec.referralId}`, new RegExp(`${rec.reference} yönləndirməsi`));
    await page.locator('[data-testid=onward-link]').click();
    await h1(page, /Sığınacağa və ya xidmətə yönləndir/);
    const shelterId = await page.evaluate(
      async () => (await (await fetch('/api/v1/agencies')).json()).items.find((a) => a.code === 'shelter').id,
    );
    await page.locator('[data-testid=consents-empty]').waitFor();

    const form = page.locator('[data-testid=onward-form]');
    await form.locator('#of-agency').selectOption(shelterId);
    await form.locator('#of-service').selectOption('shelter');
    // The shelter packet by default: general details and identity only.
    assert.equal(await page.locator('#of-class-detail').isChecked(), true);
    assert.equal(await page.locator('#of-class-identity').isChecked(), true);
    assert.equal(await page.locator('#of-class-location').isChecked(), false);
    await form.locator('#of-purpose').fill('Təhlükəsiz sığınacaqda yerləşdirmə və ilkin yardım');
    await waitForText(page.locator('[data-testid=consent-state]'), /razılığı yoxdur/);
    // An investigator may not override: without consent the form refuses.
    assert.equal(await page.locator('#of-override').count(), 0);
    await form.locator('[data-testid=onward-submit]').click();
    await waitForText(form.locator('[data-testid=consent-state] .usa-error-message'), /Razılıq olmadan yönləndirmək olmaz/);

    // The consent: recipient, classes, purpose, until.
    await page.locator('[data-testid=consent-toggle]').click();
    const cf = page.locator('[data-testid=consent-form]');
    await cf.waitFor();
    assert.equal(await cf.locator('#oc-agency').inputValue(), shelterId, 'the consent form starts from the referral chosen');
    await cf.locator('#oc-purpose').fill('Sığınacaqda yerləşdirmə üçün ad və ümumi məlumat');
    await cf.locator('[data-testid=consent-submit]').click();
    await waitForText(cf.locator('#oc-confirm-error'), /razılığını aldığınızı/);
    await cf.locator('label[for=oc-confirm]').click();
    await checkA11y(page, '/referrals/{id}/onward (consent form)');
    await cf.locator('[data-testid=consent-submit]').click();
    await waitForText(page.locator('[data-testid=onward-notice]'), /Razılıq qeydə alındı/);
    await page.locator('[data-testid=consents] li[data-status=active]').waitFor();
    await waitForText(page.locator('[data-testid=consent-state]'), /razılığı var/);

    await form.locator('[data-testid=onward-submit]').click();
    await waitForText(page.locator('[data-testid=onward-notice]'), /yönləndirməsi göndərildi/);
    const made = page.locator('[data-testid=onward-made] li').first();
    await made.waitFor();
    const href = await made.locator('a').getAttribute('href');
    rec.onwardId = REFERRAL_PATH.exec(href)?.[1] ?? '';
    rec.onwardReference = ((await made.locator('a').textContent()) ?? '').trim();
    assert.ok(rec.onwardId, `unexpected onward link ${href}`);
    assert.equal(await made.getAttribute('data-status'), 'pending');
    await checkA11y(page, '/referrals/{id}/onward');
  });

  test('shelter staff are notified, accept, and see only the classes shared', T, async () => {
    const page = await as('shelter.staff');
    // The menu entry carries the unread count as a tag, read out as "(oxunmamış: n)".
    const entry = page.getByRole('navigation').getByRole('link', { name: /^Bildirişlər \(oxunmamış: \d+\)$/ });
    await entry.waitFor({ timeout: 15_000 });
    assert.match((await entry.locator('.usa-tag').textContent()).trim(), /^\d+$/);
    await entry.click();
    await h1(page, /^Bildirişlər$/);
    const item = page.locator(`[data-testid=ntf-list] li[data-kind="referral.onward"][data-read=false]`).first();
    await item.waitFor();
    await checkA11y(page, '/notifications');
    await item.locator('[data-testid=ntf-open]').click();
    await h1(page, new RegExp(`${rec.onwardReference} yönləndirməsi`));
    assert.equal(new URL(page.url()).pathname, `/referrals/${rec.onwardId}`);
    await waitForText(page.locator('[data-testid=onward-classes]'), /Ümumi məlumat, Şəxsiyyət/);
    await checkA11y(page, '/referrals/{id} (recipient, pending)');
    // Opening the notice marked it read.
    await open(page, '/notifications', /^Bildirişlər$/);
    await page.locator('[data-testid=ntf-list] li[data-kind="referral.onward"]').first().waitFor();
    assert.equal(await page.locator(`[data-testid=ntf-list] li[data-kind="referral.onward"][data-read=false]`).count(), 0);

    await page.getByRole('navigation').getByRole('link', { name: 'Daxil olan yönləndirmələr', exact: true }).click();
    await h1(page, /Daxil olan yönləndirmələr/);
    const row = page.locator(`[data-testid=incoming-table] tr[data-id="${rec.onwardId}"]`);
    await row.waitFor();
    await checkA11y(page, '/referrals/incoming');
    await row.locator('[data-testid=referral-link]').click();
    await h1(page, new RegExp(`${rec.onwardReference} yönləndirməsi`));
    await page.locator('[data-action=accept]').click();
    await waitForText(page.locator('[data-testid=referral-status]'), /Qəbul edilib/);

    await page.locator('[data-testid=person-link]').click();
    await h1(page, /^P-\d{4}-\d{6} qeydi$/);
    assert.equal(new URL(page.url()).pathname, `/persons/${rec.personId}`);
    rec.personReference = ((await page.locator('[data-testid=person-reference]').textContent()) ?? '').trim();
    await waitForText(page.locator('[data-group=identity]'), new RegExp(`${person.given}[\\s\\S]*${person.family}`));
    await page.locator('[data-group=detail]').waitFor();
    // The photo sent with the referral is shown to this identity reader.
    await page.waitForFunction(() => document.querySelector('[data-testid=photo-image]')?.naturalWidth === 1);
    for (const hidden of ['contact', 'location', 'health', 'investigation']) {
      assert.equal(await page.locator(`[data-hidden-class=${hidden}]`).count(), 1, `${hidden} stays closed to the shelter`);
    }
    await checkA11y(page, '/persons/{id} (shelter)');
  });

  test('afterwards the border officer sees only the status of the referral', T, async () => {
    const page = await as('border.officer', { width: 360, height: 740 });
    await open(page, '/referrals', /Yönləndirmələrim/);
    const row = page.locator(`[data-testid=mine-table] tr[data-id="${rec.referralId}"]`);
    await waitForText(row.locator('[data-status]'), /Qəbul edilib/);
    await row.locator('[data-testid=referral-link]').click();
    await h1(page, new RegExp(`${rec.reference} yönləndirməsi`));
    await page.locator('[data-testid=status-only]').waitFor();
    const text = await page.locator('main').textContent();
    assert.ok(!text.includes(suffix), 'no circumstances');
    assert.ok(!text.includes(person.family), 'no person');
    assert.ok(!/C-\d{4}-\d{6}/.test(text), 'no case');
    assert.equal(await page.locator('[data-testid=person-link]').count(), 0);
    // The record itself is closed to the referring agency after the handover.
    await open(page, `/persons/${rec.personId}`, /tapılmadı/);
    await page.locator('[data-testid=person-not-found]').waitFor();
  });

  test('the hotline operator and the donor see nothing of the referral or the person', T, async () => {
    for (const username of ['hotline.operator', 'donor']) {
      const page = await as(username);
      const nav = page.getByRole('navigation');
      assert.equal(await nav.getByRole('link', { name: 'Daxilolmalar', exact: true }).count(), 0, `${username} has no intake`);
      await open(page, `/referrals/${rec.referralId}`, /Yönləndirmə tapılmadı/);
      await open(page, `/referrals/${rec.onwardId}`, /Yönləndirmə tapılmadı/);
      await open(page, `/persons/${rec.personId}`, /tapılmadı/);
      const found = await page.evaluate(async (q) => {
        const s = await (await fetch('/api/v1/session')).json();
        const r = await fetch('/api/v1/persons/search', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
          body: JSON.stringify({ name: q }),
        });
        if (r.status !== 200) return { status: r.status, items: [] };
        return { status: 200, items: (await r.json()).items };
      }, person.family);
      assert.equal(found.items.length, 0, `${username} finds no person (status ${found.status})`);
      if (username === 'hotline.operator') {
        await open(page, '/referrals', /Yönləndirmələrim/);
        await page.locator('[data-testid=mine-empty], [data-testid=mine-table]').first().waitFor();
        assert.equal(await page.locator(`tr[data-id="${rec.referralId}"]`).count(), 0);
        // The same person typed in Cyrillic: the duplicate check names the holding agency, nothing else.
        await open(page, '/referrals/new', /Ehtimal olunan qurbanı yönləndir/);
        await page.locator('label[for=rn-outcome-presumed_victim]').click();
        await page.locator('#rp-given_names').fill('Нармин');
        await page.locator('#rp-family_name').fill('Мамедова');
        await page.locator('#rp-birth_date').fill(person.birth);
        await page.locator('[data-testid=duplicate-check-button]').click();
        const found = page.locator('[data-testid=duplicate-found]');
        await waitForText(found, /Ehtimal olunan uyğun qeyd bu qurumdadır: İnsan alverinə qarşı xüsusi polis qurumu/);
        const text = (await found.textContent()) ?? '';
        assert.ok(!/P-\d{4}-\d{6}|Nərmin|Məmmədova|2001/.test(text), `the match notice discloses nothing else: ${text}`);
        await checkA11y(page, '/referrals/new (duplicate found)');
      }
      await checkA11y(page, `/referrals/{id} not found (${username})`);
    }
  });

  test("the person's access history lists every read", T, async () => {
    const ids = {};
    for (const u of ['border.officer', 'shelter.staff', 'hotline.operator', 'donor', 'spu.investigator'])
      ids[u] = await userId(await as(u));
    const page = await as('spu.investigator');
    await open(page, `/persons/${rec.personId}/history`, /Qeydə giriş tarixçəsi/);
    const table = page.locator('[data-testid=history-table]');
    await table.waitFor();
    // The shelter's read, limited to the shared classes.
    const shelterRead = table.locator(`tr[data-action="person.read"][data-actor="${ids['shelter.staff']}"][data-outcome=allow]`);
    await shelterRead.first().waitFor();
    const line = (await shelterRead.first().textContent()) ?? '';
    assert.match(line, /Şəxsiyyət/);
    assert.ok(!/Əlaqə məlumatı|Yer və ünvan/.test(line), 'the shelter read only what was shared');
    // The SPU's own reads are there too, and the refused tries of the others.
    assert.ok((await table.locator(`tr[data-actor="${ids['spu.investigator']}"]`).count()) > 0, 'the SPU reads are listed');
    for (const u of ['border.officer', 'hotline.operator', 'donor']) {
      assert.ok((await table.locator(`tr[data-actor="${ids[u]}"][data-outcome=deny]`).count()) > 0, `the refused read of ${u} is listed`);
    }
    await checkA11y(page, '/persons/{id}/history (after the referral path)');
  });

  test('an SPU supervisor refers on without consent only with a written reason, then revokes the referral', T, async () => {
    const page = await as('spu.supervisor');
    await open(page, `/referrals/${rec.referralId}/onward`, /Sığınacağa və ya xidmətə yönləndir/);
    const ngoId = await page.evaluate(
      async () => (await (await fetch('/api/v1/agencies')).json()).items.find((a) => a.code === 'ngo_assistance').id,
    );
    const form = page.locator('[data-testid=onward-form]');
    await form.locator('#of-agency').selectOption(ngoId);
    await form.locator('#of-service').selectOption('medical');
    assert.equal(await page.locator('#of-class-health').isChecked(), true, 'a medical packet holds the health class');
    await form.locator('#of-purpose').fill('Tibbi müayinə və ilkin müalicə üçün');
    await waitForText(page.locator('[data-testid=consent-state]'), /yazılı səbəblə davam edin/);
    await form.locator('#of-override').fill('Təcili');
    await form.locator('[data-testid=onward-submit]').click();
    await waitForText(page.locator('#of-override-error'), /ən azı 20 simvol/);
    await form.locator('#of-override').fill('Şəxsin vəziyyəti ağırdır, razılıq vermək iqtidarında deyil; təcili tibbi yardım lazımdır.');
    await checkA11y(page, '/referrals/{id}/onward (override)');
    await form.locator('[data-testid=onward-submit]').click();
    await waitForText(page.locator('[data-testid=onward-notice]'), /yönləndirməsi göndərildi/);
    const made = page.locator('[data-testid=onward-made] li[data-status=pending]').first();
    await made.waitFor();
    await made.locator('a').click();
    await h1(page, /R-\d{4}-\d{6} yönləndirməsi/);
    await waitForText(page.locator('[data-testid=onward-basis]'), /Rəhbərin qərarı/);
    await page.locator('[data-action=revoke]').click();
    await page.locator('#rd-revoke-reason').fill('Şəxs başqa xəstəxanaya köçürüldü.');
    await page.locator('[data-testid=rd-revoke-form] button[type=submit]').click();
    await waitForText(page.locator('[data-testid=referral-status]'), /Geri çağırılıb/);
    await checkA11y(page, '/referrals/{id} (onward, revoked)');
  });

  test('the inbox marks everything read and the menu entry drops its count', T, async () => {
    const page = await as('spu.investigator');
    await open(page, '/notifications', /^Bildirişlər$/);
    await page.locator('[data-testid=ntf-list] li').first().waitFor();
    if ((await page.locator('[data-testid=ntf-read-all]').count()) > 0) {
      await page.locator('[data-testid=ntf-read-all]').click();
      await waitForText(page.locator('[data-testid=ntf-notice]'), /Oxunmuş kimi qeyd edildi/);
    }
    await waitForText(page.locator('[data-testid=ntf-unread]'), /Oxunmamış bildiriş yoxdur/);
    assert.equal(await page.locator('[data-testid=ntf-list] li[data-read=false]').count(), 0);
    await waitForText(page.getByRole('navigation').locator('a[href="/notifications"]'), /^Bildirişlər$/);
    await checkA11y(page, '/notifications (all read)');
  });

  test('an answer lost on the way back is not sent twice: the retry finds the referral already made', T, async () => {
    const page = await as('police.liaison');
    const created = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/referrals') created.push(r.status());
    });
    let served = 0;
    // The first POST reaches the server, which makes the referral; its answer never reaches the page.
    await page.route('**/api/v1/referrals', async (route) => {
      if (route.request().method() !== 'POST' || served++ > 0) return route.continue();
      const answer = await route.fetch();
      created.push(answer.status());
      await route.abort('connectionreset');
    });
    await open(page, '/referrals/new', /Ehtimal olunan qurbanı yönləndir/);
    await page.locator('label[for=rn-pop-adult]').click();
    await page.locator('label[for=rn-exp-sexual]').click();
    await page.locator('label[for=rn-outcome-presumed_victim]').click();
    await page.locator('#rp-given_names').fill('Könül');
    await page.locator('#rp-family_name').fill(`Əsgərova ${suffix}`);
    await page.locator('#rn-circumstances').fill('Polis reydi zamanı aşkar edilib.');
    await page.locator('[data-testid=referral-submit]').click();
    const status = page.locator('[data-testid=outbox-status]');
    await waitForText(status, /Xüsusi polis qurumuna göndərildi/, 30_000);
    await page.unroute('**/api/v1/referrals');
    assert.deepEqual(created, [201], 'one referral was made, and the retry did not post again');
    const reference = (/R-\d{4}-\d{6}/.exec(await status.textContent()) ?? [''])[0];
    await open(page, '/referrals', /Yönləndirmələrim/);
    const rows = page.locator('[data-testid=mine-table] tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1, 'the police have exactly one referral');
    assert.equal(await rows.first().getAttribute('data-reference'), reference);
  });

  test('the intake queue highlights a referral whose acknowledgement is overdue by the server clock', T, async () => {
    const page = await as('spu.investigator');
    // The timers follow the server's clock (server_time in each answer), not
    // the browser's: an answer from two hours later makes the deadline pass.
    await page.route('**/api/v1/referrals?box=intake*', async (route) => {
      const answer = await route.fetch();
      const body = await answer.json();
      body.server_time = new Date(Date.parse(body.server_time) + 2 * 3600_000).toISOString();
      await route.fulfill({ response: answer, json: body });
    });
    try {
      await open(page, '/referrals/intake', /Daxilolmalar növbəsi/);
      const row = page.locator('[data-testid=intake-table] tr[data-status=submitted]').first();
      await row.waitFor();
      await waitForText(row.locator('[data-testid=ack-timer]'), /Müddəti keçib.*gecikir/);
      assert.equal(await row.locator('[data-testid=ack-timer]').getAttribute('data-sla'), 'overdue');
      assert.match((await row.getAttribute('class')) ?? '', /nrm-ref-row--overdue/);
      await waitForText(page.locator('[data-testid=overdue-count]'), /Müddəti keçmiş yönləndirmələr: [1-9]/);
      await checkA11y(page, '/referrals/intake (overdue)');
    } finally {
      await page.unroute('**/api/v1/referrals?box=intake*');
    }
  });

  test('the referral form and the queues speak English and Russian too', T, async (t) => {
    const page = await as('police.liaison');
    t.after(() => page.evaluate(() => localStorage.setItem('nrm.lang', 'az')).catch(() => {}));
    await open(page, '/referrals/new', /Ehtimal olunan qurbanı yönləndir/);
    await page.locator('button[data-lang=en]').click();
    await h1(page, /^Refer a presumed victim$/);
    await page.locator('label[for=rn-pop-child]').click();
    await page.locator('label[for=rn-exp-sexual]').click();
    await page.locator('[data-testid=indicators] details').first().locator('summary').click();
    await waitForText(page.locator('#rn-ind-heading'), /Indicators: Children/);
    await checkA11y(page, '/referrals/new (en)');
    await page.locator('button[data-lang=ru]').click();
    await h1(page, /^Направить предполагаемую жертву$/);
    await waitForText(page.locator('#rn-ind-heading'), /Индикаторы: Дети/);
    await checkA11y(page, '/referrals/new (ru)');
    await open(page, '/referrals', /^Мои направления$/);
    await page.locator('button[data-lang=az]').click();
    await h1(page, /^Yönləndirmələrim$/);
  });

  test('after logout nothing of the referral is left in the browser', T, async () => {
    const page = await as('border.officer', { width: 360, height: 740 });
    await page.goto(cfg.baseUrl + '/');
    await h1(page, /Ana səhifə/);
    // On a phone the menu is behind a button; sign-out is in the utility bar.
    await page.locator('.nrm-utility__logout').click();
    await h1(page, /Sistemə giriş/);
    await assertNoStorage(page, 'after logout');
    const back = await page.evaluate(async (id) => (await fetch(`/api/v1/referrals/${id}`)).status, rec.referralId);
    assert.equal(back, 401, 'the session is gone');
    sessions.delete('border.officer');
  });

  test('every referral page is accessible and no page raised a script or CSP error', T, () => {
    assert.equal(pageProblems.length, 0, pageProblems.join('\n'));
    assert.equal(a11y.length, 0, a11y.join('\n'));
  });
});
