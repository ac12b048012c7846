import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names whose values are personal data or secrets: replaced wherever they appear. */
const REDACT_PATHS = [
  'token', 'apiKey', 'authorization', 'headers.authorization', 'resume', 'resumeText', 'jd', 'jobDescription',
  'answer', 'transcript', 'answerTranscript', 'text', 'prompt', 'serviceRoleKey',
  '*.token', '*.apiKey', '*.authorization', '*.resume', '*.resumeText', '*.jobDescription', '*.answer',
  '*.transcript', '*.answerTranscript', '*.prompt', '*.serviceRoleKey',
];

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
