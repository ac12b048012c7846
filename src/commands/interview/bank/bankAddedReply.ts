import { BANK_LIMITS } from '../../../interview/bank/BankQuestion.ts';
import type { ParsedBankLines } from '../../../interview/bank/parseBankLines.ts';
import type { InterviewType } from '../../../interview/types.ts';
import { describeScope } from './bankArgs.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const lines = (l: number[], count: number): string => ` (line${l.length === 1 ? '' : 's'} ${l.join(', ')}${count > l.length ? ', …' : ''})`;

/**
 * What an add or import did, for the mentor: how many were added, and how many were skipped
 * and why (with line numbers for the ones they can fix).
 */
export function bankAddedReply(parsed: ParsedBankLines, added: number, scope: { jobTitle: string | null; type: InterviewType | null }): string {
  const { skipped } = parsed;
  const already = parsed.texts.length - added;
  const out = [`Added ${plural(added, 'question')} to the server’s bank ${describeScope(scope.jobTitle, scope.type)}.`];
  const reasons: string[] = [];
  if (already > 0) reasons.push(`${already} ${already === 1 ? 'was' : 'were'} already in the bank`);
  if (skipped.duplicate > 0) reasons.push(`${plural(skipped.duplicate, 'repeat')} of an earlier line`);
  if (skipped.tooShort.count > 0) reasons.push(`${plural(skipped.tooShort.count, 'line')} shorter than ${BANK_LIMITS.minChars} characters${lines(skipped.tooShort.lines, skipped.tooShort.count)}`);
  if (skipped.tooLong.count > 0) reasons.push(`${plural(skipped.tooLong.count, 'line')} longer than ${BANK_LIMITS.maxChars} characters${lines(skipped.tooLong.lines, skipped.tooLong.count)}: shorten or split them`);
  if (skipped.overLimit > 0) reasons.push(`${plural(skipped.overLimit, 'question')} past the ${BANK_LIMITS.maxPerAdd} a single import takes: import them in another file`);
  if (reasons.length > 0) out.push(`Skipped: ${reasons.join('; ')}.`);
  if (parsed.texts.length === 0 && reasons.length === 0) out.push('There was no question in it: write one question per line.');
  out.push('See them with `/interview bank list`.');
  return out.join('\n');
}
