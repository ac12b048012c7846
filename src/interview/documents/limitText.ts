/**
 * Cuts `text` to at most `maxChars` UTF-16 code units, at the last word boundary when one is
 * within the last fifth of the budget (otherwise mid-word), never inside a surrogate pair.
 */
export function limitText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // would split a surrogate pair
  const head = text.slice(0, end);
  const nextIsBoundary = /\s/.test(text.charAt(end));
  if (!nextIsBoundary) {
    const lastSpace = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
    if (lastSpace >= end * 0.8) return { text: head.slice(0, lastSpace).trimEnd(), truncated: true };
  }
  return { text: head.trimEnd(), truncated: true };
}
