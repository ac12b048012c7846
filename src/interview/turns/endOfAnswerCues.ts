import type { TurnLanguage } from './turnLanguage.ts';

/**
 * What a pause means, said in one language. Phrases are written as spoken, with accents; they
 * are compared as {@link utteranceWords} (accents folded, apostrophes dropped), so "déjame" and
 * "dejame", "that's" and "thats" match alike.
 */
export interface EndOfAnswerCues {
  /** A last word that leaves the clause open: conjunctions, prepositions, articles, possessives, copulas. */
  openEndings: readonly string[];
  /**
   * Open endings that also end full sentences ("…the team I worked on."): open only when no
   * sentence-final punctuation follows them.
   */
  strandable?: readonly string[];
  /** Fillers: trailing off on one means the candidate is still thinking. */
  fillers: readonly string[];
  /** Explicit holds, anywhere in the last few words ("let me think about that"). */
  holds: readonly string[];
  /** Holds only when they end what was said ("um, so…", "hmm"). */
  trailingHolds: readonly string[];
  /** A list or an example begun at the end ("first", "for example"). */
  listStarts: readonly string[];
  /** Number words for announced lists ("three reasons"). */
  counts: Readonly<Record<string, number>>;
  /** What an announced list counts ("reasons", "things"). */
  itemNouns: readonly string[];
  /** Words that give the next item of a list. */
  itemMarkers: readonly string[];
  /** Words that give its last item. */
  lastItemMarkers: readonly string[];
  /** Phrases that close an answer ("that's it", "so yeah"). */
  closings: readonly string[];
  /** First words of a closed question, which a short answer can complete ("Have you…", "Do you…"). */
  closedQuestionStarts: readonly string[];
}

const EN: EndOfAnswerCues = {
  openEndings: [
    'and', 'but', 'or', 'so', 'because', 'cause', 'which', 'that', 'then', 'with', 'to', 'of', 'the', 'a', 'an', 'for', 'in', 'on',
    'at', 'my', 'our', 'their', 'his', 'her', 'its', 'if', 'when', 'while', 'although', 'though', 'since', 'than', 'as', 'about',
    'from', 'by', 'into', 'is', 'are', 'was', 'were', 'be', 'been', 'i', 'we', 'they', 'also', 'where', 'who', 'whether',
    'very', 'some', 'until', 'unless', 'like', 'just', 'really',
  ],
  strandable: ['on', 'in', 'to', 'for', 'with', 'about', 'from', 'at', 'by', 'of', 'into', 'like'],
  fillers: ['um', 'uh', 'er', 'erm', 'ah', 'mm', 'you know', 'i mean', 'kind of', 'sort of', 'well', 'basically', 'actually', 'like'],
  holds: [
    'let me think', 'let me see', 'let me just think', 'give me a second', 'give me a sec', 'give me a moment', 'give me a minute',
    'one moment', 'one second', 'just a second', 'just a moment', 'bear with me', 'let me collect my thoughts', 'thinking about it',
    'i need to think', 'let me remember', 'how do i put this', 'good question let me',
  ],
  trailingHolds: ['hmm', 'hm', 'hold on', 'wait', 'um so', 'uh so', 'so um', 'so uh', 'well um', 'lets see', 'okay so', 'ok so'],
  listStarts: ['first', 'firstly', 'first of all', 'for example', 'for instance', 'such as', 'including', 'number one', 'the first one is', 'the first is'],
  counts: { two: 2, three: 3, four: 4, five: 5, couple: 2 },
  itemNouns: ['reasons', 'things', 'ways', 'points', 'steps', 'parts', 'examples', 'aspects', 'options', 'factors', 'lessons', 'problems'],
  itemMarkers: ['first', 'firstly', 'second', 'secondly', 'third', 'thirdly', 'fourth', 'fifth', 'another', 'next'],
  lastItemMarkers: ['finally', 'lastly', 'last'],
  closings: ['thats it', 'thats all', 'thats about it', 'so yeah', 'and yeah', 'yeah', 'thank you', 'thanks', 'that was it', 'end of story', 'in short'],
  closedQuestionStarts: ['do', 'does', 'did', 'have', 'has', 'are', 'is', 'was', 'were', 'can', 'could', 'would', 'will', 'should', 'may'],
};

const ES: EndOfAnswerCues = {
  openEndings: [
    'y', 'e', 'pero', 'o', 'u', 'porque', 'que', 'entonces', 'como', 'cuando', 'si', 'de', 'del', 'la', 'el', 'los', 'las', 'un',
    'una', 'en', 'con', 'para', 'por', 'mi', 'mis', 'nuestro', 'nuestra', 'es', 'era', 'fue', 'muy', 'mas', 'aunque', 'donde',
  ],
  fillers: ['eh', 'este', 'o sea', 'bueno', 'pues', 'mmm', 'digamos', 'sabes'],
  holds: ['déjame pensar', 'déjeme pensar', 'dame un segundo', 'deme un segundo', 'un momento', 'un segundo', 'déjame ver', 'tengo que pensar'],
  trailingHolds: ['a ver', 'espera', 'espere', 'eh pues', 'pues eh', 'bueno eh', 'mmm'],
  listStarts: ['primero', 'en primer lugar', 'por ejemplo', 'como por ejemplo', 'por un lado'],
  counts: { dos: 2, tres: 3, cuatro: 4, cinco: 5 },
  itemNouns: ['razones', 'cosas', 'maneras', 'formas', 'puntos', 'pasos', 'motivos', 'ejemplos', 'aspectos'],
  itemMarkers: ['primero', 'segundo', 'tercero', 'cuarto', 'otra', 'otro'],
  lastItemMarkers: ['finalmente', 'por ultimo'],
  closings: ['eso es todo', 'y ya', 'nada mas', 'y eso', 'gracias'],
  closedQuestionStarts: ['tienes', 'tiene', 'has', 'ha', 'es', 'eres', 'puedes', 'puede', 'hay', 'te', 'le'],
};

