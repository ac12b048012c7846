import type { SessionView } from '../../interview/InterviewIO.ts';
import type { Logger } from '../../logger.ts';
import { TaskGroup } from '../../util/TaskGroup.ts';
import { CoalescingWriter } from '../../util/CoalescingWriter.ts';
import type { CaptionBudget, CaptionShare } from './CaptionBudget.ts';
import { renderQuestionCard, type CardMessage, type CardPhase, type QuestionCardView } from './renderQuestionCard.ts';

/** A posted message we can edit (discord.js `Message`). */
export interface EditableMessage {
  edit(body: CardMessage): Promise<unknown>;
}

/** Where cards are posted (discord.js text channel). */
export interface CardChannel {
  send(body: CardMessage): Promise<EditableMessage>;
}

/** How a question ended, as far as the card is concerned. */
export type QuestionEnd = { kind: 'answered'; transcript: string } | { kind: 'unanswered' } | { kind: 'skipped' };

export interface QuestionCardsOptions {
  channel: CardChannel;
  logger: Logger;
  /** Minimum time between two edits of a card (Discord rate limits), in milliseconds. */
  captionIntervalMs: number;
  /** The process's budget of caption edits, shared by every interview (its interval then wins when longer). */
  captionBudget?: CaptionBudget;
  /** Answer cap, for the card's "time left", in milliseconds. */
  maxAnswerMs: number;
  /** "I'm done" appears this long after listening began, in milliseconds (default 0: at once). */
  doneButtonAfterMs?: number;
  /** Clock in ms since the epoch (the session's clock). */
  nowMs?: () => number;
  /** false: the server turned live captions off; cards show the status but never the candidate's words (default true). */
  captions?: boolean;
}

interface Card {
  number: number;
  view: QuestionCardView;
  editor: CoalescingWriter<CardMessage>;
  message: Promise<EditableMessage | null>;
  repeatTimer: ReturnType<typeof setTimeout> | null;
  repeatUntilMs: number | null;
}

const FINAL_PHASES = new Set<SessionView['phase']>(['completed', 'abandoned', 'interrupted', 'failed']);

/** Shown on the last card while the next question is prepared. */
export const PREPARING_NOTE = 'Preparing the next question…';
/** Shown while the candidate asked for time to think. */
export const HOLD_NOTE = 'Take your time.';

/**
 * One live card per question: posted when the question is asked, then edited (coalesced, at most
 * once per `captionIntervalMs`) with the phase, the partial transcript and the buttons; closed
 * with the outcome when the session moves on. Phase changes and the final state are flushed at
 * once; caption updates wait their turn. `show` is synchronous (the InterviewIO contract); the
 * Discord calls run as tasks owned here and awaited by {@link QuestionCards.close}.
 */
export class QuestionCards {
  readonly #o: QuestionCardsOptions;
  readonly #nowMs: () => number;
  readonly #ends = new Map<number, QuestionEnd>();
  readonly #tasks: TaskGroup;
  #card: Card | null = null;
  /** The card just finished, saying {@link PREPARING_NOTE} until the next one is posted. */
  #preparing: Card | null = null;
  #notice: string | null = null;
  #voiceReconnecting = false;
  #lastView: SessionView | null = null;
  #answerClosesAt: Date | null = null;
  #listeningSinceMs = 0;
  #doneTimer: ReturnType<typeof setTimeout> | null = null;
  /** Taken with the first card (so an interview that never showed one never counts), left on close. */
  #captionShare: CaptionShare | null = null;
  #closed = false;

  constructor(options: QuestionCardsOptions) {
    this.#o = options;
    this.#nowMs = options.nowMs ?? (() => Date.now());
    this.#tasks = new TaskGroup((_name, err) => options.logger.warn({ err }, 'question card task failed'));
  }

  /** Records how question `number` ended, so its card can say so once the session moves on. */
  setQuestionEnd(number: number, end: QuestionEnd): void {
    this.#ends.set(number, end);
  }

