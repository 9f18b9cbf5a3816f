// The one door to the JSON API. Keeps the CSRF token in memory only (never in
// storage), sends cookies for the same origin only, and turns RFC 9457
// problem+json answers into ApiError.

import type { components } from './api-types';

/** The resources of the API, generated from its OpenAPI document (npm run gen:api). */
type Schemas = components['schemas'];

/** A capability a role grants; user.capabilities comes from the server (GET /api/v1/session). */
export type Capability = Schemas['Capability'];
/** One refused field of a validation error: {field, code, detail}. */
export type FieldError = NonNullable<Schemas['Problem']['errors']>[number];
/** An RFC 9457 problem; partial, since the client makes some itself (network errors). */
export type Problem = Partial<Schemas['Problem']>;

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  /** The last segment of the problem type, e.g. "otp-required". */
  get kind(): string {
    const t = this.problem.type ?? '';
    const i = t.lastIndexOf('/');
    return i >= 0 ? t.slice(i + 1) : t;
  }
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      // "roles.0" belongs to the field "roles"; "identity.birth_date" is also
      // found by its last part ("birth_date"), as the person form keys it.
      const parts = e.field.split('.');
      for (const name of [e.field, parts[0] ?? e.field, parts[parts.length - 1] ?? e.field]) if (!(name in out)) out[name] = e.detail;
    }
    return out;
  }
}

export type User = Schemas['User'];
/** The answer of sign-in and GET /api/v1/session. */
export type SessionInfo = Schemas['Session'];
export type Localized = Schemas['Agency']['name'];
export type Agency = Schemas['Agency'];
export type Role = Schemas['Role'];
/** One of the user's sessions (GET /api/v1/sessions). */
export type SessionRow = Schemas['SessionInfo'];
export type CreatedUser = Schemas['CreatedUser'];

/**
 * A code list the UI offers (select options), checked by the compiler against
 * the schema's enum T: every value of T and nothing else, so a code the server
 * adds or drops fails the build instead of going missing in the UI.
 */
export function codeList<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L => list;
}

/** Whether the signed-in user holds one of the capabilities (the server's list, from the session). */
export function can(user: Pick<User, 'capabilities'>, ...caps: Capability[]): boolean {
  return caps.some((c) => user.capabilities.includes(c));
}

/** Field classes of a person record, from the least to the most sensitive. */
export type FieldClass = Schemas['Person']['fields'][number];
export const FIELD_CLASSES = codeList<FieldClass>()(['reference', 'detail', 'identity', 'contact', 'location', 'health', 'investigation']);
/** The classes that hold fields (all but the reference, which every reader sees). */
export const GROUP_CLASSES = [
  'detail',
  'identity',
  'contact',
  'location',
  'health',
  'investigation',
] as const satisfies readonly FieldClass[];
export type GroupClass = (typeof GROUP_CLASSES)[number];
/**
 * The text fields of each group, as the server stores them. The identity
 * group also holds `documents` (an array, see IdentityDocument) and may hold
 * the legacy single document_type/document_number of older records.
 */
export const GROUP_FIELDS: Record<GroupClass, readonly string[]> = {
  detail: ['gender', 'citizenship', 'languages', 'age_estimate'],
  identity: ['given_names', 'family_name', 'patronymic', 'other_names', 'birth_date'],
  contact: ['phone', 'email'],
  location: ['address', 'whereabouts'],
  health: ['notes'],
  investigation: ['notes'],
};

export type FieldGroup = Record<string, string>;

/** One identity document. */
export type IdentityDocument = Schemas['IdentityDocuments'][number];
/** A document type code (the server's picklist offers the same values). */
export type DocumentType = IdentityDocument['type'];
/** The identity group: names in any script, the birth date, the documents. */
export type IdentityGroup = NonNullable<Schemas['Person']['identity']>;
/** A person as the caller may see it: only the groups listed in `fields` are present. */
export type Person = Schemas['Person'];

export type PersonInput = Partial<Record<Exclude<GroupClass, 'identity'>, FieldGroup>> & { identity?: IdentityGroup };

