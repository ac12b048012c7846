import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names whose values are personal data or secrets: replaced wherever they appear. */
const REDACTED_FIELDS = [
  'token', 'apiKey', 'authorization', 'serviceRoleKey',
  'resume', 'resumeText', 'jd', 'jobDescription', 'jobDescriptionText',
  'answer', 'answerTranscript', 'transcript', 'partialText', 'text', 'prompt', 'content',
  // discord.js's DiscordAPIError keeps the request it failed on (message content, card embeds).
  'requestBody',
];
/** Each field at the top level and one level down (pino's `*.` wildcard matches one level). */
const REDACT_PATHS = [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)];

/**
 * Structured JSON logger. Known personal/secret fields are redacted by name, and every secret
 * value is masked in the written line as a second line of defence (e.g. inside error messages).
 */
export function createLogger(opts: { level: string; secrets?: string[]; destination?: DestinationStream }): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 8);
  return pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        streamWrite: (line) => {
          let out = line;
          for (const s of secrets) out = out.split(s).join('[secret]');
          return out;
        },
      },
    },
    opts.destination,
  );
}
