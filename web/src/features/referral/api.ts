// The referral module's API client (src/referral/openapi.json,
// src/notify/openapi.json, the duplicate check of src/people), built on the
// app's one door to the API (apiRequest: CSRF, language, problem+json).
// Ids travel in paths; search terms and personal data only in bodies.
import { apiRequest, codeList } from '../../api';
import type { FieldClass, FieldGroup, Localized } from '../../api';

import type { components } from '../../api-types';

/** The API's resources, generated from its OpenAPI document (npm run gen:api). */
type Schemas = components['schemas'];

export type Strength = 'strong' | 'medium' | 'weak';

export interface Indicator {
  code: string;
  dimension: string;
  strength: Strength;
  label: Localized;
}

export interface IndicatorSet {
  code: string;
  population: 'adult' | 'child';
  exploitation: 'labour' | 'sexual';
  name: Localized;
  indicators: Indicator[];
}

export type Catalogue = Schemas['IndicatorCatalogue'];

export type Outcome = 'presumed_victim' | 'not_a_victim' | 'undetermined';

export type ScreeningInput = Schemas['ScreeningInput'];

export type Screening = Schemas['Screening'];

export type AttachmentInput = Schemas['AttachmentInput'];

export type Attachment = Schemas['Attachment'];

export interface IdentityDocument {
  type: string;
  number: string;
  issuing_country?: string;
  expiry?: string;
}

/** A new person's field groups, as POST /api/v1/persons takes them (identity.documents is an array). */
export type PersonGroups = Partial<Record<'detail' | 'contact' | 'location' | 'health', FieldGroup>> & {
  identity?: Record<string, string | IdentityDocument[]>;
};

export type ReferralToSpuInput = Schemas['ReferralToSpuInput'];

export type Service = Schemas['OnwardReferralInput']['service'];
export const SERVICES = codeList<Service>()(['shelter', 'medical', 'psychological', 'legal', 'interpreter', 'social', 'repatriation']);
/** The classes an onward referral or a consent may share; investigation never leaves the SPU. */
export const SHAREABLE = ['detail', 'identity', 'contact', 'location', 'health'] as const satisfies readonly FieldClass[];
export type Shareable = (typeof SHAREABLE)[number];

export type OnwardInput = Schemas['OnwardReferralInput'];

export type ReferralStatus = Schemas['Referral']['status'];

export type Referral = Schemas['Referral'];

export type Box = 'intake' | 'sent' | 'onward';

export type ReferralList = Schemas['ReferralList'];

export type ConsentInput = Schemas['ConsentInput'];

export type Consent = Schemas['Consent'];

const id = (s: string) => encodeURIComponent(s);

export const referralApi = {
  catalogue: () => apiRequest<Catalogue>('GET', '/api/v1/indicators'),
  createScreening: (s: ScreeningInput) => apiRequest<Screening>('POST', '/api/v1/screenings', s),
  screening: (sid: string) => apiRequest<Screening>('GET', `/api/v1/screenings/${id(sid)}`),
  refer: (r: ReferralToSpuInput) => apiRequest<Referral>('POST', '/api/v1/referrals', r),
  referOnward: (r: OnwardInput) => apiRequest<Referral>('POST', '/api/v1/referrals', r),
  list: (box: Box, status: 'open' | 'all' = 'open') => apiRequest<ReferralList>('GET', `/api/v1/referrals?box=${box}&status=${status}`),
  get: (rid: string) => apiRequest<Referral>('GET', `/api/v1/referrals/${id(rid)}`),
  acknowledge: (rid: string, version: number) => apiRequest<Referral>('POST', `/api/v1/referrals/${id(rid)}/acknowledge`, { version }),
  accept: (rid: string, version: number) => apiRequest<Referral>('POST', `/api/v1/referrals/${id(rid)}/accept`, { version }),
  decline: (rid: string, version: number, reason: string) =>
    apiRequest<Referral>('POST', `/api/v1/referrals/${id(rid)}/decline`, { version, reason }),
  revoke: (rid: string, version: number, reason: string) =>
    apiRequest<Referral>('POST', `/api/v1/referrals/${id(rid)}/revoke`, { version, reason }),
  close: (rid: string, version: number, reason?: string) =>
    apiRequest<Referral>('POST', `/api/v1/referrals/${id(rid)}/close`, reason ? { version, reason } : { version }),
  attachmentUrl: (rid: string, aid: string) => `/api/v1/referrals/${id(rid)}/attachments/${id(aid)}`,

  consents: (personId: string) => apiRequest<{ items: Consent[] }>('GET', `/api/v1/consents?person_id=${id(personId)}`),
  recordConsent: (c: ConsentInput) => apiRequest<Consent>('POST', '/api/v1/consents', c),
  withdrawConsent: (cid: string, version: number, reason?: string) =>
    apiRequest<Consent>('POST', `/api/v1/consents/${id(cid)}/withdraw`, reason ? { version, reason } : { version }),
};

// Notifications (src/notify): a notice carries no personal data, only a kind,
// an object's type and id, and a link into the UI.
export type Notice = Schemas['Notification'];

export type NoticePage = Schemas['NotificationPage'];

export const notifyApi = {
  list: (before?: string, opts: { auth?: boolean } = {}) =>
    apiRequest<NoticePage>(
      'GET',
      `/api/v1/notifications?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      undefined,
      opts,
    ),
  markRead: (nid: string) => apiRequest<Notice>('POST', `/api/v1/notifications/${encodeURIComponent(nid)}/read`),
  markAllRead: () => apiRequest<{ marked: number; unread: number }>('POST', '/api/v1/notifications/read-all'),
};

// The duplicate check before a person is created (src/people): the name
// parts (any script) and the birth year go in the body; a match discloses the
// holding agency and an opaque token (valid 24 h, for the caller only) that
// names it in an information request.
export interface DuplicateMatch {
  agency_id: string;
  agency_code?: string;
  agency_name?: Localized;
  match_token: string;
}

export function duplicateCheck(identity: FieldGroup): Promise<{ matches: DuplicateMatch[] }> {
  const names = ['given_names', 'family_name', 'patronymic', 'other_names']
    .map((k) => (identity[k] ?? '').trim())
    .filter(Boolean)
    .slice(0, 10);
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec((identity.birth_date ?? '').trim());
  const body: { names: string[]; birth_year?: number } = { names };
  if (m) body.birth_year = Number(m[1]);
  return apiRequest<{ matches: DuplicateMatch[] }>('POST', '/api/v1/persons/duplicate-check', body);
}