/** A value of a server picklist with its names in the three UI languages. */
export type PicklistEntry = Schemas['PicklistEntry'];
/** GET /api/v1/persons/picklists: the values the person fields are checked against. */
export type Picklists = Schemas['PersonPicklists'];

/** The photo formats and size the server takes (PUT /api/v1/persons/{id}/photo). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export const PHOTO_MAX_BYTES = 512 * 1024;

export interface PersonSearch {
  name?: string;
  document_number?: string;
  phone?: string;
}

export type InformationRequest = Schemas['InformationRequest'];
export type RequestStatus = InformationRequest['status'];
export type Grant = Schemas['Grant'];
export type HistoryLine = Schemas['HistoryLine'];
export type OversightAlert = Schemas['Alert'];

let csrfToken = '';
let acceptLanguage = 'az';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function setApiLanguage(lang: string): void {
  acceptLanguage = lang;
}
/** Called when an authenticated call answers 401: the session has ended. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The CSRF token of the current session, for requests made outside apiRequest (file downloads). */
export function currentCsrfToken(): string {
  return csrfToken;
}

interface SendOptions {
  /** The request body as it goes on the wire. */
  body?: BodyInit;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  /** false: a 401 is an answer (sign-in), not the end of the session. */
  auth?: boolean;
}

/**
 * The one place the client calls fetch(): same-origin cookies, no cache, no
 * redirects, the language and the CSRF header on mutations; a network failure
 * or a non-2xx answer (problem+json when the server sent one) becomes ApiError,
 * and a 401 of an authenticated call ends the session in the UI.
 */
async function send(method: Method, path: string, opts: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: opts.accept ?? 'application/json, application/problem+json',
    'Accept-Language': acceptLanguage,
  };
  if (opts.contentType) headers['Content-Type'] = opts.contentType;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  Object.assign(headers, opts.headers);
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.body, credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
  } catch {
    throw new ApiError(0, { type: 'network', title: 'Network error' });
  }
  if (!res.ok) {
    const data = parseJson(await res.text());
    const problem: Problem = data && typeof data === 'object' ? (data as Problem) : { status: res.status };
    if (res.status === 401 && opts.auth !== false && onUnauthenticated) onUnauthenticated();
    throw new ApiError(res.status, problem);
  }
  return res;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON answer of a call (undefined for 204 or a body that is not JSON). */
async function jsonOf<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  return parseJson(await res.text()) as T;
}

/** One JSON API call: CSRF header, language, problem+json errors as ApiError; features build their clients on it. */
export async function apiRequest<T>(method: Method, path: string, body?: unknown, opts: { auth?: boolean } = {}): Promise<T> {
  const json = body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' };
  return jsonOf<T>(await send(method, path, { ...json, auth: opts.auth }));
}

/** A call whose body is not JSON (a file as it is, with its media type and headers) and whose answer is JSON. */
export async function apiUpload<T>(method: Method, path: string, body: Blob | string, headers: Record<string, string>): Promise<T> {
  return jsonOf<T>(await send(method, path, { body, headers }));
}

/** A call whose answer is not JSON (photos): the answer as a Response. */
function rawRequest(method: Method, path: string, body?: Blob, contentType?: string): Promise<Response> {
  return send(method, path, { accept: 'image/jpeg, image/png, application/json, application/problem+json', body, contentType });
}

