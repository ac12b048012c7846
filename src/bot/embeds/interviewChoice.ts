import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { InterviewRecord } from '../../interview/types.ts';
import { formatScore, interviewTitle, truncate } from './format.ts';

/** Discord's limits on autocomplete answers: 25 choices, names of 1–100, string values of 100. */
export const AUTOCOMPLETE_LIMITS = { choices: 25, name: 100, value: 100 } as const;

/**
 * One interview as an autocomplete choice for an `id` option: the value is its id, the name says
 * which one it is (title, candidate for mentors, date, score). Pure; within Discord's limits.
 */
export function interviewChoice(i: InterviewRecord, showCandidate: boolean): APIApplicationCommandOptionChoice<string> {
  const who = showCandidate ? ` · ${truncate(i.candidateName, 30)}` : '';
  const name = `${truncate(interviewTitle(i), 50)}${who} · ${i.startedAt.toISOString().slice(0, 10)} · ${formatScore(i.finalScore)}`;
  return { name: truncate(name, AUTOCOMPLETE_LIMITS.name), value: i.id };
}
