/**
 * A promise that rejects with the signal's reason once it is aborted (at once if it already is)
 * and never resolves: race it against work that may ignore its signal, to hold that work to a
 * budget. Its rejection is marked handled, so an abort after the race is over raises nothing.
 */
export function rejectOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
  aborted.catch(() => undefined);
  return aborted;
}