export const api = {
  login: (username: string, password: string, otp?: string) =>
    apiRequest<SessionInfo>('POST', '/api/v1/session', otp ? { username, password, otp } : { username, password }, { auth: false }),
  currentSession: () => apiRequest<SessionInfo>('GET', '/api/v1/session', undefined, { auth: false }),
  logout: () => apiRequest<void>('DELETE', '/api/v1/session', undefined, { auth: false }),

  agencies: () => apiRequest<{ items: Agency[] }>('GET', '/api/v1/agencies'),
  roles: () => apiRequest<{ items: Role[] }>('GET', '/api/v1/roles'),

  users: () => apiRequest<{ items: User[] }>('GET', '/api/v1/users'),
  createUser: (u: { username: string; display_name: string; agency_id: string; roles: string[]; password: string }) =>
    apiRequest<CreatedUser>('POST', '/api/v1/users', u),
  updateUser: (id: string, patch: { version: number; display_name?: string; roles?: string[]; disabled?: boolean; agency_id?: string }) =>
    apiRequest<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, patch),

  sessions: (userId?: string) =>
    apiRequest<{ items: SessionRow[] }>('GET', userId ? `/api/v1/sessions?user_id=${encodeURIComponent(userId)}` : '/api/v1/sessions'),
  revokeSession: (id: string) => apiRequest<void>('DELETE', `/api/v1/sessions/${encodeURIComponent(id)}`),

  // Persons: every read is audited by the server, so pages read only what they show.
  persons: () => apiRequest<{ items: Person[] }>('GET', '/api/v1/persons'),
  // Search terms travel in the body, never in the URL.
  searchPersons: (q: PersonSearch) => apiRequest<{ items: Person[] }>('POST', '/api/v1/persons/search', q),
  createPerson: (p: PersonInput) => apiRequest<Person>('POST', '/api/v1/persons', p),
  person: (id: string) => apiRequest<Person>('GET', `/api/v1/persons/${encodeURIComponent(id)}`),
  updatePerson: (id: string, patch: PersonInput & { version: number }) =>
    apiRequest<Person>('PATCH', `/api/v1/persons/${encodeURIComponent(id)}`, patch),
  picklists: () => apiRequest<Picklists>('GET', '/api/v1/persons/picklists'),
  /** The photo as bytes in memory (the server answers no-store; nothing is cached). */
  personPhoto: async (id: string) => (await rawRequest('GET', `/api/v1/persons/${encodeURIComponent(id)}/photo`)).blob(),
  setPersonPhoto: async (id: string, version: number, photo: Blob) =>
    (await (
      await rawRequest('PUT', `/api/v1/persons/${encodeURIComponent(id)}/photo?version=${version}`, photo, photo.type)
    ).json()) as Person,
  breakGlass: (id: string, reason: string) =>
    apiRequest<Grant>('POST', `/api/v1/persons/${encodeURIComponent(id)}/break-glass`, { reason }),
  accessHistory: (id: string) => apiRequest<{ items: HistoryLine[] }>('GET', `/api/v1/persons/${encodeURIComponent(id)}/access-history`),

  infoRequests: (box: 'mine' | 'to_decide') =>
    apiRequest<{ items: InformationRequest[] }>('GET', `/api/v1/information-requests?box=${box}`),
  askInformation: (r: { object: string; fields: FieldClass[]; purpose: string }) =>
    apiRequest<InformationRequest>('POST', '/api/v1/information-requests', { object_type: 'person', ...r }),
  approveRequest: (id: string, a: { version: number; fields: FieldClass[]; valid_for_days: number }) =>
    apiRequest<InformationRequest>('POST', `/api/v1/information-requests/${encodeURIComponent(id)}/approve`, a),
  refuseRequest: (id: string, r: { version: number; reason: string }) =>
    apiRequest<InformationRequest>('POST', `/api/v1/information-requests/${encodeURIComponent(id)}/refuse`, r),
  withdrawRequest: (id: string, version: number) =>
    apiRequest<InformationRequest>('POST', `/api/v1/information-requests/${encodeURIComponent(id)}/withdraw`, { version }),

  grants: () => apiRequest<{ items: Grant[] }>('GET', '/api/v1/grants'),
  revokeGrant: (id: string) => apiRequest<void>('POST', `/api/v1/grants/${encodeURIComponent(id)}/revoke`),

  alerts: (all = false) => apiRequest<{ items: OversightAlert[] }>('GET', all ? '/api/v1/alerts?all=true' : '/api/v1/alerts'),
  acknowledgeAlert: (id: string) => apiRequest<void>('POST', `/api/v1/alerts/${encodeURIComponent(id)}/acknowledge`),
};