  /** Forgets how question `number` ended (it is being answered again, e.g. after the candidate came back). */
  clearQuestionEnd(number: number): void {
    this.#ends.delete(number);
  }

  /** Whether a question card is on screen (notices show on it). */
  get hasCard(): boolean {
    return this.#card !== null;
  }

  /** A short line shown on the current card (e.g. why it is paused); null clears it. */
  setNotice(notice: string | null): void {
    this.#notice = notice;
    if (this.#lastView) this.show(this.#lastView, { urgent: true });
  }

  /** Shows that the bot's own voice connection is reconnecting. */
  setVoiceReconnecting(reconnecting: boolean): void {
    this.#voiceReconnecting = reconnecting;
    if (this.#lastView) this.show(this.#lastView, { urgent: true });
  }

  /** Renders a session snapshot (InterviewIO.show). Never throws. */
  show(view: SessionView, opts: { urgent?: boolean } = {}): void {
    if (this.#closed) return;
    const previous = this.#lastView;
    this.#lastView = view;
    try {
      const card = this.#card;
      if (card && (view.number !== card.number || FINAL_PHASES.has(view.phase))) this.#finishCard(card, view);
      if (view.question === null || FINAL_PHASES.has(view.phase)) return;
      if (view.phase === 'answering' && (previous?.phase !== 'answering' || previous.number !== view.number)) {
        this.#listeningSinceMs = this.#nowMs();
        this.#answerClosesAt = new Date(this.#listeningSinceMs + this.#o.maxAnswerMs);
        this.#armDoneTimer();
      }
      const next = this.#viewFor(view);
      const current = this.#card;
      if (!current || current.number !== view.number) {
        this.#donePreparing();
        this.#card = this.#postCard(next);
        return;
      }
      const phaseChanged = current.view.phase !== next.phase || current.view.canRepeat !== next.canRepeat || current.view.canFinish !== next.canFinish || current.view.notice !== next.notice;
      current.view = next;
      this.#armRepeatTimer(current, view.repeatUntilMs);
      current.editor.update(renderQuestionCard(next));
      if (phaseChanged || opts.urgent) this.#track(current.editor.flush());
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'could not update the question card');
    }
  }

  /** Waits for every pending Discord call; no card is edited afterwards. */
  async close(): Promise<void> {
    const card = this.#card;
    if (card && this.#lastView && !this.#closed) this.#finishCard(card, this.#lastView);
    this.#donePreparing();
    this.#closed = true;
    this.#captionShare?.leave();
    if (this.#doneTimer) clearTimeout(this.#doneTimer);
    await this.#tasks.drain();
  }

  #viewFor(view: SessionView): QuestionCardView {
    const phase: CardPhase = this.#voiceReconnecting
      ? 'reconnecting'
      : view.phase === 'answering'
        ? 'listening'
        : view.phase === 'paused'
          ? 'paused'
          : 'asking';
    return {
      interviewId: view.interviewId,
      number: view.number,
      total: view.total,
      questionText: view.question ?? '',
      phase,
      transcript: view.partialTranscript,
      answerClosesAt: view.phase === 'answering' ? this.#answerClosesAt : null,
      canRepeat: view.allowed.repeat,
      canFinish: this.#doneAfterMs() === 0
        ? view.allowed.done || view.phase === 'asking'
        : view.allowed.done && this.#nowMs() - this.#listeningSinceMs >= this.#doneAfterMs(),
      notice: this.#notice ?? (view.holding ? HOLD_NOTE : view.heard ? `Heard: ${view.heard}` : null),
      captions: this.#o.captions ?? true,
    };
  }

  #postCard(view: QuestionCardView): Card {
    const body = renderQuestionCard(view);
    const message = this.#o.channel.send(body).catch((error: unknown) => {
      this.#o.logger.warn({ err: error }, 'could not post the question card');
      return null;
    });
    this.#captionShare ??= this.#closed ? null : (this.#o.captionBudget?.join() ?? null);
    const share = this.#captionShare;
    const editor = new CoalescingWriter<CardMessage>({
      intervalMs: share ? () => Math.max(this.#o.captionIntervalMs, share.intervalMs()) : this.#o.captionIntervalMs,
      keyOf: (value) => JSON.stringify(value),
      initial: body,
      send: async (value) => {
        const posted = await message;
        if (posted) await posted.edit(value);
      },
      onError: (error) => this.#o.logger.warn({ err: error }, 'could not edit the question card'),
    });
    const card: Card = { number: view.number, view, editor, message, repeatTimer: null, repeatUntilMs: null };
    this.#track(message.then(() => editor.flush()));
    this.#armRepeatTimer(card, this.#lastView?.repeatUntilMs ?? null);
    return card;
  }

  #finishCard(card: Card, view: SessionView): void {
    if (this.#card === card) this.#card = null;
    if (card.repeatTimer) clearTimeout(card.repeatTimer);
    const end = this.#ends.get(card.number);
    const phase: CardPhase = end?.kind ?? (FINAL_PHASES.has(view.phase) ? 'ended' : 'unanswered');
    const transcript = end?.kind === 'answered' ? end.transcript : card.view.transcript;
    const final: QuestionCardView = { ...card.view, phase, transcript, notice: null, canRepeat: false, canFinish: false, answerClosesAt: null };
    card.view = final;
    if (view.phase === 'preparing') {
      // The bot is thinking: say so on the card the candidate is looking at until the next one is up.
      this.#donePreparing();
      this.#preparing = card;
      card.editor.update(renderQuestionCard({ ...final, notice: PREPARING_NOTE }));
      this.#track(card.editor.flush());
      return;
    }
    card.editor.update(renderQuestionCard(final));
    this.#track(card.editor.flush().then(() => card.editor.close()));
  }

  /** Takes the preparing note off the previous card and closes it. */
  #donePreparing(): void {
    const card = this.#preparing;
    if (!card) return;
    this.#preparing = null;
    card.editor.update(renderQuestionCard(card.view));
    this.#track(card.editor.flush().then(() => card.editor.close()));
  }

