import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

/** A logger writing its JSON lines into an array, with the given secrets. */
function capture(secrets: string[] = []): { logger: ReturnType<typeof createLogger>; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', secrets, destination }), lines: () => chunks.join('') };
}

describe('createLogger', () => {
  it('redacts personal fields at the top level and one level down, keeping ids', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        guildId: 'g-1',
        interviewId: 'iv-1',
        resumeText: 'RESUME-SECRET-1',
        jobDescriptionText: 'JD-SECRET-2',
        transcript: 'TRANSCRIPT-SECRET-3',
        text: 'TEXT-SECRET-4',
        answer: { transcript: 'TRANSCRIPT-SECRET-5', text: 'TEXT-SECRET-6' },
        request: { resumeText: 'RESUME-SECRET-7', jobDescriptionText: 'JD-SECRET-8', prompt: 'PROMPT-SECRET-9' },
        segment: { text: 'TEXT-SECRET-10', partialText: 'PARTIAL-SECRET-11' },
      },
      'something happened',
    );
    const out = lines();
    expect(out).toContain('"guildId":"g-1"');
    expect(out).toContain('"interviewId":"iv-1"');
    expect(out).toContain('something happened');
    expect(out).not.toMatch(/SECRET-\d+/);
  });

  it('masks configured secrets wherever they appear, including error messages and stacks', () => {
    const token = 'MTIzNDU2Nzg5.discord-token-value';
    const apiKey = 'sk-live-0123456789abcdef';
    const { logger, lines } = capture([token, apiKey]);
    logger.error({ err: new Error(`401 with Bot ${token} and key ${apiKey}`) }, `request failed for ${apiKey}`);
    const out = lines();
    expect(out).toContain('401 with Bot [secret]');
    expect(out).not.toContain(token);
    expect(out).not.toContain(apiKey);
  });

  it('ignores secrets too short to mask safely', () => {
    const { logger, lines } = capture(['abc']);
    logger.info('abc stays readable');
    expect(lines()).toContain('abc stays readable');
  });
});

describe('createLogger: Discord API errors', () => {
  it('never logs the request body of a failed Discord call (it holds card text, i.e. answers)', async () => {
    const { DiscordAPIError } = await import('@discordjs/rest');
    const { logger, lines } = capture();
    const body = { embeds: [{ description: 'ANSWER-SECRET-1 my last project' }], content: 'ANSWER-SECRET-2' };
    const err = new DiscordAPIError({ code: 50035, message: 'Invalid Form Body' }, 50035, 400, 'PATCH', 'https://discord.com/api/v10/channels/1/messages/2', { body, files: undefined });
    logger.warn({ err }, 'could not edit the question card');
    logger.warn({ err: new Error('wrapped', { cause: err }) }, 'wrapped failure');
    const out = lines();
    expect(out).toContain('Invalid Form Body');
    expect(out).toContain('could not edit the question card');
    expect(out).not.toMatch(/ANSWER-SECRET/);
  });
});
