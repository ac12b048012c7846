import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { CapabilityHealth } from './CapabilityHealth.ts';
import type { LanguageModel } from './LanguageModel.ts';
import { OpenAiLanguageModel } from './OpenAiLanguageModel.ts';
import { OpenAiSpeechToText } from './OpenAiSpeechToText.ts';
import { OpenAiTextToSpeech } from './OpenAiTextToSpeech.ts';
import type { SpeechToText } from './SpeechToText.ts';
import type { TextToSpeech } from './TextToSpeech.ts';
import { withCapabilityHealth } from './withCapabilityHealth.ts';

/** The three AI capabilities the bot uses, and the record of their last outcomes. */
export interface AiProviders {
  llm: LanguageModel;
  stt: SpeechToText;
  tts: TextToSpeech;
  /** Last success and failure per capability, for /health (`HealthServer.start({ aiHealth })`). */
  health: CapabilityHealth;
}

/**
 * Builds the OpenAI-compatible providers from config: each capability has its own base URL,
 * key, model, timeout and retry count, so chat can go to Ollama and speech elsewhere. Every
 * call is recorded in `health`.
 */
export function createAiProviders(config: Config, logger: Logger, opts: { now?: () => number } = {}): AiProviders {
  const health = new CapabilityHealth(opts.now);
  const recorded = withCapabilityHealth(
    {
      llm: new OpenAiLanguageModel({ ...config.llm, logger }),
      stt: new OpenAiSpeechToText({ ...config.stt, logger }),
      tts: new OpenAiTextToSpeech({ ...config.tts, logger }),
    },
    health,
  );
  return { ...recorded, health };
}
