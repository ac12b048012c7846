/**
 * An error whose message is written for the Discord user: it says what went wrong and what to
 * do. Anything else that reaches the interaction boundary is logged with a reference id and the
 * user sees a short generic reply quoting that id.
 */
export class UserError extends Error {
  override name = 'UserError';
  /** Stable machine-readable reason, e.g. 'pdf_encrypted'; tests assert on it. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
