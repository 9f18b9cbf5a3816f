// The referral module's API client (src/referral/openapi.json,
// src/notify/openapi.json, the duplicate check of src/people), built on the
// app's one door to the API (apiRequest: CSRF, language, problem+json).
// Ids travel in paths; search terms and personal data only in bodies.
import { apiRequest } from '../../api';
import type { FieldGroup, Localized } from '../../api';

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

export interface Catalogue {
  source?: string;
  dimensions: { code: string; name: Localized }[];
  strengths: Record<string, Localized>;
  sets: IndicatorSet[];
  forms_of_exploitation: { code: string; label: Localized }[];
  outcomes: { code: string; label: Localized; description?: Localized }[];
}

export type Outcome = 'presumed_victim' | 'not_a_victim' | 'undetermined';

export interface ScreeningInput {
  indicators: string[];
  forms_of_exploitation: string[];
  outcome: Outcome;
  notes?: string;
}

export interface Screening {
  id: string;
  reference: string;
  agency_id: string;
  indicators: string[];
  forms_of_exploitation: string[];
  outcome: string;
  referral_id?: string | null;
  created_at: string;
}

export interface AttachmentInput {
  filename: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  data_base64: string;
}

export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

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

export interface ReferralToSpuInput {
  kind: 'spu';
  screening_id: string;
  person?: PersonGroups;
  person_id?: string;
  circumstances: string;
  attachments?: AttachmentInput[];
  /** The new person's photo (JPEG or PNG); with `person` only. */
  photo?: { content_type: string; data_base64: string };
}

export const SERVICES = ['shelter', 'medical', 'psychological', 'legal', 'interpreter', 'social', 'repatriation'] as const;
export type Service = (typeof SERVICES)[number];
/** The classes an onward referral or a consent may share; investigation never leaves the SPU. */
export const SHAREABLE = ['detail', 'identity', 'contact', 'location', 'health'] as const;
export type Shareable = (typeof SHAREABLE)[number];

export interface OnwardInput {
  kind: 'onward';
  person_id: string;
  recipient_agency_id: string;
  service: Service;
  field_classes: Shareable[];
  purpose: string;
  consent_id?: string;
  override_reason?: string;
}

export type ReferralStatus = 'submitted' | 'acknowledged' | 'accepted' | 'declined' | 'pending' | 'revoked' | 'closed';

export interface Referral {
  id: string;
  reference: string;
  kind: 'spu' | 'onward';
  status: ReferralStatus;
  view: 'full' | 'status' | 'recipient';
  version: number;
  from_agency_id?: string;
  to_agency_id?: string;
  created_by?: string;
  created_at: string;
  updated_at?: string;
  server_time: string;
  ack_due_at?: string;
  decision_due_at?: string;
  acknowledged_at?: string | null;
  decided_at?: string | null;
  ack_overdue?: boolean;
  decision_overdue?: boolean;
  ack_escalated_at?: string | null;
  decision_escalated_at?: string | null;
  decline_reason?: string | null;
  screening?: { id?: string; reference?: string; indicators?: string[]; forms_of_exploitation?: string[]; outcome?: string };
  person_id?: string;
  person_reference?: string;
  circumstances?: string;
  attachments?: Attachment[];
  case_id?: string | null;
  case_reference?: string | null;
  assignee_user_id?: string | null;
  service?: Service;
  field_classes?: string[];
  purpose?: string;
  consent_id?: string | null;
  consent_override?: boolean;
  end_reason?: string | null;
}

export type Box = 'intake' | 'sent' | 'onward';

export interface ReferralList {
  items: Referral[];
  box: Box;
  server_time: string;
}

export interface ConsentInput {
  person_id: string;
  recipient_agency_id: string;
  field_classes: Shareable[];
  purpose: string;
  valid_until: string;
}

export interface Consent {
  id: string;
  person_id: string;
  recipient_agency_id: string;
  field_classes: string[];
  purpose: string;
  valid_until: string;
  status: 'active' | 'expired' | 'withdrawn';
  created_at: string;
  withdrawn_at?: string | null;
  version: number;
  revoked_referral_ids?: string[];
}

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
export interface Notice {
  id: string;
  kind: string;
  object_type: string;
  object_id: string;
  link: string;
  created_at: string;
  read_at: string | null;
}

export interface NoticePage {
  items: Notice[];
  unread: number;
  next_before?: string;
}

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
