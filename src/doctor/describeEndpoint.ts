import { OPENAI_DEFAULT_BASE_URL } from '../ai/OpenAiProviderOptions.ts';

/** A base URL as the doctor prints it: origin and path, without any user:password part or query. */
export function describeEndpoint(baseUrl: string | undefined): string {
  try {
    const url = new URL(baseUrl ?? OPENAI_DEFAULT_BASE_URL);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}
