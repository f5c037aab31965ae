"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseCx = parseCx;
/**
 * Parses a CX leniently: `urn:oid:` on the authority is accepted and a missing universalIdType is
 * taken as ISO when the authority is an OID. Returns undefined when no id or authority can be read.
 * The assigning authority is never guessed from the id.
 */
function parseCx(value) {
    const comps = value.trim().split('^');
    const id = comps[0]?.trim();
    const aa = comps[3]?.split('&') ?? [];
    const authority = (aa[1] ?? '').trim().replace(/^urn:oid:/i, '');
    if (!id || !authority)
        return undefined;
    const type = (aa[2] ?? '').trim() || (/^\d+(\.\d+)+$/.test(authority) ? 'ISO' : '');
    return { id, authority, authorityType: type };
}
//# sourceMappingURL=cx.util.js.map