import { expect } from 'vitest';
import { UserError } from '../../src/UserError.ts';

/** Awaits `promise`, expects it to reject with a UserError, and returns it for assertions on code and message. */
export async function expectUserError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}
