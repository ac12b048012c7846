/** The parts of a PostgREST error answer that are safe to keep. */
export interface PostgrestFailure {
  message: string;
  code?: string;
}

/**
 * Raised when Supabase answers with an error. Only PostgREST's message and code are kept: its
 * `details` can quote row values (answers), which must not reach logs.
 */
export class SupabaseStoreError extends Error {
  override name = 'SupabaseStoreError';
  readonly code: string | undefined;
  /** HTTP status of the answer; 0 when no answer came (network failure, timeout). */
  readonly status: number | undefined;
  constructor(operation: string, failure: PostgrestFailure, status?: number) {
    super(`Supabase ${operation} failed: ${failure.message}${failure.code ? ` (${failure.code})` : ''}`);
    this.code = failure.code || undefined;
    this.status = status;
  }
}
