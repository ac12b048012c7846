/** The outcome of one doctor check: one printed line, and how to fix it when it failed. */
export interface CheckResult {
  /** Short name, e.g. 'Discord token'. */
  name: string;
  ok: boolean;
  /** What was found (never a secret, prompt or transcript beyond the doctor's own test phrase). */
  detail: string;
  /** What to change when `ok` is false. */
  fix?: string;
}

/** A passing result. */
export function pass(name: string, detail: string): CheckResult {
  return { name, ok: true, detail };
}

/** A failing result with its fix. */
export function fail(name: string, detail: string, fix: string): CheckResult {
  return { name, ok: false, detail, fix };
}
