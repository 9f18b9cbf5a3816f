// The UI dictionaries (web/src/i18n/*.ts) must have the same keys, non-empty
// strings and the same {placeholders} in every language. tsc checks the keys
// too (through the Dict type); this also catches placeholders and blanks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTs, repoRoot } from './lib.js';

// The core dictionary plus every feature's (web/src/features/<f>/i18n/).
async function loadDict(lang) {
  const dict = { ...(await importTs(`web/src/i18n/${lang}.ts`))[lang] };
  const features = join(repoRoot, 'web/src/features');
  for (const f of readdirSync(features)) {
    const file = join(features, f, 'i18n', `${lang}.ts`);
    if (!existsSync(file)) continue;
    for (const [k, v] of Object.entries((await importTs(`web/src/features/${f}/i18n/${lang}.ts`))[lang])) {
      assert.ok(!(k in dict), `${f}/i18n/${lang}.ts redefines ${k}`);
      dict[k] = v;
    }
  }
  return dict;
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('az, en and ru dictionaries agree', async () => {
  const az = await loadDict('az');
  const en = await loadDict('en');
  const ru = await loadDict('ru');
  const keys = Object.keys(az).sort();
  assert.ok(keys.length > 100, 'the az dictionary looks empty');
  for (const [name, dict] of [
    ['en', en],
    ['ru', ru],
  ]) {
    assert.deepEqual(Object.keys(dict).sort(), keys, `${name}.ts keys differ from az.ts`);
  }
  for (const k of keys) {
    for (const [name, dict] of [
      ['az', az],
      ['en', en],
      ['ru', ru],
    ]) {
      assert.equal(typeof dict[k], 'string', `${name}:${k} is not a string`);
      assert.ok(dict[k].trim().length > 0, `${name}:${k} is empty`);
    }
    assert.deepEqual(placeholders(en[k]), placeholders(az[k]), `en:${k} placeholders differ`);
    assert.deepEqual(placeholders(ru[k]), placeholders(az[k]), `ru:${k} placeholders differ`);
  }
});

test('every role and agency kind has a name in every language', async () => {
  const roles = [
    'coordinator',
    'spu_investigator',
    'spu_supervisor',
    'border_officer',
    'police_liaison',
    'hotline_operator',
    'shelter_staff',
    'ngo_caseworker',
    'ministry_focal',
    'donor',
    'analyst',
    'admin',
    'oversight_officer',
  ];
  const agencies = JSON.parse(readFileSync(join(repoRoot, 'data/agencies.json'), 'utf8'));
  const az = await loadDict('az');
  for (const r of roles) assert.ok(az[`role.${r}`], `role.${r} missing`);
  for (const k of Object.keys(agencies.kinds)) assert.ok(az[`kind.${k}`], `kind.${k} missing`);
});
