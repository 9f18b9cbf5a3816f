// The desk's client for the plan (src/plan/openapi.json) and partners
// (src/partners/openapi.json) APIs. JSON calls go through apiRequest; the
// bodies that are not JSON (a plan file to import, an evidence file) go
// through apiUpload; both are the one fetch wrapper of ../../api.
import { apiRequest, apiUpload, codeList } from '../../api';

import type { components } from '../../api-types';

/** The API's resources, generated from its OpenAPI document (npm run gen:api). */
type Schemas = components['schemas'];

export type TaskStatus = Schemas['PlanTask']['status'];
export const TASK_STATUSES = codeList<TaskStatus>()(['not_started', 'in_progress', 'done', 'blocked']);
export type DueState = Schemas['PlanTask']['due_state'];

export type PlanText = Schemas['PlanText'];

export type PlanDeadline = Schemas['PlanDeadline'];

export type Plan = Schemas['Plan'];

export type PlanTask = Schemas['PlanTask'];

export type PlanItem = Schemas['PlanItem'];

export type PlanDetail = Schemas['PlanDetail'];

export type Indicator = Schemas['PlanIndicator'];

export type Attachment = Schemas['PlanAttachment'];

export type TaskReport = Schemas['TaskReport'];

export type ReportInput = Schemas['TaskReportInput'];

export type HistoryEntry = Schemas['TaskHistoryEntry'];

export type TaskCounts = Schemas['PlanTaskCounts'];

export type TaskBrief = Schemas['PlanTaskBrief'];

export type FindingAge = Schemas['FindingAgeByBody'];

export type Dashboard = Schemas['PlanDashboard'];

export type Attendance = Schemas['Meeting']['invited'][number]['attendance'];
export const ATTENDANCE = codeList<Attendance>()(['invited', 'present', 'absent', 'excused']);

export type MeetingDecision = Schemas['MeetingDecision'];

export type Meeting = Schemas['Meeting'];

export type MeetingPatch = Schemas['MeetingPatch'];

export type Finding = Schemas['Finding'];

export type NeedType = Schemas['Need']['type'];
export const NEED_TYPES = codeList<NeedType>()([
  'technical',
  'physical',
  'financial',
  'information',
  'methodical',
  'organisational',
  'material',
  'consultative',
]);

export type Need = Schemas['Need'];

export type NewNeed = Schemas['NewNeed'];

export type GapLine = Schemas['GapLine'];

export type Donor = Schemas['Donor'];

export type Pledge = Schemas['Pledge'];

export type Delivery = Schemas['Delivery'];

export type CodeLabel = Schemas['CodeLabel'];

export type TrainingNeed = Schemas['TrainingNeed'];

export type TrainingEvent = Schemas['TrainingEvent'];

export type AwarenessActivity = Schemas['AwarenessActivity'];
export const ACTIVITY_KINDS = codeList<Schemas['AwarenessActivity']['kind']>()([
  'film_screening',
  'printed_materials',
  'media',
  'school_session',
  'other',
]);
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

export type AwarenessCampaign = Schemas['AwarenessCampaign'];

export type ReportJob = Schemas['ReportJob'];

export type ImportResult = Schemas['PlanImportResult'];

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
