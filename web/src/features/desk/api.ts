// The desk's client for the plan (src/plan/openapi.json) and partners
// (src/partners/openapi.json) APIs. JSON calls go through apiRequest; the
// bodies that are not JSON (a plan file to import, an evidence file) go
// through apiUpload; both are the one fetch wrapper of ../../api.
import { apiRequest, apiUpload } from '../../api';

export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'blocked';
export const TASK_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress', 'done', 'blocked'];
export type DueState = 'done' | 'on_track' | 'due_soon' | 'overdue' | 'reported' | 'due';

export interface PlanText {
  az: string | null;
  en: string | null;
}

export interface PlanDeadline {
  kind: 'date' | 'month' | 'ongoing';
  due?: string | null;
  reporting_cadence?: string | null;
  text?: PlanText;
}

export interface Plan {
  id: string;
  code: string;
  revision: number;
  kind: 'action_plan' | 'meeting_decisions';
  title: PlanText;
  approved_by?: PlanText | null;
  period_start: string;
  period_end: string | null;
  status: 'draft' | 'active' | 'closed';
  item_count: number;
  task_count: number;
  created_at: string;
  version: number;
}

export interface PlanTask {
  id: string;
  plan_id: string;
  plan_code?: string;
  item_id: string;
  item_number: number;
  number: string;
  text: PlanText;
  responsible: string[];
  deadline: PlanDeadline;
  deadline_inferred?: boolean;
  internal: boolean;
  status: TaskStatus;
  due_state: DueState;
  current_period?: string | null;
  last_report_at?: string | null;
  meeting_id?: string | null;
  version: number;
}

export interface PlanItem {
  id: string;
  number: number;
  measure: PlanText;
  responsible: string[];
  responsible_text?: PlanText | null;
  deadline: PlanDeadline;
  tasks: PlanTask[];
}

export interface PlanDetail extends Plan {
  items: PlanItem[];
}

export interface Indicator {
  name: string;
  unit?: string | null;
  target?: number | null;
  value?: number | null;
}

export interface Attachment {
  id: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  created_at: string;
}

export interface TaskReport {
  id: string;
  task_id: string;
  period: string;
  period_start?: string;
  period_end?: string;
  status: TaskStatus;
  state: 'submitted' | 'returned' | 'accepted';
  agency: string;
  narrative: string | null;
  narrative_internal: boolean;
  indicators: Indicator[];
  attachments: Attachment[];
  submitted_at: string;
  reviewed_at?: string | null;
  review_comment?: string | null;
  version: number;
}

export interface ReportInput {
  period?: string;
  status: TaskStatus;
  narrative?: string;
  narrative_internal?: boolean;
  indicators?: Indicator[];
}

export interface HistoryEntry {
  at: string;
  action: string;
  actor_user_id?: string | null;
  actor_agency?: string | null;
  report_id?: string | null;
  period?: string | null;
  status?: string | null;
  state?: string | null;
  comment?: string | null;
  narrative?: string | null;
}

export interface TaskCounts {
  total: number;
  not_started: number;
  in_progress: number;
  done: number;
  blocked: number;
  overdue: number;
  due: number;
}

export interface TaskBrief {
  id: string;
  plan_id: string;
  number: string;
  text?: PlanText;
  responsible: string[];
  status: TaskStatus;
  due_state: DueState;
  due?: string | null;
  current_period?: string | null;
}

export interface FindingAge {
  agency: string;
  open: number;
  days_0_30: number;
  days_31_90: number;
  days_91_180: number;
  days_over_180: number;
  oldest_days: number;
}

export interface Dashboard {
  plan_id?: string | null;
  as_of: string;
  silent_after_days: number;
  totals: TaskCounts;
  by_item: { plan_id: string; item_number: number; measure: PlanText; counts: TaskCounts }[];
  by_agency: { agency: string; counts: TaskCounts; last_report_at?: string | null }[];
  by_deadline: { month: string; counts: TaskCounts }[];
  overdue: TaskBrief[];
  due: TaskBrief[];
  silent_agencies: { agency: string; open_tasks: number; last_report_at: string | null }[];
  open_findings: FindingAge[];
}

export type Attendance = 'invited' | 'present' | 'absent' | 'excused';
export const ATTENDANCE: readonly Attendance[] = ['invited', 'present', 'absent', 'excused'];

export interface MeetingDecision {
  id: string;
  number: string;
  text: PlanText;
  owner_agency: string;
  due: string;
  task_id: string;
  task_status?: TaskStatus;
}

