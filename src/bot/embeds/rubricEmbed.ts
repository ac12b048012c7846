import type { APIEmbed } from 'discord.js';
import type { RubricCriterion } from '../../interview/rubric.ts';
import type { InterviewType } from '../../interview/types.ts';
import { truncate, typeLabel } from './format.ts';

/** Discord's limits: field name 256, field value 1024. */
const FIELD_NAME_MAX = 256;
const FIELD_VALUE_MAX = 1024;

/**
 * A rubric as an embed: one field per criterion with what a 2, a 5 and a 9 look like. `own`:
 * the server edited it (else these are the bot's defaults). Five criteria of three 300-character
 * anchors stay well inside Discord's 6000 characters.
 */
export function buildRubricEmbed(type: InterviewType, criteria: readonly RubricCriterion[], own: boolean): APIEmbed {
  return {
    title: `Rubric: ${typeLabel(type)} interviews`,
    description: `${own ? 'This server’s own rubric' : 'The default rubric (this server has not edited it)'}. Each answer is scored 0–10 per criterion against these anchors.\n` +
      'Mentors change it with `/interview rubric action:edit` and go back to the defaults with `action:reset`.',
    color: 0x5865f2,
    fields: criteria.map((c) => ({
      name: truncate(c.name, FIELD_NAME_MAX),
      value: truncate(`**2** · ${c.anchors.low}\n**5** · ${c.anchors.mid}\n**9** · ${c.anchors.high}`, FIELD_VALUE_MAX),
    })),
  };
}
