import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/util/escapeXml.ts';

describe('escapeXml', () => {
  it('turns the five markup characters into entities', () => {
    expect(escapeXml(`Tom & "Jerry" <b>'s</b>`)).toBe('Tom &amp; &quot;Jerry&quot; &lt;b&gt;&apos;s&lt;/b&gt;');
  });

  it('does not double-escape text that already looks like an entity', () => {
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('drops characters XML 1.0 forbids and keeps everything else, emoji included', () => {
    expect(escapeXml('a\u0000b\u0007c\u001fd\uffffe')).toBe('abcde');
    expect(escapeXml('x\ud800y')).toBe('xy');
    expect(escapeXml('tab\tnew\nline\r')).toBe('tab\tnew\nline\r');
    expect(escapeXml('José 🎤 Zoë 山田')).toBe('José 🎤 Zoë 山田');
  });
});
