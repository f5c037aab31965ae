"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.escapeText = escapeText;
exports.escapeAttr = escapeAttr;
const TEXT = /[&<>]/g;
const ATTR = /[&<>"]/g;
const MAP = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// XML 1.0 forbids most C0 controls even as character references; they are dropped.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Escapes character data for element content. */
function escapeText(s) {
    return s.replace(INVALID, '').replace(TEXT, (c) => MAP[c]);
}
/** Escapes an attribute value written inside double quotes. */
function escapeAttr(s) {
    return s.replace(INVALID, '').replace(ATTR, (c) => MAP[c]).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
//# sourceMappingURL=xml-escape.js.map