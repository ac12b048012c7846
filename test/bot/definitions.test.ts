import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readArgs } from '../../src/commands/commandArgs.ts';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { InterviewCommand } from '../../src/commands/interviewCommand.ts';

interface Option {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: Option[];
  choices?: Array<{ name: string; value: string | number }>;
  min_value?: number;
  max_value?: number;
  max_length?: number;
}

/** Discord's documented rules for chat input commands and their options. */
function problems(options: Option[], path: string): string[] {
  const out: string[] = [];
  if (options.length > 25) out.push(`${path}: more than 25 options`);
  let seenOptional = false;
  const names = new Set<string>();
  for (const o of options) {
    const here = `${path} ${o.name}`;
    if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(o.name)) out.push(`${here}: bad name`);
    if (names.has(o.name)) out.push(`${here}: duplicate name`);
    names.add(o.name);
    if (o.description.length < 1 || o.description.length > 100) out.push(`${here}: description length ${o.description.length}`);
    if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
      out.push(...problems(o.options ?? [], here));
      continue;
    }
    if (o.required) {
      if (seenOptional) out.push(`${here}: required option after an optional one`);
    } else seenOptional = true;
    if (o.choices) {
      if (o.choices.length > 25) out.push(`${here}: too many choices`);
      for (const c of o.choices) if (c.name.length < 1 || c.name.length > 100) out.push(`${here}: choice name length`);
    }
    if (o.min_value !== undefined && o.max_value !== undefined && o.min_value > o.max_value) out.push(`${here}: min > max`);
  }
  return out;
}

describe('command definitions', () => {
  it('follow Discord’s rules for names, descriptions, option order and counts', () => {
    for (const def of commandDefinitions) {
      expect(def.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(('description' in def ? (def.description ?? '') : '').length).toBeGreaterThan(0);
      expect(problems((('options' in def ? def.options : []) ?? []) as Option[], def.name)).toEqual([]);
    }
  });

  it('offer the subcommands the product needs, guild-only', () => {
    expect(InterviewCommand.options.map((o) => o.name)).toEqual(['start', 'stop', 'history', 'show', 'delete', 'config', 'queue-leave', 'trends', 'review', 'stats', 'rubric', 'bank']);
    expect(InterviewCommand.contexts).toEqual([0]);
    const start = InterviewCommand.options[0];
    expect(start.options.filter((o) => 'required' in o && o.required).map((o) => o.name)).toEqual(['resume']);
    expect(start.options.find((o) => o.name === 'questions')).toMatchObject({ min_value: 1, max_value: 20 });
  });

  it('serialise to JSON unchanged (plain data)', () => {
    expect(JSON.parse(JSON.stringify(commandDefinitions))).toEqual(commandDefinitions);
  });
});

describe('readArgs', () => {
  const values: Record<string, unknown> = { resume: { url: 'u' }, jd_text: 'JD', type: 'hr', questions: 5 };
  const resolver = {
    getString: (n: string) => (values[n] as string | undefined) ?? null,
    getInteger: (n: string) => (values[n] as number | undefined) ?? null,
    getNumber: () => null,
    getBoolean: () => null,
    getUser: () => null,
    getRole: () => null,
    getAttachment: (n: string) => values[n] ?? null,
  } as unknown as Parameters<typeof readArgs>[0];

  it('reads each declared option, undefined when absent', () => {
    const args = readArgs(resolver, InterviewCommand.options[0].options);
    expect(args).toEqual({ resume: { url: 'u' }, jd: undefined, jd_text: 'JD', type: 'hr', questions: 5, job_title: undefined, language: undefined });
  });

  it('rejects a value outside the declared choices', () => {
    values.type = 'sales';
    expect(() => readArgs(resolver, InterviewCommand.options[0].options)).toThrow(/choices/);
    values.type = 'hr';
  });
});

describe('deploy-commands.ts', () => {
  const importsOf = (path: string): string[] =>
    [...readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8').matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');

  it('loads nothing but the configuration and the command definitions (which are plain data)', () => {
    expect(importsOf('deploy-commands.ts').sort()).toEqual(['./src/commands/definitions.ts', './src/config.ts']);
    expect(importsOf('src/commands/definitions.ts').sort()).toEqual(['./interviewCommand.ts', 'discord-api-types/v10']);
    expect(importsOf('src/commands/interviewCommand.ts')).toEqual(['discord-api-types/v10']);
  });
});
