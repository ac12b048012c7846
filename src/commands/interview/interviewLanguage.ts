/**
 * The interview language is free text that goes into prompts (fenced there): only a plain
 * language name is accepted, in `/interview start` and as a server default in `/interview config`.
 */

/** A language name: letters, spaces, brackets, apostrophes, hyphens; 2–40 characters. */
export const LANGUAGE_PATTERN = /^[\p{L}][\p{L} ()'-]{1,39}$/u;
/** What to tell a member whose language does not match {@link LANGUAGE_PATTERN}. */
export const LANGUAGE_HINT = 'Give the interview language as a name, e.g. `English`, `French` or `Português`.';
