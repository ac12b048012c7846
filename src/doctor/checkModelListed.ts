import type { AiCapability } from '../ai/AiError.ts';
import { listModels } from '../ai/listModels.ts';
import type { ProviderConfig } from '../config.ts';
import { fail, type CheckResult } from './CheckResult.ts';
import type { CapabilityPrefix } from './describeAiFailure.ts';
import { describeEndpoint } from './describeEndpoint.ts';

/** How many available ids the message lists. */
const MAX_LISTED = 12;

/**
 * Asks the server which models it has (`GET /v1/models`). A server that lists models but not
 * the configured one fails the check with the list; a server without the listing (or one that
 * refuses it) is not held against the configuration: the real call that follows decides.
 * @returns a failing result, or null when the model is listed or the listing is unavailable
 */
export async function checkModelListed(name: string, capability: AiCapability, prefix: CapabilityPrefix, provider: ProviderConfig): Promise<CheckResult | null> {
  let ids: string[];
  try {
    ids = await listModels(capability, provider);
  } catch {
    return null;
  }
  if (ids.length === 0 || ids.includes(provider.model)) return null;
  const shown = ids.slice(0, MAX_LISTED).join(', ') + (ids.length > MAX_LISTED ? `, … (${ids.length} in all)` : '');
  return fail(
    name,
    `model "${provider.model}" not found on ${describeEndpoint(provider.baseUrl)}, available: ${shown}`,
    `set ${prefix}_MODEL to one of them${capability === 'llm' ? ` (Ollama: ollama pull ${provider.model})` : capability === 'stt' ? ' (speaches: POST /v1/models/<id> downloads one)' : ''}`,
  );
}