export interface Meeting {
  id: string;
  title: string;
  scheduled_for: string;
  location?: string | null;
  status: 'scheduled' | 'held' | 'cancelled';
  agenda: string[];
  invited: { agency: string; attendance: Attendance }[];
  minutes?: string | null;
  decisions: MeetingDecision[];
  decisions_plan_id?: string | null;
  version: number;
}

export interface MeetingPatch {
  version: number;
  title?: string;
  scheduled_for?: string;
  location?: string;
  status?: Meeting['status'];
  agenda?: string[];
  invited?: string[];
  minutes?: string;
  attendance?: { agency: string; attendance: Attendance }[];
}

export interface Finding {
  id: string;
  title: string;
  description: string;
  addressed_to: string;
  reporter_agency: string;
  plan_task_id?: string | null;
  status: 'open' | 'answered' | 'closed';
  created_at: string;
  age_days: number;
  answer?: string | null;
  answered_at?: string | null;
  closed_at?: string | null;
  close_note?: string | null;
  version: number;
}

export const NEED_TYPES = [
  'technical',
  'physical',
  'financial',
  'information',
  'methodical',
  'organisational',
  'material',
  'consultative',
] as const;
export type NeedType = (typeof NEED_TYPES)[number];

export interface Need {
  id: string;
  type: NeedType;
  title: { az: string; en: string };
  description: { az: string; en: string };
  plan_item_id: string | null;
  measure: 'money' | 'quantity';
  currency: string | null;
  unit: string | null;
  required: number;
  pledged: number;
  delivered: number;
  gap: number;
  unpledged: number;
  coverage_percent: number;
  status: 'open' | 'closed' | 'cancelled';
  version: number;
}

export interface NewNeed {
  type: NeedType;
  title_az: string;
  title_en: string;
  description_az?: string;
  description_en?: string;
  plan_item_id?: string | null;
  currency?: string;
  amount_minor?: number;
  unit?: string;
  quantity?: number;
}

export interface GapLine {
  plan_item_id?: string | null;
  measure: string;
  currency: string | null;
  unit: string | null;
  needs: number;
  required: number;
  pledged: number;
  delivered: number;
  gap: number;
}

export interface Donor {
  id: string;
  name: { az: string; en: string };
  kind: 'donor' | 'international' | 'ngo' | 'government' | 'other';
  country: string | null;
  active: boolean;
  version: number;
}

export interface Pledge {
  id: string;
  need_id: string;
  donor_id: string;
  measure: 'money' | 'quantity';
  currency: string | null;
  unit: string | null;
  amount: number;
  delivered: number;
  status: 'pledged' | 'withdrawn';
  note: string;
  version: number;
  created_at: string;
}

export interface Delivery {
  id: string;
  pledge_id: string;
  need_id: string;
  donor_id: string;
  amount: number;
  delivered_on: string;
  note: string;
}

export interface CodeLabel {
  code: string;
  label: { az: string; en: string; ru: string };
}

export interface TrainingNeed {
  id: string;
  agency_id: string;
  role: string;
  topic: string;
  people_count: number;
  priority: 'low' | 'medium' | 'high';
  note: string;
  status: 'open' | 'planned' | 'met';
  version: number;
}

export interface TrainingEvent {
  id: string;
  title: { az: string; en: string };
  topics: string[];
  starts_on: string;
  ends_on: string;
  organiser_agency_id: string;
  funding_donor_id: string | null;
  location: string;
  participants: { agency_id: string; count: number }[];
  participants_total: number;
  evaluations: number;
  average_score: number | null;
  version: number;
}

export interface AwarenessActivity {
  id: string;
  campaign_id: string;
  kind: 'film_screening' | 'printed_materials' | 'media' | 'school_session' | 'other';
  audience: string;
  region: string;
  region_text: string;
  held_on: string;
  reach: number;
  note: string;
}
export const ACTIVITY_KINDS = ['film_screening', 'printed_materials', 'media', 'school_session', 'other'] as const;
export const AUDIENCES = [
  'general_public',
  'youth',
  'students',
  'parents',
  'teachers',
  'job_seekers',
  'migrants',
  'officials',
  'journalists',
  'ngos',
  'other',
] as const;

export interface AwarenessCampaign {
  id: string;
  title: { az: string; en: string };
  starts_on: string;
  ends_on: string;
  lead_agency_id: string;
  partner_donor_id: string | null;
  evaluation: string;
  evaluation_score: number | null;
  activity_count: number;
  reach_total: number;
  activities?: AwarenessActivity[];
  version: number;
}

