// Shared helpers for the browser tests (not a test file itself: node --test
// runs only *.test.js here).
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const axePath = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
let axeCode = null;
function axeSource() {
  axeCode ??= readFileSync(axePath, 'utf8');
  return axeCode;
}

/** RFC 4648 base32 (no padding needed, case-insensitive) to bytes. */
export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps) for a key given as bytes. */
export function totpFromKey(key, unixSeconds, digits = 6, stepSeconds = 30) {
  const counter = Math.floor(unixSeconds / stepSeconds);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export function totp(base32Secret, unixSeconds = Date.now() / 1000) {
  return totpFromKey(base32Decode(base32Secret), unixSeconds);
}

// The server refuses a code whose 30-second step was already used by the same
// account (replay protection), so each sign-in here waits for a fresh step.
// Test files run in separate processes: the steps used are kept in a file
// beside the credentials, so no two files reuse one.
const stepsFile = () => `${process.env.CREDS}.totp-steps.json`;
function readSteps() {
  try {
    return JSON.parse(readFileSync(stepsFile(), 'utf8'));
  } catch {
    return {};
  }
}
export async function freshTotp(base32Secret) {
  for (;;) {
    const now = Date.now() / 1000;
    const step = Math.floor(now / 30);
    const left = 30 - (now % 30);
    const steps = readSteps();
    const used = steps[base32Secret] ?? -1;
    // Avoid the last 2 s of a step: the code could expire on the way.
    if (step > used && left > 2) {
      steps[base32Secret] = step;
      writeFileSync(stepsFile(), JSON.stringify(steps));
      return totp(base32Secret, now);
    }
    await sleep(Math.ceil(left * 1000) + 100);
  }
}

export function config() {
  const baseUrl = process.env.BASE_URL;
  const credsPath = process.env.CREDS;
  if (!baseUrl || !credsPath) return null;
  const creds = JSON.parse(readFileSync(credsPath, 'utf8'));
  const users = creds.users ?? [];
  const find = (pred, what) => {
    const u = users.find(pred);
    if (!u) throw new Error(`demo-credentials.json has no ${what}`);
    return u;
  };
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    admin: find((u) => u.roles.includes('admin') && u.totp_secret, 'admin with a TOTP secret'),
    // A user whose role needs no second factor, for the wrong-password test.
    plain: find((u) => !u.totp_secret, 'user without TOTP'),
    users,
  };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Runs axe-core in the page and returns the violations of impact serious or
 * critical, formatted for an assertion message.
 */
export async function seriousViolations(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  // The server's CSP (script-src 'self') refuses an injected <script> tag
  // (page.addScriptTag), so axe is evaluated through the DevTools protocol,
  // which CSP does not govern. The page's own CSP stays in force.
  if (!hasAxe) await page.evaluate(axeSource());
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function formatViolations(list) {
  return list.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/** Signs in through the login form. `otp` may be undefined. */
export async function signIn(page, { username, password, otp }) {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-otp').fill(otp ?? '');
  await page.locator('form button[type=submit]').click();
}

/**
 * Signs in through the login form and waits for the home page. A user with a
 * TOTP secret gets a code from a step not used before (freshTotp); if the code
 * lapses on the way (clock edge), it tries once more with the next step.
 */
export async function signInAs(page, user) {
  const attempt = async () => {
    const otp = user.totp_secret ? await freshTotp(user.totp_secret) : undefined;
    await signIn(page, { username: user.username, password: user.password, otp });
    return Promise.race([
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
  };
  let outcome = await attempt();
  if (outcome === 'error' && user.totp_secret) outcome = await attempt();
  assert.equal(outcome, 'home', `${user.username} could not sign in`);
}

/** Waits until the locator's text matches `re`; fails with the last text seen. */
// Generous: CI runs on 2 shared cores, and a first page load under load can be slow.
export async function waitForText(locator, re, timeout = 30_000) {
  const end = Date.now() + timeout;
  let last = '';
  while (Date.now() < end) {
    try {
      last = (await locator.first().textContent({ timeout: 1000 })) ?? '';
      if (re.test(last)) return last;
    } catch {
      // not there yet
    }
    await sleep(100);
  }
  assert.fail(`expected text ${re} but saw ${JSON.stringify(last)}`);
}

/** Waits for the page's <h1> to match `re`. */
export async function h1(page, re) {
  return waitForText(page.locator('main h1'), re);
}

export function randomSuffix() {
  return Math.random().toString(36).slice(2, 8);
}

/**
 * Imports a self-contained TypeScript module of the web UI (one with no
 * imports but types), transpiled with the project's typescript package.
 */
export async function importTs(relPath) {
  const { default: ts } = await import('typescript');
  const src = readFileSync(join(repoRoot, relPath), 'utf8');
  const out = ts.transpileModule(src, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'nrm-ts-'));
  try {
    const file = join(dir, 'module.mjs');
    writeFileSync(file, out);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