const FR: EndOfAnswerCues = {
  openEndings: [
    'et', 'mais', 'ou', 'donc', 'parce', 'que', 'qui', 'quand', 'si', 'de', 'du', 'des', 'la', 'le', 'les', 'un', 'une', 'en',
    'avec', 'pour', 'par', 'mon', 'ma', 'mes', 'notre', 'est', 'etait', 'alors', 'tres', 'plus', 'comme', 'ou', 'sur', 'dans',
  ],
  fillers: ['euh', 'ben', 'bah', 'bon', 'genre', 'enfin', 'quoi', 'tu vois', 'vous voyez'],
  holds: ['laissez moi réfléchir', 'laisse moi réfléchir', 'un instant', 'une seconde', 'un moment', 'je réfléchis', 'laissez moi voir'],
  trailingHolds: ['voyons', 'attendez', 'attends', 'euh donc', 'alors euh', 'bon euh', 'hmm'],
  listStarts: ['premièrement', "d'abord", "tout d'abord", 'par exemple', 'comme par exemple', "d'une part"],
  counts: { deux: 2, trois: 3, quatre: 4, cinq: 5 },
  itemNouns: ['raisons', 'choses', 'façons', 'points', 'étapes', 'aspects', 'exemples', 'leçons'],
  itemMarkers: ['premièrement', 'deuxièmement', 'troisièmement', 'ensuite', 'puis', 'autre'],
  lastItemMarkers: ['enfin', 'finalement'],
  closings: ["c'est tout", 'voilà', 'merci', "c'est ça"],
  closedQuestionStarts: ['est-ce', 'avez', 'êtes', 'pouvez', 'as', 'es', 'peux', 'connaissez'],
};

const DE: EndOfAnswerCues = {
  openEndings: [
    'und', 'aber', 'oder', 'weil', 'dass', 'denn', 'wenn', 'ob', 'der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'einen', 'mit',
    'für', 'von', 'zu', 'in', 'auf', 'mein', 'meine', 'unser', 'unsere', 'ist', 'war', 'sehr', 'als', 'wie', 'obwohl', 'sondern',
  ],
  fillers: ['äh', 'ähm', 'also', 'halt', 'naja', 'quasi', 'sozusagen', 'eben'],
  holds: ['lassen sie mich nachdenken', 'lass mich nachdenken', 'einen moment', 'einen augenblick', 'eine sekunde', 'kurz nachdenken', 'moment mal'],
  trailingHolds: ['moment', 'warten sie', 'also äh', 'äh also', 'mal sehen', 'hmm'],
  listStarts: ['erstens', 'zuerst', 'zum beispiel', 'zunächst', 'einerseits'],
  counts: { zwei: 2, drei: 3, vier: 4, fünf: 5 },
  itemNouns: ['gründe', 'dinge', 'punkte', 'schritte', 'aspekte', 'beispiele', 'möglichkeiten'],
  itemMarkers: ['erstens', 'zweitens', 'drittens', 'außerdem', 'dann', 'weiterer'],
  lastItemMarkers: ['schließlich', 'letztens', 'zuletzt'],
  closings: ['das wars', 'das war es', 'das ist alles', 'danke'],
  closedQuestionStarts: ['haben', 'hast', 'sind', 'bist', 'können', 'kannst', 'ist', 'waren', 'würden'],
};

const PT: EndOfAnswerCues = {
  openEndings: [
    'e', 'mas', 'ou', 'porque', 'que', 'quando', 'se', 'de', 'do', 'da', 'dos', 'das', 'o', 'a', 'os', 'as', 'um', 'uma', 'em',
    'no', 'na', 'com', 'para', 'pra', 'por', 'meu', 'minha', 'nosso', 'nossa', 'foi', 'era', 'muito', 'mais', 'embora', 'onde',
  ],
  fillers: ['tipo', 'né', 'bom', 'hum', 'sabe', 'assim', 'digamos'],
  holds: ['deixa eu pensar', 'deixe me pensar', 'me dá um segundo', 'um momento', 'um segundo', 'só um instante', 'deixa eu ver'],
  trailingHolds: ['peraí', 'espera', 'então é', 'é então', 'hum então', 'hmm'],
  listStarts: ['primeiro', 'em primeiro lugar', 'por exemplo', 'tipo por exemplo', 'por um lado'],
  counts: { duas: 2, dois: 2, três: 3, quatro: 4, cinco: 5 },
  itemNouns: ['razões', 'coisas', 'maneiras', 'formas', 'pontos', 'passos', 'motivos', 'exemplos', 'aspectos'],
  itemMarkers: ['primeiro', 'segundo', 'terceiro', 'outra', 'outro', 'depois'],
  lastItemMarkers: ['finalmente', 'por último'],
  closings: ['é isso', 'só isso', 'e pronto', 'obrigado', 'obrigada'],
  closedQuestionStarts: ['você', 'voce', 'tem', 'já', 'pode', 'é', 'há'],
};

/** The cue tables of every {@link TurnLanguage}. */
export const END_OF_ANSWER_CUES: Readonly<Record<TurnLanguage, EndOfAnswerCues>> = { en: EN, es: ES, fr: FR, de: DE, pt: PT };
