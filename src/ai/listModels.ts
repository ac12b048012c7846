import type { ProviderConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { AiCapability } from './AiError.ts';
import { createOpenAiClient } from './OpenAiProviderOptions.ts';
import { toAiError } from './toAiError.ts';

/**
 * The model ids a server offers (`GET /v1/models`: OpenAI, Ollama, speaches, Kokoro-FastAPI
 * all answer it), one attempt within the provider's timeout.
 * @throws AiError for `capability` (e.g. HTTP 404 from a server without the listing)
 */
export async function listModels(capability: AiCapability, provider: ProviderConfig, signal?: AbortSignal): Promise<string[]> {
  const client = createOpenAiClient({ ...provider, logger: createLogger({ level: 'silent' }) });
  try {
    const ids: string[] = [];
    for await (const model of client.models.list({ signal: signal ?? AbortSignal.timeout(provider.timeoutMs) })) ids.push(model.id);
    return ids;
  } catch (err) {
    throw toAiError(capability, err);
  }
}
