/**
 * Cleans extracted or pasted text for prompts and storage: Unicode NFC; `\n` line ends; control
 * characters, zero-width characters and lone surrogates dropped; every kind of space and tab
 * becomes one space; lines trimmed; at most one blank line in a row; no leading/trailing space.
 */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[\f\v\u2028\u2029\u0085]/g, '\n')
      // Tabs separate cells in PDF text: keep the separation, as a space.
      .replace(/[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
      // C0/C1 controls (except \n), DEL, zero-width and bidi marks, BOMs, soft hyphens.
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFFE\uFFFF]/g, '')
      .replace(/ {2,}/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
