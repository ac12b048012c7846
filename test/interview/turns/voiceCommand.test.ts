import { describe, expect, it } from 'vitest';
import { voiceCommand } from '../../../src/interview/turns/voiceCommand.ts';

const COMMANDS: Array<[utterance: string, language: string, command: string]> = [
  ['Can you repeat the question?', 'English', 'repeat'],
  ['Sorry, could you repeat that?', 'English', 'repeat'],
  ['say that again', 'English', 'repeat'],
  ['and can you repeat the question please', 'English', 'repeat'], // pocketsphinx, with extra words
  ['um sorry what was the question', 'English', 'repeat'],
  ['Skip.', 'English', 'skip'],
  ['next question please', 'English', 'skip'],
  ["I'm done.", 'English', 'done'],
  ['im done', 'English', 'done'],
  ["That's my answer.", 'English', 'done'],
  ['okay thats my answer', 'English', 'done'],
  ['End the interview.', 'English', 'end'],
  ['please stop the interview now', 'English', 'end'],
  ['¿Puede repetir la pregunta, por favor?', 'Español', 'repeat'],
  ['Siguiente pregunta.', 'Español', 'skip'],
  ['He terminado.', 'Español', 'done'],
  ['Terminar la entrevista.', 'Spanish', 'end'],
  ['Pouvez-vous répéter la question ?', 'Français', 'repeat'],
  ['Question suivante.', 'French', 'skip'],
  ["J'ai fini.", 'Français', 'done'],
  ["Arrêter l'entretien, s'il vous plaît.", 'Français', 'end'],
  ['Können Sie die Frage wiederholen?', 'Deutsch', 'repeat'],
  ['Nächste Frage, bitte.', 'German', 'skip'],
  ['Ich bin fertig.', 'Deutsch', 'done'],
  ['Das Interview beenden.', 'Deutsch', 'end'],
  ['Pode repetir a pergunta?', 'Português', 'repeat'],
  ['Próxima pergunta.', 'Portuguese', 'skip'],
  ['Terminei.', 'Português', 'done'],
  ['Encerrar a entrevista.', 'pt-BR', 'end'],
  // English commands work in any interview language.
  ['can you repeat the question', 'Français', 'repeat'],
];

const ANSWERS: Array<[utterance: string, language: string]> = [
  ['I repeated the question to the team', 'English'],
  ['i repeat the question to the team', 'English'],
  ['we skipped the tests', 'English'],
  ['skip the tests and ship', 'English'],
  ["I've done that many times", 'English'],
  ['we were done with the migration in march', 'English'],
  ['At the end of the interview process we hired two engineers.', 'English'],
  ['so the next question we asked ourselves was about cost and latency for users', 'English'],
  ['In my last project I built a distributed cache', 'English'],
  ['Repetí la pregunta a mi equipo', 'Español'],
  ['', 'English'],
];

describe('voiceCommand', () => {
  for (const [utterance, language, command] of COMMANDS) {
    it(`hears ${command} in "${utterance}" (${language})`, () => {
      expect(voiceCommand(utterance, language)).toEqual({ command, heard: utterance.trim() });
    });
  }

  for (const [utterance, language] of ANSWERS) {
    it(`hears no command in the answer "${utterance}"`, () => {
      expect(voiceCommand(utterance, language)).toBeNull();
    });
  }

  it('does not hear a language it was not told about (only English and the interview language)', () => {
    expect(voiceCommand('Siguiente pregunta.', 'English')).toBeNull();
  });

  it('takes only short utterances: a command inside a long answer is part of the answer', () => {
    expect(voiceCommand('can you repeat the question', 'English')).not.toBeNull();
    expect(voiceCommand('and so then i asked can you repeat the question', 'English')).toBeNull();
  });
});
