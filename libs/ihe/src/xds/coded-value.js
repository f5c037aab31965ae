"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseCodedValue = parseCodedValue;
/** Parses the `code|codingScheme|display` configuration form. */
function parseCodedValue(value) {
    const [code, scheme, display] = value.split('|').map((s) => s.trim());
    if (!code || !scheme || !display)
        throw new Error('coded value must be "code|codingScheme|display name"');
    return { code, scheme, display };
}
//# sourceMappingURL=coded-value.js.map