/** The index whose violation means {@link InterviewAlreadyRunningError}. */
export const ONE_RUNNING_INDEX = 'interviews_one_running_per_guild';

/** Whether a failed create_interview (SQLSTATE + message, from either adapter) hit that index. */
export function isOneRunningViolation(code: string | undefined, message: string): boolean {
  return code === '23505' && message.includes(ONE_RUNNING_INDEX);
}
