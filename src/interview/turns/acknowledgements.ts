import { type TurnLanguage, turnLanguageOf } from './turnLanguage.ts';

/** What the interviewer says between answers and at the end, per table language. */
interface Lines {
  /** Short acknowledgements said before the next question. */
  acknowledgements: readonly string[];
  /** After the last answer, before the results are posted. */
  closing: string;
  /** When the overall score is known; `{score}` is the score, formatted for the language. */
  overallScore: string;
}

const LINES: Readonly<Record<TurnLanguage, Lines>> = {
  en: {
    acknowledgements: ['Thanks.', 'Got it.', 'Okay, thank you.', 'Thank you.', 'Understood.', 'Alright, thanks.', 'Okay.'],
    closing: "That's the end of the interview — your scores will follow.",
    overallScore: 'Your overall score is {score} out of 10. Well done, and good luck!',
  },
  es: {
    acknowledgements: ['Gracias.', 'Entendido.', 'Vale, gracias.', 'De acuerdo.', 'Muy bien, gracias.'],
    closing: 'Aquí termina la entrevista; enseguida verás tus puntuaciones.',
    overallScore: 'Tu puntuación global es {score} sobre 10. ¡Bien hecho, y mucha suerte!',
  },
  fr: {
    acknowledgements: ['Merci.', "D'accord.", 'Très bien, merci.', 'Entendu.', "D'accord, merci."],
    closing: "L'entretien est terminé ; vos notes vont suivre.",
    overallScore: 'Votre note globale est de {score} sur 10. Bravo, et bonne chance !',
  },
  de: {
    acknowledgements: ['Danke.', 'Verstanden.', 'Okay, danke.', 'Alles klar.', 'Gut, danke.'],
    closing: 'Damit ist das Interview beendet – Ihre Bewertung folgt.',
    overallScore: 'Ihre Gesamtbewertung ist {score} von 10. Gut gemacht, und viel Erfolg!',
  },
  pt: {
    acknowledgements: ['Obrigado.', 'Entendi.', 'Certo, obrigado.', 'Muito bem.', 'Ok, obrigado.'],
    closing: 'A entrevista terminou; as suas notas vêm a seguir.',
    overallScore: 'A sua nota geral é {score} de 10. Parabéns, e boa sorte!',
  },
};

/** Lines of `language`, English when no table covers it (the model-written questions are in the language; these few lines are not). */
function linesFor(language: string): { code: TurnLanguage; lines: Lines } {
  const code = turnLanguageOf(language) ?? 'en';
  return { code, lines: LINES[code] };
}

/**
 * A short acknowledgement to say before the next question, in the interview language, never
 * the same as `previous` (the one said last time, or null).
 * @param random a source in [0, 1); injectable so tests are deterministic
 */
export function acknowledgement(language: string, previous: string | null, random: () => number = Math.random): string {
  const choices = linesFor(language).lines.acknowledgements.filter((a) => a !== previous);
  return choices[Math.min(choices.length - 1, Math.floor(random() * choices.length))] as string;
}

/** Every acknowledgement of `language` (to synthesise them ahead of time). */
export function acknowledgementLines(language: string): readonly string[] {
  return linesFor(language).lines.acknowledgements;
}

/** What the interviewer says after the last answer: the interview is over and scores follow. */
export function closingLine(language: string): string {
  return linesFor(language).lines.closing;
}

/**
 * The one sentence that says the overall score (0–10, shown with at most one decimal, in the
 * language's number format) and says goodbye.
 * @throws RangeError when the score is not a number from 0 to 10
 */
export function overallScoreLine(language: string, score: number): string {
  if (!Number.isFinite(score) || score < 0 || score > 10) throw new RangeError(`overall score must be 0–10, got ${score}`);
  const { code, lines } = linesFor(language);
  const formatted = new Intl.NumberFormat(code, { maximumFractionDigits: 1 }).format(score);
  return lines.overallScore.replace('{score}', formatted);
}
