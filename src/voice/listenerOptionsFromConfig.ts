import type { Config } from '../config.ts';
import type { AnswerListenerOptions } from './AnswerListener.ts';

/** The configured end-of-answer and segmentation timings, to spread into {@link AnswerListenerOptions}. */
export function listenerOptionsFromConfig(
  config: Pick<Config, 'interview' | 'voice'>,
): Pick<AnswerListenerOptions, 'endOfAnswerSilenceMs' | 'maxAnswerMs' | 'noSpeechTimeoutMs' | 'segmentSilenceMs' | 'maxSegmentMs' | 'prerollMs'> {
  return {
    endOfAnswerSilenceMs: config.interview.endOfAnswerSilenceMs,
    maxAnswerMs: config.interview.maxAnswerMs,
    noSpeechTimeoutMs: config.interview.noSpeechTimeoutMs,
    segmentSilenceMs: config.voice.segmentSilenceMs,
    maxSegmentMs: config.voice.maxSegmentMs,
    prerollMs: config.voice.prerollMs,
  };
}
