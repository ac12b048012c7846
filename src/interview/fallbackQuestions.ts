import type { InterviewType } from './types.ts';
import { similarity } from './textSimilarity.ts';

/** Generic but useful questions, used when the model cannot produce one. Short, spoken, one question each. */
export const FALLBACK_QUESTIONS: Readonly<Record<InterviewType, readonly string[]>> = {
  technical: [
    'Walk me through a project you are proud of and the technical decisions you made in it.',
    'Tell me about the hardest bug you have tracked down. How did you find the cause?',
    'How do you decide how to structure a new codebase or service from scratch?',
    'Describe a time you improved the performance of a system. What did you measure first?',
    'How do you approach testing your code, and what do you choose not to test?',
    'Tell me about a technical trade-off you made under time pressure. Would you make it again?',
    'How would you design a service that has to handle ten times its current traffic?',
    'What does a good code review look like to you, as the author and as the reviewer?',
    'Describe a production incident you were involved in. What changed afterwards?',
    'How do you learn a new language, framework or tool quickly when a project needs it?',
    'Tell me about a time you had to work with a poorly documented legacy system.',
    'How do you keep a system secure when it handles user data or secrets?',
    'Explain a complex technical concept from your work as you would to a new teammate.',
    'How do you decide when code is good enough to ship?',
    'Tell me about a time you disagreed with a technical decision. What did you do?',
    'How do you monitor a system in production, and how do you know it is healthy?',
    'Which tools or practices have made you noticeably more productive, and why?',
  ],
  hr: [
    'Tell me about yourself and what brings you to this role.',
    'Why are you interested in this position and in our company?',
    'Describe a time you worked with a difficult colleague. How did you handle it?',
    'Tell me about a mistake you made at work and what you learned from it.',
    'How do you prioritise when several deadlines land at the same time?',
    'Describe a situation where you showed leadership without having the title.',
    'Tell me about a time you received critical feedback. How did you respond?',
    'What kind of team environment helps you do your best work?',
    'Describe a goal you set for yourself and how you reached it.',
    'Tell me about a time you had to adapt quickly to a big change.',
    'How do you handle stress and pressure at work?',
    'Describe a conflict within a team you were part of and how it was resolved.',
    'What is an achievement you are especially proud of, and why?',
    'Where do you see yourself professionally in the next few years?',
    'Tell me about a time you went beyond what was expected of you.',
    'How do you keep learning and growing in your career?',
    'What would your previous manager say are your greatest strengths?',
  ],
};

/**
 * The first bank question for `type` not asked yet (and not too similar to anything asked), or
 * null when the bank is exhausted.
 */
export function pickFallbackQuestion(type: InterviewType, asked: readonly string[], maxSimilarity = 0.5): string | null {
  for (const q of FALLBACK_QUESTIONS[type]) {
    if (asked.every((a) => similarity(a, q) < maxSimilarity)) return q;
  }
  return null;
}
