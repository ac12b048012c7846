import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { InterviewCommand } from './interviewCommand.ts';

/** Every command Hotseat registers; `deploy-commands.ts` sends exactly this list. */
export const commandDefinitions: readonly RESTPostAPIApplicationCommandsJSONBody[] = [InterviewCommand];
