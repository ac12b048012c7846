import { setTimeout as sleep } from 'node:timers/promises';
import type { AutocompleteInteraction } from 'discord.js';
import { AUTOCOMPLETE_LIMITS } from '../bot/embeds/interviewChoice.ts';
import type { AutocompleteHandler } from './AutocompleteHandler.ts';
import type { CommandContext } from './CommandContext.ts';

/** Discord drops an autocomplete answer after 3 s; this leaves room for the answer's own trip. */
export const AUTOCOMPLETE_BUDGET_MS = 2_500;

const TIMED_OUT = Symbol('timed out');

/**
 * Runs an autocomplete handler and answers with its first 25 choices, or with none when it fails
 * or takes longer than `budgetMs` (a late handler's result is dropped; its store reads end on
 * their own). Never throws; logs ids and the option's name, never what the member typed.
 */
export async function answerAutocomplete(
  interaction: AutocompleteInteraction<'cached'>,
  handler: AutocompleteHandler,
  ctx: CommandContext,
  what: Record<string, unknown>,
  budgetMs = AUTOCOMPLETE_BUDGET_MS,
): Promise<void> {
  let choices: Awaited<ReturnType<AutocompleteHandler>> = [];
  const deadline = new AbortController();
  try {
    // Promise.race subscribes to both, so the loser's later rejection (the aborted sleep, a
    // late store failure) is handled.
    const result = await Promise.race([handler(interaction, ctx), sleep(budgetMs, TIMED_OUT, { signal: deadline.signal })]);
    if (result === TIMED_OUT) ctx.logger.warn({ ...what, budgetMs }, 'autocomplete too slow; answered with no choices');
    else choices = result.slice(0, AUTOCOMPLETE_LIMITS.choices);
  } catch (err) {
    ctx.logger.error({ ...what, err }, 'autocomplete failed; answered with no choices');
  } finally {
    deadline.abort();
  }
  await interaction.respond(choices).catch((err: unknown) => {
    ctx.logger.warn({ ...what, err }, 'could not answer autocomplete');
  });
}
