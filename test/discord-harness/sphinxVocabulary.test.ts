import { describe, expect, it } from 'vitest';
import { synthesizeWithFestival } from '../harness/speech/festival.ts';
import { recognizeWithPocketsphinx } from '../harness/speech/pocketsphinx.ts';
import { bigramArpa, punctuateFromCorpus, sphinxVocabulary, wordsOf } from '../harness/speech/sphinxVocabulary.ts';

const CORPUS = ['I would roll back the deployment.', 'We agreed on a plan together.', 'Give me a second.', 'So, um', 'zzyzx'];

describe('pocketsphinx with a corpus language model (the fast STT stand-in of benchmarks)', () => {
  it('recognises the corpus\'s sentences from audio, and hears only corpus words in other speech', async () => {
    for (const text of CORPUS.slice(0, 3)) {
      const wav = await synthesizeWithFestival(text, { sampleRateHz: 16_000 });
      expect(await recognizeWithPocketsphinx(wav, { corpus: CORPUS })).toBe(wordsOf(text).join(' '));
    }
    const other = await synthesizeWithFestival('Kubernetes clusters everywhere.', { sampleRateHz: 16_000 });
    const heard = (await recognizeWithPocketsphinx(other, { corpus: CORPUS })).split(' ').filter(Boolean);
    const vocabulary = new Set(CORPUS.flatMap(wordsOf));
    for (const w of heard) expect(vocabulary.has(w)).toBe(true);
    expect((await sphinxVocabulary(CORPUS, '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict')).unknown).toEqual(['zzyzx']);
  }, 60_000);

  it('writes a bigram ARPA model whose seen pairs and backoff add up to one', () => {
    const arpa = bigramArpa([['a', 'b'], ['a', 'c']], ['a', 'b', 'c']);
    expect(arpa).toContain('ngram 1=5');
    const pairs = arpa.slice(arpa.indexOf('\\2-grams:')).split('\n').slice(1).filter((l) => l.split(' ').length === 3);
    const bigram = (from: string): number[] => pairs.filter((l) => l.split(' ')[1] === from).map((l) => 10 ** Number(l.split(' ')[0]));
    expect(bigram('<s>')).toHaveLength(1);
    expect(bigram('a').reduce((x, y) => x + y, 0)).toBeCloseTo(0.9, 3);
  });

  it('punctuates a recognised corpus sentence as the corpus writes it, and nothing else', () => {
    expect(punctuateFromCorpus('i would roll back the deployment', CORPUS)).toBe('I would roll back the deployment.');
    expect(punctuateFromCorpus('so um', CORPUS)).toBe('So, um');
    expect(punctuateFromCorpus('i would roll back', CORPUS)).toBe('i would roll back');
    expect(punctuateFromCorpus('', CORPUS)).toBe('');
  });
});
