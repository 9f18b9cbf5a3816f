// The referral form's submission, kept in memory only and retried until the
// server takes it. A border post loses its connection; the officer must not
// lose what was typed, and nothing about the person may be written to the
// browser's storage (localStorage, sessionStorage, IndexedDB, Cache): so the
// pending submission lives in this module's variables, survives navigation
// inside the app, and is dropped once sent, on sign-out (401) or when the
// officer discards it.
//
// A submission is a list of steps (create the screening, the referral, upload
// each file); each step's result is kept, so a retry resumes at the step that
// failed and never repeats one that succeeded.

import { ApiError } from '../../api';

export type OutboxState =
  | { kind: 'idle' }
  | { kind: 'sending'; attempt: number }
  | { kind: 'waiting'; attempt: number; retryAt: number; offline: boolean }
  | { kind: 'failed'; error: unknown }
  | { kind: 'done'; result: Sent };

/** What a finished submission leaves behind: no personal data, only the new record's handles. */
export interface Sent {
  what: 'referral' | 'screening';
  id: string;
  reference: string;
}

export interface Step {
  /** Runs the step; may read the results of the steps before it. */
  run: (results: Map<string, unknown>) => Promise<unknown>;
  name: string;
}

/** Backoff between attempts: 2 s, 4 s, 8 s … capped at 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 2000 * 2 ** Math.max(0, attempt - 1));
}

/** Errors worth retrying: no connection, a timeout, the server or a proxy being down. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.status === 0 || err.status === 408 || err.status === 429 || err.status === 502 || err.status === 503 || err.status === 504;
}

type Listener = (s: OutboxState) => void;

class Outbox {
  private state: OutboxState = { kind: 'idle' };
  private steps: Step[] = [];
  private results = new Map<string, unknown>();
  private finish: ((results: Map<string, unknown>) => Sent) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<Listener>();
  private generation = 0;

  constructor() {
    // Back online: try at once instead of waiting out the backoff.
    window.addEventListener('online', () => {
      if (this.state.kind === 'waiting') this.attempt(this.state.attempt + 1);
    });
  }

  current(): OutboxState {
    return this.state;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  }

  /** Starts a submission; `finish` turns the step results into what the page shows afterwards. */
  submit(steps: Step[], finish: (results: Map<string, unknown>) => Sent): void {
    this.clear();
    this.steps = steps;
    this.finish = finish;
    this.attempt(1);
  }

  /** Tries again at once (after a wait, or after a server error); the steps already done stay done. */
  retryNow(): void {
    if (this.state.kind === 'failed' || this.state.kind === 'waiting') this.attempt(1);
  }

  /** Forgets everything: the steps (closures over the typed data) and their results. */
  clear(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.steps = [];
    this.results = new Map();
    this.finish = null;
    this.set({ kind: 'idle' });
  }

  private set(s: OutboxState) {
    this.state = s;
    this.listeners.forEach((l) => l(s));
  }

  private async attempt(n: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const gen = this.generation;
    this.set({ kind: 'sending', attempt: n });
    try {
      for (const step of this.steps) {
        if (this.results.has(step.name)) continue;
        const r = await step.run(this.results);
        if (gen !== this.generation) return;
        this.results.set(step.name, r);
      }
      const result = this.finish ? this.finish(this.results) : { what: 'screening' as const, id: '', reference: '' };
      // The data is sent: drop it from memory too.
      this.steps = [];
      this.results = new Map();
      this.finish = null;
      this.set({ kind: 'done', result });
    } catch (err) {
      if (gen !== this.generation) return;
      if (err instanceof ApiError && err.status === 401) {
        // Signed out: nothing may stay behind.
        this.clear();
        return;
      }
      if (isTransient(err)) {
        const wait = backoffMs(n);
        this.set({ kind: 'waiting', attempt: n, retryAt: Date.now() + wait, offline: !navigator.onLine || (err as ApiError).status === 0 });
        this.timer = setTimeout(() => this.attempt(n + 1), wait);
      } else {
        this.set({ kind: 'failed', error: err });
      }
    }
  }
}

export const outbox = new Outbox();
