import type { InterviewOutcome } from '../InterviewRunner.ts';

/** What the results message needs to know besides the outcome. */
export interface ResultsIntroContext {
  candidateUserId: string;
  /** Why an interrupted interview stopped. */
  interruptedBy: 'shutdown' | 'voice_lost';
  /** The id logged with a failure, quoted to the candidate (see errorBoundary's newReferenceId). */
  referenceId: string | null;
}

/** The first line of the message that closes an interview (results follow it, when there are any). */
export function resultsIntro(outcome: InterviewOutcome, ctx: ResultsIntroContext): string {
  const mention = `<@${ctx.candidateUserId}>`;
  switch (outcome) {
    case 'completed':
      return `${mention} your interview is complete. Here are your results:`;
    case 'abandoned':
      return `${mention} the interview ended early. Here is what you answered:`;
    case 'interrupted':
      return ctx.interruptedBy === 'voice_lost'
        ? `${mention} I lost the voice connection and could not get it back, so the interview stopped. Your answers so far are saved:`
        : `${mention} the interview was interrupted because the bot is restarting. Your answers so far are saved:`;
    case 'failed':
      return `${mention} something went wrong and the interview stopped${ctx.referenceId ? ` (reference \`${ctx.referenceId}\`)` : ''}. Your answers so far are saved:`;
  }
}
