// A one-shot notice carried across a client-side navigation (e.g. "recorded
// as P-2026-000001" after the form sends the user to the new record). Kept in
// memory only: never in the URL or in storage.
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string {
  const m = pending ?? '';
  pending = null;
  return m;
}
