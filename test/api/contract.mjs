// The API contract of the black-box tests: every answer the tests receive
// through Client.request (lib.mjs) is checked against the OpenAPI document,
// the same merged document the server serves (scripts/openapi-merge.mjs; an
// http.test.mjs case holds the two equal). The operation is found by method
// and path template, the response by status (else `default`), and a JSON body
// is validated with ajv against the response's schema (OpenAPI 3.1: JSON
// Schema 2020-12). An answer with a body but no documented schema for its
// status, a wrong type, a missing required field or a field the schema does
// not allow (additionalProperties: false) throws ContractError naming the
// operation, the status and ajv's errors.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mergeOpenApi } from '../../scripts/openapi-merge.mjs';

export const doc = mergeOpenApi();
if (!/^3\.1\./.test(doc.openapi)) throw new Error(`contract: OpenAPI ${doc.openapi}; this checker reads 3.1 (JSON Schema 2020-12)`);

const DOC_ID = 'urn:opennrm:openapi';
// strict: false because the document carries OpenAPI keywords that are not
// JSON Schema (discriminator, example); they are annotations, not checks.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
ajv.addSchema(doc, DOC_ID);

export class ContractError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ContractError';
  }
}

const pointer = (...parts) => '#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

// Path templates as regexes, literal segments before parameters: GET
// /api/v1/persons/picklists is picklists, not /persons/{id}.
const templates = Object.keys(doc.paths)
  .map((tpl) => {
    const segs = tpl.split('/');
    const re = new RegExp(
      '^' + segs.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/') + '$',
    );
    const rank = segs.map((s) => (/^\{/.test(s) ? '1' : '0')).join('');
    return { tpl, re, rank };
  })
  .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));

/** The operation of a request: { template, method, op } or null. */
export function findOperation(method, path) {
  const m = method.toLowerCase();
  const bare = path.split('?')[0];
  for (const t of templates) {
    if (t.re.test(bare) && doc.paths[t.tpl][m]) return { template: t.tpl, method: m, op: doc.paths[t.tpl][m] };
  }
  return null;
}

/** A path template that matches the path for some other method (a 405 is then the answer). */
function anyTemplate(path) {
  const bare = path.split('?')[0];
  return templates.find((t) => t.re.test(bare))?.tpl ?? null;
}

function resolve(obj) {
  let o = obj;
  for (let i = 0; o && o.$ref && i < 10; i++) {
    const parts = o.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    o = parts.reduce((x, k) => x?.[k], doc);
  }
  return o;
}

const validators = new Map();
function validatorFor(ref) {
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: DOC_ID + ref });
    validators.set(ref, v);
  }
  return v;
}

function describe(errors) {
  return errors
    .slice(0, 12)
    .map(
      (e) =>
        `  ${e.instancePath || '(body)'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`,
    )
    .join('\n');
}

const isJsonType = (t) => /^application\/([a-z0-9.+-]+\+)?json$/.test(t);
// The Problem schema answers an /api/ path the document does not know (404),
// a method it does not allow (405), and what the HTTP layer refuses before any
// route runs (400 malformed request, 413 too large, 431 headers too large).
const PROBLEM_REF = pointer('components', 'schemas', 'Problem');

/**
 * Checks one answer. `res` is { status, headers (a Headers), text, json }.
 * Throws ContractError when the answer is not what the document says.
 */
export function checkResponse(method, path, res) {
  const bare = path.split('?')[0];
  if (!bare.startsWith('/api/')) return; // health, metrics, static files: not the API document's
  const contentType = (res.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  const found = findOperation(method, path);
  let ref;
  let where;
  if (!found) {
    where = `${method} ${bare} (no operation)`;
    const known = anyTemplate(path);
    if (!(res.status === 404 || (known && res.status === 405) || res.status === 400 || res.status === 413 || res.status === 431))
      throw new ContractError(
        `contract: ${method} ${bare} answered ${res.status} but the document has no such operation${known ? ` (path ${known} has no ${method})` : ''}`,
      );
    ref = PROBLEM_REF;
  } else {
    where = `${method.toUpperCase()} ${found.template} (${found.op.operationId ?? 'no operationId'})`;
    const responses = found.op.responses ?? {};
    const key =
      String(res.status) in responses
        ? String(res.status)
        : `${String(res.status)[0]}XX` in responses
          ? `${String(res.status)[0]}XX`
          : 'default';
    const response = resolve(responses[key]);
    if (!response)
      throw new ContractError(`contract: ${where} answered ${res.status}, which the document does not list (and there is no default)`);
    const content = response.content ?? {};
    if (!res.text) {
      // No body: fine when the document describes none or the status has none.
      const needsBody = Object.keys(content).length > 0 && res.status !== 204 && res.status !== 304 && method.toUpperCase() !== 'HEAD';
      if (needsBody && key !== 'default')
        throw new ContractError(
          `contract: ${where} answered ${res.status} with an empty body; the document describes ${Object.keys(content).join(', ')}`,
        );
      return;
    }
    const mediaKey = content[contentType]
      ? contentType
      : Object.keys(content).find((k) => k.endsWith('/*') && contentType.startsWith(k.slice(0, -1)));
    if (!mediaKey)
      throw new ContractError(
        `contract: ${where} answered ${res.status} as ${contentType || '(no content type)'}; the document describes ${Object.keys(content).join(', ') || 'no body'} for ${key}`,
      );
    if (!isJsonType(contentType)) return; // a file (PDF, XLSX, CSV, image): its media type is documented
    const media = content[mediaKey];
    if (!media.schema)
      throw new ContractError(`contract: ${where} answered ${res.status} (${contentType}) but the document gives no schema for it`);
    const codes = ['paths', found.template, found.method, 'responses', key, 'content', mediaKey, 'schema'];
    // A response given by $ref (components/responses/Problem) holds its schema there.
    ref = responses[key].$ref
      ? responses[key].$ref.replace(/^#/, '#') + pointer('content', mediaKey, 'schema').slice(1)
      : pointer(...codes);
  }
  if (res.json === null || res.json === undefined)
    throw new ContractError(`contract: ${where} answered ${res.status} with a body that is not JSON: ${res.text.slice(0, 200)}`);
  const validate = validatorFor(ref);
  if (!validate(res.json)) {
    throw new ContractError(
      `contract: ${where} answered ${res.status}, which does not match the document (${ref}):\n${describe(validate.errors)}\nbody: ${res.text.slice(0, 600)}`,
    );
  }
}