export interface ReportJob {
  id: string;
  kind: 'annual';
  year: number;
  lang: 'az' | 'en';
  format: 'pdf' | 'xlsx';
  status: 'queued' | 'running' | 'done' | 'failed';
  percent: number;
  stage: string;
  error: string | null;
  file_name: string | null;
  size_bytes: number | null;
  created_at: string;
  finished_at: string | null;
}

export interface ImportResult {
  dry_run: boolean;
  plan?: Plan | null;
  items: number;
  tasks: number;
}

/** One line-numbered complaint of a refused import. */
export interface ImportError {
  line?: number | null;
  field: string;
  message: string;
}

const q = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
};
const id = encodeURIComponent;

export const deskApi = {
  // Plans and tasks.
  plans: () => apiRequest<{ items: Plan[] }>('GET', '/api/v1/plans'),
  plan: (planId: string) => apiRequest<PlanDetail>('GET', `/api/v1/plans/${id(planId)}`),
  importPlan: (text: string, kind: 'json' | 'csv', dryRun: boolean) =>
    apiUpload<ImportResult>('POST', `/api/v1/plans/import${dryRun ? '?dry_run=true' : ''}`, text, {
      'Content-Type': kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    }),
  tasks: (f: { plan_id?: string; agency?: string; status?: string; due_state?: string } = {}) =>
    apiRequest<{ items: PlanTask[] }>('GET', `/api/v1/tasks${q(f)}`),
  task: (taskId: string) => apiRequest<PlanTask>('GET', `/api/v1/tasks/${id(taskId)}`),
  taskHistory: (taskId: string) => apiRequest<{ items: HistoryEntry[] }>('GET', `/api/v1/tasks/${id(taskId)}/history`),
  taskReports: (taskId: string) => apiRequest<{ items: TaskReport[] }>('GET', `/api/v1/tasks/${id(taskId)}/reports`),
  submitReport: (taskId: string, r: ReportInput) => apiRequest<TaskReport>('POST', `/api/v1/tasks/${id(taskId)}/reports`, r),
  reviseReport: (taskId: string, reportId: string, r: ReportInput & { version: number }) => {
    const { period: _p, ...rest } = r;
    return apiRequest<TaskReport>('PUT', `/api/v1/tasks/${id(taskId)}/reports/${id(reportId)}`, rest);
  },
  reviewReport: (taskId: string, reportId: string, r: { version: number; decision: 'accept' | 'return'; comment?: string }) =>
    apiRequest<TaskReport>('POST', `/api/v1/tasks/${id(taskId)}/reports/${id(reportId)}/review`, r),
  attach: (taskId: string, reportId: string, file: File) =>
    apiUpload<Attachment>('POST', `/api/v1/tasks/${id(taskId)}/reports/${id(reportId)}/attachments`, file, {
      'Content-Type': 'application/octet-stream',
      'X-Filename': encodeURIComponent(file.name),
    }),
  attachmentUrl: (taskId: string, reportId: string, attachmentId: string) =>
    `/api/v1/tasks/${id(taskId)}/reports/${id(reportId)}/attachments/${id(attachmentId)}`,
  dashboard: (planId?: string) => apiRequest<Dashboard>('GET', `/api/v1/dashboard${q({ plan_id: planId })}`),

  // Meetings.
  meetings: () => apiRequest<{ items: Meeting[] }>('GET', '/api/v1/meetings'),
  meeting: (meetingId: string) => apiRequest<Meeting>('GET', `/api/v1/meetings/${id(meetingId)}`),
  createMeeting: (m: { title: string; scheduled_for: string; location?: string; agenda?: string[]; invited: string[] }) =>
    apiRequest<Meeting>('POST', '/api/v1/meetings', m),
  updateMeeting: (meetingId: string, p: MeetingPatch) => apiRequest<Meeting>('PATCH', `/api/v1/meetings/${id(meetingId)}`, p),
  addDecision: (meetingId: string, d: { text: PlanText; owner_agency: string; due: string; internal?: boolean }) =>
    apiRequest<MeetingDecision>('POST', `/api/v1/meetings/${id(meetingId)}/decisions`, d),

  // Findings.
  findings: (f: { status?: string; addressed_to?: string } = {}) => apiRequest<{ items: Finding[] }>('GET', `/api/v1/findings${q(f)}`),
  createFinding: (f: { title: string; description: string; addressed_to: string; plan_task_id?: string }) =>
    apiRequest<Finding>('POST', '/api/v1/findings', f),
  answerFinding: (findingId: string, a: { version: number; answer: string }) =>
    apiRequest<Finding>('POST', `/api/v1/findings/${id(findingId)}/answer`, a),
  closeFinding: (findingId: string, c: { version: number; note?: string }) =>
    apiRequest<Finding>('POST', `/api/v1/findings/${id(findingId)}/close`, c),

  // Resources and donors.
  needs: () => apiRequest<{ items: Need[] }>('GET', '/api/v1/needs'),
  createNeed: (n: NewNeed) => apiRequest<Need>('POST', '/api/v1/needs', n),
  gaps: () => apiRequest<{ by_plan_item: GapLine[]; totals: GapLine[] }>('GET', '/api/v1/needs/gaps'),
  donors: () => apiRequest<{ items: Donor[] }>('GET', '/api/v1/donors'),
  createDonor: (d: { name_az: string; name_en: string; kind: Donor['kind']; country?: string }) =>
    apiRequest<Donor>('POST', '/api/v1/donors', d),
  addDonorMember: (donorId: string, username: string) => apiRequest<unknown>('POST', `/api/v1/donors/${id(donorId)}/members`, { username }),
  pledges: () => apiRequest<{ items: Pledge[] }>('GET', '/api/v1/pledges'),
  createPledge: (p: { need_id: string; donor_id?: string; currency?: string; amount_minor?: number; quantity?: number; note?: string }) =>
    apiRequest<Pledge>('POST', '/api/v1/pledges', p),
  deliveries: () => apiRequest<{ items: Delivery[] }>('GET', '/api/v1/deliveries'),
  createDelivery: (d: { pledge_id: string; amount_minor?: number; quantity?: number; delivered_on: string; note?: string }) =>
    apiRequest<Delivery>('POST', '/api/v1/deliveries', d),

  // Training and awareness.
  trainingTopics: () => apiRequest<{ items: CodeLabel[] }>('GET', '/api/v1/training/topics'),
  trainingNeeds: () => apiRequest<{ items: TrainingNeed[] }>('GET', '/api/v1/training/needs'),
  createTrainingNeed: (n: { agency_id?: string; role: string; topic: string; people_count: number; priority?: string; note?: string }) =>
    apiRequest<TrainingNeed>('POST', '/api/v1/training/needs', n),
  trainingEvents: () => apiRequest<{ items: TrainingEvent[] }>('GET', '/api/v1/training/events'),
  createTrainingEvent: (e: {
    title_az: string;
    title_en: string;
    topics: string[];
    starts_on: string;
    ends_on: string;
    organiser_agency_id: string;
    funding_donor_id?: string | null;
    location?: string;
    participants?: { agency_id: string; count: number }[];
  }) => apiRequest<TrainingEvent>('POST', '/api/v1/training/events', e),
  evaluateTraining: (eventId: string, e: { score: number; comment?: string }) =>
    apiRequest<unknown>('POST', `/api/v1/training/events/${id(eventId)}/evaluations`, e),
  regions: () => apiRequest<{ items: CodeLabel[] }>('GET', '/api/v1/awareness/regions'),
  campaigns: () => apiRequest<{ items: AwarenessCampaign[] }>('GET', '/api/v1/awareness/campaigns'),
  campaign: (campaignId: string) => apiRequest<AwarenessCampaign>('GET', `/api/v1/awareness/campaigns/${id(campaignId)}`),
  createCampaign: (c: {
    title_az: string;
    title_en: string;
    starts_on: string;
    ends_on: string;
    lead_agency_id?: string;
    partner_donor_id?: string | null;
  }) => apiRequest<AwarenessCampaign>('POST', '/api/v1/awareness/campaigns', c),
  evaluateCampaign: (campaignId: string, p: { version: number; evaluation: string; evaluation_score: number | null }) =>
    apiRequest<AwarenessCampaign>('PATCH', `/api/v1/awareness/campaigns/${id(campaignId)}`, p),
  addActivity: (
    campaignId: string,
    a: { kind: string; audience: string; region: string; region_text?: string; held_on: string; reach: number; note?: string },
  ) => apiRequest<AwarenessActivity>('POST', `/api/v1/awareness/campaigns/${id(campaignId)}/activities`, a),

  // The annual report.
  startAnnualReport: (r: { year: number; lang: 'az' | 'en'; format: 'pdf' | 'xlsx' }) =>
    apiRequest<ReportJob>('POST', '/api/v1/reports/annual', r),
  reportJob: (jobId: string) => apiRequest<ReportJob>('GET', `/api/v1/reports/${id(jobId)}`),
  reportFileUrl: (jobId: string) => `/api/v1/reports/${id(jobId)}/file`,
};
