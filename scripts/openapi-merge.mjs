#!/usr/bin/env node
// The API document as the server serves it (GET /api/v1/openapi.json): the
// base src/app/openapi.json with each module's src/<module>/openapi.json
// fragment merged in, by the rule of src/app/openapi.cc: a fragment adds its
// `paths` and `components.schemas`; a path or schema defined twice is an error.
//   node scripts/openapi-merge.mjs [--out FILE]   (default: stdout)
// Also a module: mergeOpenApi() returns the merged document.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The fragments in the order of src/app/openapi.cc (the order matters only for
// which of two clashing fragments is named in the error).
export const FRAGMENTS = ['notify', 'referral', 'plan', 'partners'];

const readJson = (rel) => {
  const text = readFileSync(path.join(root, rel), 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${rel} is not JSON: ${e.message}`, { cause: e });
  }
};

export function mergeOpenApi() {
  const doc = readJson('src/app/openapi.json');
  doc.paths ??= {};
  doc.components ??= {};
  doc.components.schemas ??= {};
  for (const module of FRAGMENTS) {
    const part = readJson(`src/${module}/openapi.json`);
    if (!part || typeof part !== 'object' || Array.isArray(part)) throw new Error(`${module}/openapi.json is not a JSON object`);
    for (const [p, ops] of Object.entries(part.paths ?? {})) {
      if (p in doc.paths) throw new Error(`${module}/openapi.json redefines ${p}`);
      doc.paths[p] = ops;
    }
    for (const [name, schema] of Object.entries(part.components?.schemas ?? {})) {
      if (name in doc.components.schemas) throw new Error(`${module}/openapi.json redefines schema ${name}`);
      doc.components.schemas[name] = schema;
    }
  }
  return doc;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const text = JSON.stringify(mergeOpenApi(), null, 1) + '\n';
  if (i >= 0) {
    if (!args[i + 1]) throw new Error('usage: openapi-merge.mjs [--out FILE]');
    mkdirSync(path.dirname(path.resolve(args[i + 1])), { recursive: true });
    writeFileSync(args[i + 1], text);
  } else {
    process.stdout.write(text);
  }
}
