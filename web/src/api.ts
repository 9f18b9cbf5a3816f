// The one door to the JSON API. Keeps the CSRF token in memory only (never in
// storage), sends cookies for the same origin only, and turns RFC 9457
// problem+json answers into ApiError.

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

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
      // "roles/0" belongs to the field "roles".
      const name = e.field.split('/')[0] ?? e.field;
      if (!(name in out)) out[name] = e.message;
    }
    return out;
  }
}

export interface User {
  id: string;
  username: string;
  display_name: string;
  agency_id: string | null;
  roles: string[];
  capabilities: string[];
  disabled: boolean;
  totp_enabled: boolean;
  created_at: string;
  version: number;
}

export interface SessionInfo {
  user: User;
  csrf_token: string;
  expires_at: string;
}

export interface Localized {
  az: string;
  en: string;
  ru: string;
}

export interface Agency {
  id: string;
  code: string;
  kind: string;
  parent_id: string | null;
  name: Localized;
  short: Localized;
  active: boolean;
}

export interface Role {
  code: string;
  requires_totp: boolean;
  capabilities: string[];
}

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  current: boolean;
}

export interface CreatedUser {
  user: User;
  totp_secret?: string;
  totp_uri?: string;
}

/** Field classes of a person record, from the least to the most sensitive. */
export const FIELD_CLASSES = ['reference', 'detail', 'identity', 'contact', 'location', 'health', 'investigation'] as const;
export type FieldClass = (typeof FIELD_CLASSES)[number];
/** The classes that hold fields (all but the reference, which every reader sees). */
export const GROUP_CLASSES = ['detail', 'identity', 'contact', 'location', 'health', 'investigation'] as const;
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

/** One identity document (src/app/openapi.json IdentityDocuments). */
export interface IdentityDocument {
  type: string;
  number: string;
  /** ISO 3166-1 alpha-3. */
  issuing_country?: string;
  /** YYYY-MM-DD. */
  expiry?: string;
}

/** The identity group: names in any script, the birth date, the documents. */
export interface IdentityGroup {
  given_names?: string;
  family_name?: string;
  patronymic?: string;
  other_names?: string;
  birth_date?: string;
  documents?: IdentityDocument[];
  /** Older records: one document. */
  document_type?: string;
  document_number?: string;
}

/** A person as the caller may see it: only the groups listed in `fields` are present. */
export interface Person {
  id: string;
  reference: string;
  status: string;
  owner_agency_id: string;
  created_at: string;
  updated_at: string;
  version: number;
  fields: FieldClass[];
  /** Whether a photo is stored; present for readers of the identity class only. */
  photo?: boolean;
  detail?: FieldGroup;
  identity?: IdentityGroup;
  contact?: FieldGroup;
  location?: FieldGroup;
  health?: FieldGroup;
  investigation?: FieldGroup;
}

export type PersonInput = Partial<Record<Exclude<GroupClass, 'identity'>, FieldGroup>> & { identity?: IdentityGroup };

/** A value of a server picklist with its names in the three UI languages. */
export interface PicklistEntry {
  code: string;
  label: Localized;
}

/** GET /api/v1/persons/picklists: the values the person fields are checked against. */
export interface Picklists {
  genders: PicklistEntry[];
  /** Older gender codes -> the HTCDS value they are stored as. */
  legacy_genders: Record<string, string>;
  document_types: PicklistEntry[];
  countries: PicklistEntry[];
  languages: PicklistEntry[];
}

/** The photo formats and size the server takes (PUT /api/v1/persons/{id}/photo). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export const PHOTO_MAX_BYTES = 512 * 1024;

export interface PersonSearch {
  name?: string;
  document_number?: string;
  phone?: string;
}

export type RequestStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

export interface InformationRequest {
  id: string;
  object_type: string;
  object_id: string;
  object_reference: string;
  requester_user_id: string;
  requester_agency_id: string;
  fields: FieldClass[];
  purpose: string;
  status: RequestStatus;
  decided_by?: string | null;
  decided_at?: string | null;
  decision_reason?: string;
  grant_id?: string | null;
  grant_expires_at?: string | null;
  created_at: string;
  version: number;
}

export interface Grant {
  id: string;
  object_type: string;
  object_id: string;
  relation: string;
  kind: string;
  fields: FieldClass[];
  purpose: string;
  expires_at: string | null;
  created_at: string;
}

export interface HistoryLine {
  seq: number;
  at: string;
  action: string;
  actor_user_id: string;
  actor_agency_id?: string;
  fields?: string[];
  grant_ids?: string[];
  purpose?: string;
  outcome: 'allow' | 'deny';
}

export interface OversightAlert {
  id: string;
  kind: string;
  actor_user_id: string;
  object_type?: string;
  object_id?: string;
  detail?: string;
  created_at: string;
  acknowledged_by?: string | null;
  acknowledged_at?: string | null;
}

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
