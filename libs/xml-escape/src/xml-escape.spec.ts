import { escapeAttr, escapeText } from './xml-escape';

describe('XML escaping', () => {
  it('returns clean text unchanged', () => {
    const s = 'Sertraline 100mg tablets';
    expect(escapeText(s)).toBe(s);
  });

  it('escapes markup in text and quotes/whitespace in attributes', () => {
    expect(escapeText('a < b & c > "d"')).toBe('a &lt; b &amp; c &gt; "d"');
    expect(escapeAttr('say "hi"\n\tnow & <then>')).toBe('say &quot;hi&quot;&#10;&#9;now &amp; &lt;then&gt;');
  });

  it('normalises CR LF and lone CR to LF in text', () => {
    expect(escapeText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it('replaces characters XML 1.0 forbids, keeps valid astral characters', () => {
    expect(escapeText('bell\u0007 nul\u0000 ok')).toBe('bell\uFFFD nul\uFFFD ok');
    expect(escapeText('lone \uD83D surrogate')).toBe('lone \uFFFD surrogate');
    expect(escapeText('pill 💊')).toBe('pill 💊');
  });
});
