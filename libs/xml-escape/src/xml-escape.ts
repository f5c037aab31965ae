/**
 * The XML escaping of every writer in the gateway (SOAP envelopes, HL7v3 and XDS messages, the WSDL,
 * the CCD), so text and attributes follow one set of rules wherever they are written.
 * Without regular expressions: the common case (nothing to escape) returns the input
 * untouched after one scan. Characters XML 1.0 forbids (C0 controls other than TAB/LF/CR, U+FFFE,
 * U+FFFF, unpaired surrogates) become U+FFFD so free text can never make the document ill-formed.
 */
function needsWork(s: string, attr: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38 || c === 60 || c === 62) return true;
    if (attr && (c === 34 || c === 10 || c === 13 || c === 9)) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return true;
    if (c >= 0xd800 && c <= 0xdfff) return true;
    if (c === 0xfffe || c === 0xffff) return true;
    if (c === 13) return true;
  }
  return false;
}

function rewrite(s: string, attr: boolean): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (attr && c === 34) rep = '&quot;';
    else if (attr && c === 10) rep = '&#10;';
    else if (attr && c === 9) rep = '&#9;';
    else if (c === 13) rep = attr ? '&#13;' : '\n';
    else if (c < 32 && c !== 9 && c !== 10) rep = '\uFFFD';
    else if (c === 0xfffe || c === 0xffff) rep = '\uFFFD';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const n = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (n >= 0xdc00 && n <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = '\uFFFD';
    if (rep !== undefined) {
      if (c === 13 && !attr && i + 1 < s.length && s.charCodeAt(i + 1) === 10) rep = '';
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start);
}

/** Escapes character data (`&`, `<`, `>`; CR LF → LF). */
export function escapeText(s: string): string {
  return needsWork(s, false) ? rewrite(s, false) : s;
}

/** Escapes an attribute value (also `"` and whitespace controls, which attribute normalisation would eat). */
export function escapeAttr(s: string): string {
  return needsWork(s, true) ? rewrite(s, true) : s;
}
