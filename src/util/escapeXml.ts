/**
 * Text made safe for SVG/XML character data and attribute values: `& < > " '` become entities,
 * and characters XML 1.0 does not allow (C0 controls other than tab, newline and carriage
 * return; lone surrogates; U+FFFE/U+FFFF) are dropped, so any display name yields a valid document.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) continue;
    switch (ch) {
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '"': out += '&quot;'; break;
      case "'": out += '&apos;'; break;
      default: out += ch;
    }
  }
  return out;
}

/** XML 1.0's Char production. */
function isXmlChar(code: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false; // a lone surrogate (a pair arrives as one code point)
  return code !== 0xfffe && code !== 0xffff;
}
