import { z } from 'zod';
import { OpenAiLanguageModel } from '../ai/OpenAiLanguageModel.ts';
import type { Config } from '../config.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { checkModelListed } from './checkModelListed.ts';
import { describeAiFailure } from './describeAiFailure.ts';
import { doctorLogger } from './doctorLogger.ts';

const NAME = 'Chat model';

/** What the check asks for: a strict schema with an enum, as the interview's own schemas use. */
export const HealthCheckSchema = z.object({ status: z.enum(['ok']), word: z.string() });
export const HEALTH_CHECK_SCHEMA_NAME = 'health_check';

/**
 * One structured call through the real {@link OpenAiLanguageModel} (strict `json_schema`, one
 * attempt): the server must answer JSON matching the schema. Says so when the server refused
 * `json_schema` and the provider fell back to `json_object` (it works, less strictly).
 */
export async function checkChatModel(config: Config['llm']): Promise<CheckResult> {
  const unlisted = await checkModelListed(NAME, 'llm', 'LLM', config);
  if (unlisted) return unlisted;
  const { logger, warnings } = doctorLogger();
  const llm = new OpenAiLanguageModel({ ...config, maxRetries: 0, logger });
  const startedMs = performance.now();
  try {
    await llm.structured(
      [
        { role: 'system', content: 'You are a health check. Reply with JSON only.' },
        { role: 'user', content: 'Reply with status "ok" and the word "hello".' },
      ],
      HealthCheckSchema,
      HEALTH_CHECK_SCHEMA_NAME,
      { temperature: 0, maxOutputTokens: 50 },
    );
  } catch (err) {
    const { detail, fix } = describeAiFailure('LLM', config, err);
    return fail(NAME, `${config.model}: ${detail}`, fix);
  }
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  const fellBack = warnings.some((w) => w.includes('refused json_schema'));
  return pass(NAME, `${config.model} answered a strict JSON schema in ${seconds} s${fellBack ? ' (the server refused json_schema: json_object with the schema in the prompt is used instead)' : ''}`);
}
