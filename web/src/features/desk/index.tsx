// The National Coordinator's desk (issue 5): action plan board, my tasks and
// progress reports, meetings, findings, resources and donors, training,
// awareness, the dashboard and the annual report. Each page and menu entry
// follows the capabilities the server checks (src/directory/roles.cc); the
// server refuses the rest all the same.
import type { User, Capability } from '../../api';
import { can as holds } from '../../api';
import type { Feature } from '../types';
import './desk.css';
import { Dashboard } from './pages/Dashboard';
import { PlanBoard } from './pages/PlanBoard';
import { PlanImport } from './pages/PlanImport';
import { MyTasks } from './pages/MyTasks';
import { TaskPage } from './pages/TaskPage';
import { Meetings } from './pages/Meetings';
import { MeetingPage } from './pages/MeetingPage';
import { Findings } from './pages/Findings';
import { Resources } from './pages/Resources';
import { Training } from './pages/Training';
import { Awareness } from './pages/Awareness';

const has = (u: User, ...caps: Capability[]) => holds(u, ...caps);

/** Who may use which page: the capabilities the API's GET routes accept. */
export const can = {
  board: (u: User) => has(u, 'plan.manage', 'plan.review', 'needs.view', 'statistics.view', 'reports.produce'),
  importPlan: (u: User) => has(u, 'plan.manage'),
  myTasks: (u: User) => has(u, 'plan.report'),
  tasks: (u: User) => has(u, 'plan.manage', 'plan.review', 'plan.report', 'needs.view', 'statistics.view', 'reports.produce'),
  meetings: (u: User) => has(u, 'meetings.manage', 'plan.review', 'plan.report'),
  findings: (u: User) => has(u, 'findings.view', 'findings.create', 'plan.report'),
  resources: (u: User) => has(u, 'needs.manage', 'needs.view', 'pledges.manage'),
  training: (u: User) => has(u, 'needs.manage', 'needs.view', 'plan.report', 'statistics.view'),
  dashboard: (u: User) => has(u, 'plan.review', 'statistics.view', 'reports.produce'),
};

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const TASK = new RegExp(`^/plan/tasks/(${UUID})$`);
const MEETING = new RegExp(`^/meetings/(${UUID})$`);

export const desk: Feature = {
  page: (path, user) => {
    if (path === '/desk') return can.dashboard(user) ? <Dashboard user={user} /> : null;
    if (path === '/plan') return can.board(user) ? <PlanBoard user={user} /> : null;
    if (path === '/plan/import') return can.importPlan(user) ? <PlanImport /> : null;
    if (path === '/my-tasks') return can.myTasks(user) ? <MyTasks user={user} /> : null;
    const t = TASK.exec(path);
    if (t && t[1]) return can.tasks(user) ? <TaskPage key={t[1]} id={t[1].toLowerCase()} user={user} /> : null;
    if (path === '/meetings') return can.meetings(user) ? <Meetings user={user} /> : null;
    const m = MEETING.exec(path);
    if (m && m[1]) return can.meetings(user) ? <MeetingPage key={m[1]} id={m[1].toLowerCase()} user={user} /> : null;
    if (path === '/findings') return can.findings(user) ? <Findings user={user} /> : null;
    if (path === '/resources') return can.resources(user) ? <Resources user={user} /> : null;
    if (path === '/training') return can.training(user) ? <Training user={user} /> : null;
    if (path === '/awareness') return can.training(user) ? <Awareness user={user} /> : null;
    return null;
  },
  nav: [
    { href: '/desk', label: 'desk.nav.dashboard', active: (p) => p === '/desk', show: (u) => can.dashboard(u) },
    { href: '/plan', label: 'desk.nav.plan', active: (p) => p.startsWith('/plan'), show: (u) => can.board(u) },
    { href: '/my-tasks', label: 'desk.nav.myTasks', active: (p) => p === '/my-tasks', show: (u) => can.myTasks(u) },
    { href: '/meetings', label: 'desk.nav.meetings', active: (p) => p.startsWith('/meetings'), show: (u) => can.meetings(u) },
    { href: '/findings', label: 'desk.nav.findings', active: (p) => p === '/findings', show: (u) => can.findings(u) },
    { href: '/resources', label: 'desk.nav.resources', active: (p) => p === '/resources', show: (u) => can.resources(u) },
    {
      href: '/training',
      label: 'desk.nav.training',
      active: (p) => p === '/training' || p === '/awareness',
      show: (u) => can.training(u),
    },
  ],
};
