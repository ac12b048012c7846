import { type TurnLanguage, turnLanguagesFor, utteranceWords } from './turnLanguage.ts';

/** What a candidate can say instead of answering; each acts like its button. */
export type VoiceCommandName = 'repeat' | 'skip' | 'done' | 'end';

/** A recognised command and what was heard (the utterance, whitespace-normalised, for the card). */
export interface VoiceCommand {
  command: VoiceCommandName;
  heard: string;
}

/** Longer utterances are answers, never commands. */
export const MAX_COMMAND_WORDS = 8;

interface CommandTable {
  /** Phrases per command, as spoken. */
  phrases: Readonly<Record<VoiceCommandName, readonly string[]>>;
  /** Words that may surround a command without making it an answer (politeness, fillers, STT noise). */
  padding: readonly string[];
}

const TABLES: Readonly<Record<TurnLanguage, CommandTable>> = {
  en: {
    phrases: {
      end: ['end the interview', 'stop the interview', 'end interview', 'stop interview', 'finish the interview', 'quit the interview', 'end this interview'],
      skip: ['skip', 'skip this one', 'skip this question', 'skip the question', 'next question', 'pass'],
      repeat: [
        'repeat the question', 'repeat that', 'repeat it', 'repeat', 'say that again', 'say it again', 'come again',
        'what was the question', 'repeat the last question', 'pardon',
      ],
      done: ['im done', 'i am done', 'thats my answer', 'that is my answer', 'im finished', 'i am finished', 'done', 'finished', 'thats all i have'],
    },
    padding: [
      'please', 'sorry', 'can', 'could', 'would', 'you', 'um', 'uh', 'and', 'so', 'okay', 'ok', 'oh', 'well', 'just', 'again', 'hey',
      'actually', 'i', 'think', 'yeah', 'yes', 'now', 'for', 'me', 'the', 'question', 'let', 'lets', 'thanks', 'thank', 'once', 'more',
      'one', 'time', 'mind', 'excuse', 'a', 'bit', 'louder',
    ],
  },
  es: {
    phrases: {
      end: ['terminar la entrevista', 'termina la entrevista', 'finalizar la entrevista', 'acabar la entrevista', 'parar la entrevista'],
      skip: ['siguiente pregunta', 'saltar', 'salta', 'paso', 'siguiente', 'pasar'],
      repeat: ['repite la pregunta', 'repita la pregunta', 'repetir la pregunta', 'puede repetir', 'puedes repetir', 'repite', 'repita', 'otra vez'],
      done: ['he terminado', 'terminé', 'ya terminé', 'esa es mi respuesta', 'listo', 'ya está'],
    },
    padding: ['por', 'favor', 'perdón', 'perdone', 'disculpe', 'puede', 'puedes', 'podría', 'me', 'la', 'eh', 'y', 'bueno', 'vale', 'pregunta', 'lo', 'eso', 'ya'],
  },
  fr: {
    phrases: {
      end: ["arrêter l'entretien", "terminer l'entretien", "fin de l'entretien", "arrête l'entretien", "finir l'entretien", "arrêter l'entrevue"],
      skip: ['question suivante', 'passer', 'je passe', 'suivante', 'on passe'],
      repeat: ['répéter la question', 'répétez la question', 'répète la question', 'pouvez vous répéter', 'vous pouvez répéter', 'répétez', 'répéter'],
      done: ["j'ai fini", "j'ai terminé", "c'est ma réponse", 'terminé', 'fini'],
    },
    padding: ["s'il", 'vous', 'plaît', 'pardon', 'désolé', 'excusez', 'moi', 'pouvez', 'peux', 'tu', 'euh', 'et', 'bon', 'encore', 'la', 'question', 'une', 'fois'],
  },
  de: {
    phrases: {
      end: ['interview beenden', 'das interview beenden', 'beende das interview', 'beenden sie das interview', 'gespräch beenden', 'interview abbrechen'],
      skip: ['nächste frage', 'überspringen', 'weiter'],
      repeat: ['frage wiederholen', 'wiederholen sie die frage', 'die frage wiederholen', 'wiederholen', 'noch einmal', 'nochmal'],
      done: ['ich bin fertig', 'fertig', 'das ist meine antwort'],
    },
    padding: ['bitte', 'entschuldigung', 'sorry', 'können', 'könnten', 'sie', 'kannst', 'du', 'die', 'frage', 'äh', 'ähm', 'und', 'also', 'noch', 'mal', 'einmal', 'jetzt'],
  },
  pt: {
    phrases: {
      end: ['encerrar a entrevista', 'terminar a entrevista', 'parar a entrevista', 'acabar a entrevista', 'finalizar a entrevista'],
      skip: ['próxima pergunta', 'pular', 'pula', 'passo', 'próxima'],
      repeat: ['repetir a pergunta', 'repete a pergunta', 'repita a pergunta', 'pode repetir', 'repete', 'repita', 'de novo'],
      done: ['terminei', 'acabei', 'essa é minha resposta', 'essa é a minha resposta'],
    },
    padding: ['por', 'favor', 'desculpa', 'desculpe', 'pode', 'você', 'voce', 'me', 'a', 'é', 'e', 'hum', 'bom', 'então', 'pergunta', 'isso', 'mais', 'uma', 'vez'],
  },
};

/** Checked in this order: ending the interview outranks skipping, skipping outranks repeating. */
const ORDER: readonly VoiceCommandName[] = ['end', 'skip', 'repeat', 'done'];

/** Words not part of the command that may stay unexplained (STT noise), for phrases of 3+ words. */
const MAX_UNKNOWN_WORDS = 1;

/**
 * Recognises a spoken command in a short utterance at the start of a segment (English and the
 * interview language): "can you repeat the question", "skip", "next question", "I'm done",
 * "that's my answer", "end the interview". Robust to unpunctuated lower-case STT output and to
 * padding ("and can you repeat the question please"), but only short utterances
 * (≤ {@link MAX_COMMAND_WORDS} words) that are mainly the command: "I repeated the question to the
 * team" and "we skipped the tests" are answers.
 * @returns the command, or null when the utterance is not one
 */
export function voiceCommand(utterance: string, language: string): VoiceCommand | null {
  const words = utteranceWords(utterance);
  if (words.length === 0 || words.length > MAX_COMMAND_WORDS) return null;
  const tables = turnLanguagesFor(language).map((l) => TABLES[l]);
  const padding = new Set(tables.flatMap((t) => t.padding.flatMap(utteranceWords)));
  for (const command of ORDER) {
    for (const table of tables) {
      for (const phrase of table.phrases[command].map(utteranceWords)) {
        const at = indexOfPhrase(words, phrase);
        if (at < 0) continue;
        const rest = [...words.slice(0, at), ...words.slice(at + phrase.length)];
        const unknown = rest.filter((w) => !padding.has(w)).length;
        if (unknown <= (phrase.length >= 3 ? MAX_UNKNOWN_WORDS : 0)) return { command, heard: utterance.trim().replace(/\s+/g, ' ') };
      }
    }
  }
  return null;
}

function indexOfPhrase(words: readonly string[], phrase: readonly string[]): number {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) continue outer;
    return i;
  }
  return -1;
}
