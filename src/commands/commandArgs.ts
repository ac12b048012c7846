import { ApplicationCommandOptionType, type APIRole } from 'discord-api-types/v10';
import type { Attachment, CommandInteractionOptionResolver, Role, User } from 'discord.js';

/** The subset of an option definition the argument types are derived from. */
interface OptionShape {
  readonly type: ApplicationCommandOptionType;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly { readonly value: string | number }[];
}

/** The value a handler receives for one option definition. */
type OptionValue<O extends OptionShape> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : O['type'] extends ApplicationCommandOptionType.String
    ? string
    : O['type'] extends ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number
      ? number
      : O['type'] extends ApplicationCommandOptionType.Boolean
        ? boolean
        : O['type'] extends ApplicationCommandOptionType.User
          ? User
          : O['type'] extends ApplicationCommandOptionType.Role
            ? Role | APIRole
            : O['type'] extends ApplicationCommandOptionType.Attachment
              ? Attachment
              : O['type'] extends ApplicationCommandOptionType.Channel
                ? NonNullable<ReturnType<CommandInteractionOptionResolver['getChannel']>>
                : never;

/** Handler arguments derived from a list of option definitions: required ones are never undefined. */
export type ArgsOf<Options extends readonly OptionShape[]> = {
  [O in Options[number] as O['name']]: O extends { readonly required: true } ? OptionValue<O> : OptionValue<O> | undefined;
};

/** Arguments of subcommand `Name` of a command definition. */
export type SubcommandArgs<
  Command extends { readonly options: readonly { readonly name: string; readonly options?: readonly OptionShape[] }[] },
  Name extends Command['options'][number]['name'],
> = Extract<Command['options'][number], { readonly name: Name }> extends { readonly options: infer O extends readonly OptionShape[] }
  ? ArgsOf<O>
  : Record<string, never>;

/** The option resolver methods used here (a discord.js `CommandInteractionOptionResolver`). */
type Resolver = Pick<CommandInteractionOptionResolver, 'getString' | 'getInteger' | 'getNumber' | 'getBoolean' | 'getUser' | 'getRole' | 'getAttachment' | 'getChannel'>;

/**
 * Reads the options a definition declares from an interaction, typed by that definition.
 * Values Discord did not send are `undefined`; Discord enforces `required` and choices, but a
 * choice value is checked again here because the typed result promises it.
 */
export function readArgs<Options extends readonly OptionShape[]>(resolver: Resolver, options: Options | undefined): ArgsOf<Options> {
  const out: Record<string, unknown> = {};
  for (const option of options ?? []) {
    let value: unknown;
    switch (option.type) {
      case ApplicationCommandOptionType.String:
        value = resolver.getString(option.name);
        break;
      case ApplicationCommandOptionType.Integer:
        value = resolver.getInteger(option.name);
        break;
      case ApplicationCommandOptionType.Number:
        value = resolver.getNumber(option.name);
        break;
      case ApplicationCommandOptionType.Boolean:
        value = resolver.getBoolean(option.name);
        break;
      case ApplicationCommandOptionType.User:
        value = resolver.getUser(option.name);
        break;
      case ApplicationCommandOptionType.Role:
        value = resolver.getRole(option.name);
        break;
      case ApplicationCommandOptionType.Attachment:
        value = resolver.getAttachment(option.name);
        break;
      case ApplicationCommandOptionType.Channel:
        value = resolver.getChannel(option.name);
        break;
      default:
        throw new Error(`readArgs: unsupported option type ${option.type} for "${option.name}"`);
    }
    if (value !== null && option.choices && !option.choices.some((c) => c.value === value)) {
      throw new Error(`readArgs: "${option.name}" is not one of the declared choices`);
    }
    out[option.name] = value ?? undefined;
  }
  return out as ArgsOf<Options>;
}