  #doneAfterMs(): number {
    return this.#o.doneButtonAfterMs ?? 0;
  }

  /** Re-renders when "I'm done" becomes available. */
  #armDoneTimer(): void {
    if (this.#doneTimer) clearTimeout(this.#doneTimer);
    this.#doneTimer = null;
    if (this.#doneAfterMs() === 0) return;
    this.#doneTimer = setTimeout(() => {
      this.#doneTimer = null;
      const last = this.#lastView;
      if (last?.phase === 'answering' && !this.#closed) this.show(last, { urgent: true });
    }, this.#doneAfterMs() + 20);
    this.#doneTimer.unref?.();
  }

  /** Re-renders when the repeat window closes, so the Repeat button disappears on time. */
  #armRepeatTimer(card: Card, repeatUntilMs: number | null): void {
    if (card.repeatUntilMs === repeatUntilMs) return;
    card.repeatUntilMs = repeatUntilMs;
    if (card.repeatTimer) clearTimeout(card.repeatTimer);
    card.repeatTimer = null;
    if (repeatUntilMs === null) return;
    const delayMs = Math.max(0, repeatUntilMs - this.#nowMs()) + 50;
    card.repeatTimer = setTimeout(() => {
      card.repeatTimer = null;
      const last = this.#lastView;
      if (this.#card !== card || !last || last.number !== card.number) return;
      this.show({ ...last, repeatUntilMs: null, allowed: { ...last.allowed, repeat: false } });
    }, delayMs);
    card.repeatTimer.unref?.();
  }

  #track(promise: Promise<unknown>): void {
    void this.#tasks.spawn('question card', async () => {
      await promise;
    });
  }
}
