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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown, opts: { auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': acceptLanguage,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    throw new ApiError(0, { type: 'network', title: 'Network error' });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const problem: Problem = data && typeof data === 'object' ? (data as Problem) : { status: res.status };
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && opts.auth !== false && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return data as T;
}

export const api = {
  login: (username: string, password: string, otp?: string) =>
    request<SessionInfo>('POST', '/api/v1/session', otp ? { username, password, otp } : { username, password }, { auth: false }),
  currentSession: () => request<SessionInfo>('GET', '/api/v1/session', undefined, { auth: false }),
  logout: () => request<void>('DELETE', '/api/v1/session', undefined, { auth: false }),

  agencies: () => request<{ items: Agency[] }>('GET', '/api/v1/agencies'),
  roles: () => request<{ items: Role[] }>('GET', '/api/v1/roles'),

  users: () => request<{ items: User[] }>('GET', '/api/v1/users'),
  createUser: (u: { username: string; display_name: string; agency_id: string; roles: string[]; password: string }) =>
    request<CreatedUser>('POST', '/api/v1/users', u),
  updateUser: (id: string, patch: { version: number; display_name?: string; roles?: string[]; disabled?: boolean; agency_id?: string }) =>
    request<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, patch),

  sessions: (userId?: string) =>
    request<{ items: SessionRow[] }>('GET', userId ? `/api/v1/sessions?user_id=${encodeURIComponent(userId)}` : '/api/v1/sessions'),
  revokeSession: (id: string) => request<void>('DELETE', `/api/v1/sessions/${encodeURIComponent(id)}`),
};
