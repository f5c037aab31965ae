"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseContentType = parseContentType;
/**
 * Parses a Content-Type header leniently: quoted or bare parameter values, `;` inside quotes,
 * stray whitespace and a trailing `;` are all accepted (WCF boundaries contain `+`, `=` and `:`).
 */
function parseContentType(header) {
    if (!header)
        return { type: '', params: {} };
    const semi = header.indexOf(';');
    const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
    const params = {};
    const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
    const rest = semi < 0 ? '' : header.slice(semi);
    let m;
    while ((m = re.exec(rest))) {
        const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
        params[m[1].toLowerCase()] = value;
    }
    return { type, params };
}
//# sourceMappingURL=content-type.util.js.map