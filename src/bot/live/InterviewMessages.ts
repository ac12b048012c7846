import type { InterviewMessageKind } from '../../interview/InterviewMessage.ts';
import type { Store } from '../../interview/Store.ts';
import { TaskGroup } from '../../util/TaskGroup.ts';
import type { Logger } from '../../logger.ts';

/** What a posted Discord message must tell us to be found again (discord.js `Message`). */
export interface PostedMessage {
  id: string;
  channelId: string;
}

export interface InterviewMessagesOptions {
  store: Pick<Store, 'recordInterviewMessage'>;
  guildId: string;
  interviewId: string;
  logger: Logger;
}

/**
 * Records every message the bot posts for one interview (question cards, the recording notice,
 * the results with the transcript, notices), so that `/interview delete` can remove them and
 * start-up recovery can close the cards. Recording runs beside the interview as tasks owned
 * here: a failed or slow write never blocks or fails the interview, it is only logged (ids and
 * the error, never the message's content).
 */
export class InterviewMessages {
  readonly #o: InterviewMessagesOptions;
  readonly #tasks: TaskGroup;

  constructor(options: InterviewMessagesOptions) {
    this.#o = options;
    this.#tasks = new TaskGroup((_name, err) => this.#o.logger.warn({ err }, 'could not record a posted message'));
  }

  /** Runs `send` (a Discord post; its errors reach the caller) and records the message it returns. */
  async post<M extends PostedMessage>(kind: InterviewMessageKind, send: () => Promise<M>): Promise<M> {
    const message = await send();
    this.record(message, kind);
    return message;
  }

  /** Posts in the background (owned here, awaited by {@link drain}) and records; a failed post is only logged. */
  postLater(kind: InterviewMessageKind, send: () => Promise<PostedMessage>): void {
    void this.#tasks.spawn('post message', async () => {
      try {
        await this.post(kind, send);
      } catch (err) {
        this.#o.logger.warn({ err }, 'could not post a message');
      }
    });
  }

  /** Records a message already posted; never throws. */
  record(message: PostedMessage, kind: InterviewMessageKind): void {
    const { store, guildId, interviewId } = this.#o;
    void this.#tasks.spawn('record message', () =>
      store.recordInterviewMessage({ guildId, interviewId, channelId: message.channelId, messageId: message.id, kind }),
    );
  }

  /** Resolves once every post and record started so far (and while waiting) has settled. */
  drain(): Promise<void> {
    return this.#tasks.drain();
  }
}
