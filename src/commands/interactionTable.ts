import type { ChatInputCommandInteraction } from 'discord.js';
import type { ModalAction, SelectAction } from '../bot/customId.ts';
import type { AutocompleteHandler } from './AutocompleteHandler.ts';
import type { ButtonAction, ButtonHandler } from './ButtonHandler.ts';
import { readArgs, type SubcommandArgs } from './commandArgs.ts';
import type { CommandContext } from './CommandContext.ts';
import { handleConfig } from './interview/handleConfig.ts';
import { handleDelete, handleDeleteButton } from './interview/handleDelete.ts';
import { autocompleteInterviewId } from './interview/autocompleteInterviewId.ts';
import { handleHistory, handleHistoryButton, handleHistorySelect } from './interview/handleHistory.ts';
import { handleLiveButton } from './interview/handleLiveButton.ts';
import { handleQueueLeave, handleQueueLeaveButton } from './interview/handleQueueLeave.ts';
import { handleShow } from './interview/handleShow.ts';
import { handleStart } from './interview/handleStart.ts';
import { handleStop } from './interview/handleStop.ts';
import { handleTrends } from './interview/handleTrends.ts';
import { handleReview, handleReviewButton, handleReviewSelect } from './interview/handleReview.ts';
import { handleReviewSave } from './interview/handleReviewSave.ts';
import { handleStats } from './interview/handleStats.ts';
import { handleRubric } from './interview/handleRubric.ts';
import { handleRubricModal } from './interview/handleRubricModal.ts';
import { InterviewCommand } from './interviewCommand.ts';
import { handleBank } from './interview/bank/handleBank.ts';
import { handleBankAddModal } from './interview/bank/handleBankAdd.ts';
import { autocompleteBankQuestion } from './interview/bank/autocompleteBankQuestion.ts';
import type { ModalHandler } from './ModalHandler.ts';
import type { SelectHandler } from './SelectHandler.ts';
import type { InterviewSubcommand, SubcommandHandler } from './SubcommandHandler.ts';

/** A subcommand handler with its arguments already read from the interaction. */
export type ChatInputRoute = (interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext) => Promise<void>;

/**
 * Every interaction Hotseat answers, as data: command name → subcommand name → handler; button,
 * select menu and modal action → handler; command → subcommand → option → autocomplete handler.
 * {@link ./routeInteraction.ts} looks handlers up here and runs them inside its one error
 * boundary; an interaction with no entry is not ours and is ignored.
 */
export interface InteractionTable {
  readonly commands: Readonly<Record<string, Readonly<Record<string, ChatInputRoute>>>>;
  readonly buttons: { readonly [A in ButtonAction]: ButtonHandler<A> };
  readonly selects: { readonly [A in SelectAction]: SelectHandler<A> };
  readonly modals: { readonly [A in ModalAction]: ModalHandler<A> };
  /** Every option declared with `autocomplete: true` has an entry (test/commands checks it). */
  readonly autocomplete: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, AutocompleteHandler>>>>>>;
}

/** Reads subcommand `name`'s options, typed by the `/interview` definition. */
function argsOf<N extends InterviewSubcommand>(interaction: ChatInputCommandInteraction<'cached'>, name: N): SubcommandArgs<typeof InterviewCommand, N> {
  const definition = InterviewCommand.options.find((o) => o.name === name);
  const options = definition && 'options' in definition ? definition.options : undefined;
  // readArgs returns exactly these options' types; TypeScript cannot narrow the union by `name`.
  return readArgs(interaction.options, options) as unknown as SubcommandArgs<typeof InterviewCommand, N>;
}

/** Binds `handler` to the options its subcommand declares. */
function subcommand<N extends InterviewSubcommand>(name: N, handler: SubcommandHandler<N>): ChatInputRoute {
  return (interaction, ctx) => handler(interaction, argsOf(interaction, name), ctx);
}

const interviewSubcommands = {
  start: subcommand('start', handleStart),
  stop: subcommand('stop', handleStop),
  history: subcommand('history', handleHistory),
  show: subcommand('show', handleShow),
  delete: subcommand('delete', handleDelete),
  config: subcommand('config', handleConfig),
  'queue-leave': subcommand('queue-leave', handleQueueLeave),
  trends: subcommand('trends', handleTrends),
  review: subcommand('review', handleReview),
  stats: subcommand('stats', handleStats),
  rubric: subcommand('rubric', handleRubric),
  // A subcommand group: handleBank reads and dispatches `/interview bank add|import|list|remove`.
  bank: handleBank,
} as const satisfies Record<InterviewSubcommand, ChatInputRoute>;

/** The table the bot runs with. */
export const interactionTable: InteractionTable = {
  commands: { [InterviewCommand.name]: interviewSubcommands },
  buttons: {
    repeat: handleLiveButton,
    done: handleLiveButton,
    skip: handleLiveButton,
    end: handleLiveButton,
    'queue-leave': handleQueueLeaveButton,
    'delete-confirm': handleDeleteButton,
    'delete-cancel': handleDeleteButton,
    'history-page': handleHistoryButton,
    'review-open': handleReviewButton,
  },
  selects: { 'history-open': handleHistorySelect, 'review-pick': handleReviewSelect },
  modals: { 'review-save': handleReviewSave, 'rubric-edit': handleRubricModal, 'bank-add': handleBankAddModal },
  autocomplete: { [InterviewCommand.name]: { show: { id: autocompleteInterviewId }, delete: { id: autocompleteInterviewId }, review: { id: autocompleteInterviewId }, remove: { id: autocompleteBankQuestion } } },
};
