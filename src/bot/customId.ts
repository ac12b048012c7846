import type { LiveButtonAction } from './InterviewRunner.ts';

/** Button actions BOT handles itself (the rest go to the running interview). */
export type BotButtonAction = 'queue-leave' | 'delete-confirm' | 'delete-cancel';

const LIVE_ACTIONS: ReadonlySet<string> = new Set<LiveButtonAction>(['repeat', 'done', 'skip', 'end']);
const BOT_ACTIONS: ReadonlySet<string> = new Set<BotButtonAction>(['queue-leave', 'delete-confirm', 'delete-cancel']);

/** A parsed `hotseat:<action>:<id>` customId. */
export type ParsedCustomId =
  | { kind: 'live'; action: LiveButtonAction; interviewId: string }
  | { kind: 'bot'; action: BotButtonAction; id: string };

/** `hotseat:<action>:<id>` (the id is an interview id, or a guild id for queue-leave). */
export function buildCustomId(action: LiveButtonAction | BotButtonAction, id: string): string {
  return `hotseat:${action}:${id}`;
}

/** Parses one of our customIds; null for anything else (Discord caps customIds at 100 characters). */
export function parseCustomId(customId: string): ParsedCustomId | null {
  const match = /^hotseat:([a-z-]+):([\w-]{1,80})$/.exec(customId);
  if (!match) return null;
  const [, action = '', id = ''] = match;
  if (LIVE_ACTIONS.has(action)) return { kind: 'live', action: action as LiveButtonAction, interviewId: id };
  if (BOT_ACTIONS.has(action)) return { kind: 'bot', action: action as BotButtonAction, id };
  return null;
}
