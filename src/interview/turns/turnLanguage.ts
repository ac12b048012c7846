/**
 * The languages the turn-taking tables cover (end-of-answer cues, voice commands,
 * acknowledgements). English is always checked too: candidates mix it in, and it is the default.
 */
export type TurnLanguage = 'en' | 'es' | 'fr' | 'de' | 'pt';

/** Every {@link TurnLanguage}, English first. */
export const TURN_LANGUAGES: readonly TurnLanguage[] = ['en', 'es', 'fr', 'de', 'pt'];

/** Names (English and native, without accents) and codes of each table language. */
const NAMES: Record<string, TurnLanguage> = {
  en: 'en', english: 'en', ingles: 'en', anglais: 'en', englisch: 'en',
  es: 'es', spanish: 'es', espanol: 'es', castellano: 'es', espagnol: 'es', spanisch: 'es', espanhol: 'es',
  fr: 'fr', french: 'fr', francais: 'fr', frances: 'fr', franzosisch: 'fr',
  de: 'de', german: 'de', deutsch: 'de', aleman: 'de', allemand: 'de', alemao: 'de',
  pt: 'pt', portuguese: 'pt', portugues: 'pt', portugais: 'pt', portugiesisch: 'pt', brazilian: 'pt',
};

/** Lower case, accents removed (é → e, ä → a), typographic apostrophes made plain. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`´]/g, "'").toLowerCase();
}

/**
 * The table language of an interview language as the candidate typed it ("English",
 * "Français", "Portuguese (Brazil)", "pt-BR"...), or null when no table covers it (then only
 * English cues apply and the model decides the rest).
 */
export function turnLanguageOf(language: string): TurnLanguage | null {
  const first = foldAccents(language.trim()).split(/[\s()_-]+/)[0] ?? '';
  return NAMES[first] ?? null;
}

/** The languages whose tables apply to an interview in `language`: English, plus its own. */
export function turnLanguagesFor(language: string): TurnLanguage[] {
  const own = turnLanguageOf(language);
  return own && own !== 'en' ? ['en', own] : ['en'];
}

/**
 * Words of an utterance for matching against the tables: accents folded, apostrophes dropped
 * ("that's" → "thats", so STT spellings with and without them match), everything else that
 * is not a letter or a digit is a separator.
 */
export function utteranceWords(text: string): string[] {
  return foldAccents(text)
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
