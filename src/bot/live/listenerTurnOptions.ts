import type { LanguageModel } from '../../ai/LanguageModel.ts';
import type { Config } from '../../config.ts';
import { AnswerPauses } from '../../interview/turns/AnswerPauses.ts';
import { DEFAULT_END_OF_ANSWER_SETTINGS, type EndOfAnswerSettings } from '../../interview/turns/endOfAnswerPolicy.ts';
import { voiceCommand } from '../../interview/turns/voiceCommand.ts';
import type { Logger } from '../../logger.ts';
import type { AnswerListenerOptions } from '../../voice/AnswerListener.ts';

/** The turn-taking part of one answer's listener options. */
export type ListenerTurnOptions = Pick<AnswerListenerOptions, 'endOfAnswerSilenceMs' | 'endOfAnswer' | 'commandOf'>;

/**
 * How one answer's listener takes turns: in `fixed` mode the fixed silence at every pause; in
 * `adaptive` mode the long silence until the policy has decided the pause from the transcript
 * so far and the question (rules first, the chat model only when they are unsure), then the
 * decided silence (see {@link AnswerPauses}: a hold ends when the candidate goes on). Spoken
 * commands are recognised in both modes, in English and the interview language. Logs each decision's class and rule, never the words.
 */
export function listenerTurnOptions(
  config: Pick<Config, 'interview'>,
  ctx: { model: LanguageModel; language: string; question: string; log: Logger },
): ListenerTurnOptions {
  const { endOfAnswer, endOfAnswerSilenceMs } = config.interview;
  const commandOf = (text: string): ReturnType<typeof voiceCommand> => voiceCommand(text, ctx.language);
  if (endOfAnswer.mode === 'fixed') return { endOfAnswerSilenceMs, commandOf };
  const settings: EndOfAnswerSettings = { ...DEFAULT_END_OF_ANSWER_SETTINGS, ...endOfAnswer, fixedMs: endOfAnswerSilenceMs };
  const pauses = new AnswerPauses({ question: ctx.question, language: ctx.language, settings, model: ctx.model });
  return {
    endOfAnswerSilenceMs: settings.longMs,
    commandOf,
    endOfAnswer: async (transcript, signal) => {
      const decision = await pauses.decide(transcript, signal);
      ctx.log.debug({ pauseClass: decision.pauseClass, source: decision.source, reason: decision.reason, silenceLimitMs: decision.silenceLimitMs }, 'end of answer decided');
      return { silenceLimitMs: decision.silenceLimitMs, hold: decision.pauseClass === 'hold' };
    },
  };
}
