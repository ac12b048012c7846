import type { LiveButtonAction } from './InterviewRunner.ts';

/** Button actions BOT handles itself (the rest go to the running interview). */
export type BotButtonAction = 'queue-leave' | 'delete-confirm' | 'delete-cancel' | 'history-page' | 'review-open';

/** Select menu actions (the id names whose menu it is; the chosen values come with the interaction). */
export type SelectAction = 'history-open' | 'review-pick';

/**
 * Modal actions (the modal's customId; the submitted inputs come with the interaction). Each
 * feature adds its own: e.g. 'rubric-edit', 'bank-add', 'review-save'.
 */
export type ModalAction = 'review-save' | 'rubric-edit' | 'bank-add';

/** Ids are UUIDs or snowflakes; 64 characters keep every customId within Discord's 100. */
const ID_PATTERN = /^[\w-]{1,64}$/;
const LIVE_ACTIONS: ReadonlySet<string> = new Set<LiveButtonAction>(['repeat', 'done', 'skip', 'end']);
const BOT_ACTIONS: ReadonlySet<string> = new Set<BotButtonAction>(['queue-leave', 'delete-confirm', 'delete-cancel', 'history-page', 'review-open']);
const SELECT_ACTIONS: ReadonlySet<string> = new Set<SelectAction>(['history-open', 'review-pick']);
const MODAL_ACTIONS: ReadonlySet<string> = new Set<ModalAction>(['review-save', 'rubric-edit', 'bank-add']);

/** A parsed `hotseat:<action>:<id>` customId. */
export type ParsedCustomId =
  | { kind: 'live'; action: LiveButtonAction; interviewId: string }
  | { kind: 'bot'; action: BotButtonAction; id: string }
  | { kind: 'select'; action: SelectAction; id: string }
  | { kind: 'modal'; action: ModalAction; id: string };

/** Discord refuses a component whose customId is longer than this. */
export const MAX_CUSTOM_ID_LENGTH = 100;

/**
 * `hotseat:<action>:<id>` (the id is an interview id, a guild id for queue-leave, a history
 * page's encoded state for history-page, the invoking user's id for history-open,
 * `<interviewId>_<question number>` for review-open and review-save).
 * @throws Error for an id {@link parseCustomId} would not accept (a programming error)
 */
export function buildCustomId(action: LiveButtonAction | BotButtonAction | SelectAction | ModalAction, id: string): string {
  const customId = `hotseat:${action}:${id}`;
  if (!ID_PATTERN.test(id) || customId.length > MAX_CUSTOM_ID_LENGTH) throw new Error(`not a valid customId id: ${JSON.stringify(id.slice(0, 80))}`);
  return customId;
}

/** Parses one of our customIds; null for anything else (Discord caps customIds at 100 characters). */
export function parseCustomId(customId: string): ParsedCustomId | null {
  const match = /^hotseat:([a-z-]+):([\w-]{1,64})$/.exec(customId);
  if (!match) return null;
  const [, action = '', id = ''] = match;
  if (LIVE_ACTIONS.has(action)) return { kind: 'live', action: action as LiveButtonAction, interviewId: id };
  if (BOT_ACTIONS.has(action)) return { kind: 'bot', action: action as BotButtonAction, id };
  if (SELECT_ACTIONS.has(action)) return { kind: 'select', action: action as SelectAction, id };
  if (MODAL_ACTIONS.has(action)) return { kind: 'modal', action: action as ModalAction, id };
  return null;
}
