const TEXT = /[&<>]/g;
const ATTR = /[&<>"]/g;
const MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// XML 1.0 forbids most C0 controls even as character references; they are dropped.
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes character data for element content. */
export function escapeText(s: string): string {
  return s.replace(INVALID, '').replace(TEXT, (c) => MAP[c]);
}

/** Escapes an attribute value written inside double quotes. */
export function escapeAttr(s: string): string {
  return s
    .replace(INVALID, '')
    .replace(ATTR, (c) => MAP[c])
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
