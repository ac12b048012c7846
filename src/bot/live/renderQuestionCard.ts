import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import type { LiveButtonAction } from '../InterviewRunner.ts';

/**
 * Where the current question stands. `asking`: the bot is speaking it; `listening`: the candidate
 * is answering; `paused`: the candidate left the voice channel; `reconnecting`: the bot's voice
 * connection dropped; the rest are final.
 */
export type CardPhase = 'asking' | 'listening' | 'paused' | 'reconnecting' | 'answered' | 'unanswered' | 'skipped' | 'ended';

/** Everything the live question card shows. Pure data; {@link renderQuestionCard} draws it. */
export interface QuestionCardView {
  interviewId: string;
  /** 1-based. */
  number: number;
  total: number;
  questionText: string;
  phase: CardPhase;
  /** Finished segments so far (or the final transcript once answered). */
  transcript: string;
  /** When the answer is cut off (the answer cap), while listening; drives "time left". */
  answerClosesAt: Date | null;
  /** Whether Repeat is offered (inside the repeat window and not yet answered). */
  canRepeat: boolean;
  /** Whether "I'm done" is offered. */
  canFinish: boolean;
  /** A short line for the candidate, e.g. why the interview is paused. */
  notice: string | null;
  /** false: the server turned live captions off; the card never shows the candidate's words (default true). */
  captions?: boolean;
}

/** A message body accepted by both `channel.send` and `message.edit`. */
export interface CardMessage {
  content: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
}

/** Discord's limits: a field value holds 1024 characters, a description 4096. */
const FIELD_MAX_CHARS = 1024;
const DESCRIPTION_MAX_CHARS = 4096;

const PHASE_LABEL: Record<CardPhase, string> = {
  asking: '🔊 Asking',
  listening: '🎙️ Listening',
  paused: '⏸️ Paused',
  reconnecting: '📡 Reconnecting',
  answered: '✅ Answered',
  unanswered: '⌛ No answer',
  skipped: '⏭️ Skipped',
  ended: '⏹️ Interview ended',
};

const COLOR = { active: 0x5865f2, paused: 0xfee75c, done: 0x57f287, missed: 0x99aab5 } as const;

/** Builds the customId the router parses: `hotseat:<action>:<interviewId>`. */
export function buttonCustomId(action: LiveButtonAction, interviewId: string): string {
  return `hotseat:${action}:${interviewId}`;
}

/** Keeps the end of a long text (the newest words), marked with an ellipsis. */
export function tail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `…${text.slice(text.length - maxChars + 1)}`;
}

function isFinal(phase: CardPhase): boolean {
  return phase === 'answered' || phase === 'unanswered' || phase === 'skipped' || phase === 'ended';
}

/**
 * Draws the question card. Time left is a Discord relative timestamp, which every client counts
 * down by itself, so the card needs no edits just to tick the clock.
 */
export function renderQuestionCard(view: QuestionCardView): CardMessage {
  const final = isFinal(view.phase);
  const fields: NonNullable<APIEmbed['fields']> = [{ name: 'Status', value: PHASE_LABEL[view.phase], inline: true }];
  if (view.phase === 'listening' && view.answerClosesAt) {
    const unix = Math.ceil(view.answerClosesAt.getTime() / 1000);
    fields.push({ name: 'Time left', value: `closes <t:${unix}:R>`, inline: true });
  }
  if (view.phase === 'paused') fields.push({ name: 'Time left', value: 'paused', inline: true });
  const transcript = view.captions === false ? '' : view.transcript.trim();
  if (transcript) {
    fields.push({ name: final ? 'Your answer' : 'Your answer so far', value: tail(transcript, FIELD_MAX_CHARS) });
  } else if (view.phase === 'listening') {
    fields.push({ name: 'Your answer so far', value: '*(listening…)*' });
  }
  if (view.notice) fields.push({ name: 'Note', value: tail(view.notice, FIELD_MAX_CHARS) });

  const color = view.phase === 'paused' || view.phase === 'reconnecting'
    ? COLOR.paused
    : view.phase === 'answered'
      ? COLOR.done
      : final
        ? COLOR.missed
        : COLOR.active;
  const embed: APIEmbed = {
    title: `Question ${view.number} of ${view.total}`,
    description: tail(view.questionText, DESCRIPTION_MAX_CHARS),
    color,
    fields,
    footer: { text: `Interview ${view.interviewId}` },
  };

  const buttons: APIButtonComponentWithCustomId[] = [];
  const button = (action: LiveButtonAction, label: string, style: APIButtonComponentWithCustomId['style'], disabled = false): void => {
    buttons.push({ type: ComponentType.Button, custom_id: buttonCustomId(action, view.interviewId), label, style, disabled });
  };
  if (!final) {
    if (view.canRepeat) button('repeat', 'Repeat', ButtonStyle.Secondary, view.phase !== 'listening');
    if (view.canFinish) button('done', "I'm done", ButtonStyle.Primary, view.phase !== 'listening');
    button('skip', 'Skip', ButtonStyle.Secondary);
    button('end', 'End interview', ButtonStyle.Danger);
  }
  return {
    content: '',
    embeds: [embed],
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
  };
}

/** The Status of a card whose interview was cut off by a crash or restart (set at start-up recovery). */
export const INTERRUPTED_STATUS = '⏹️ Interview ended (interrupted by a restart)';

/**
 * A card left live by a crash, closed: Status says the interview ended because of a restart,
 * the clock and notes are dropped, the words heard so far stay, and no button is left. Works on
 * the card as posted (its embed), since nothing else of the dead session is left.
 */
export function renderInterruptedCard(posted: APIEmbed): CardMessage {
  const fields: NonNullable<APIEmbed['fields']> = [];
  for (const f of posted.fields ?? []) {
    if (f.name === 'Status') fields.push({ ...f, value: INTERRUPTED_STATUS });
    else if (f.name === 'Your answer so far' && f.value !== '*(listening…)*') fields.push({ name: 'Your answer', value: f.value });
    else if (f.name !== 'Time left' && f.name !== 'Note' && f.name !== 'Your answer so far') fields.push(f);
  }
  if (!fields.some((f) => f.name === 'Status')) fields.unshift({ name: 'Status', value: INTERRUPTED_STATUS, inline: true });
  return { content: '', embeds: [{ ...posted, color: COLOR.missed, fields }], components: [] };
}
