import { newReferenceId } from './errorBoundary.ts';
import type { Logger } from '../logger.ts';

/**
 * Process-level error handlers for the bot. An unhandled promise rejection is logged (with a
 * reference id) and the bot carries on; an uncaught exception leaves the process in an unknown
 * state, so it is logged and `onFatal` runs (graceful shutdown, then exit 1). Errors go through
 * the logger, which masks configured secrets and redacts personal fields.
 * @returns a function that removes both handlers (called at the end of shutdown)
 */
export function installProcessHandlers(logger: Logger, onFatal: (reason: string) => void): () => void {
  const onRejection = (err: unknown): void => {
    logger.error({ err, referenceId: newReferenceId() }, 'unhandled promise rejection');
  };
  const onException = (err: Error, origin: string): void => {
    logger.fatal({ err, origin, referenceId: newReferenceId() }, 'uncaught exception; shutting down');
    onFatal('uncaught exception');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
