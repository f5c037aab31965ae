"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.inScopeNamespaces = inScopeNamespaces;
exports.serializeElement = serializeElement;
const xml_escape_1 = require("./xml-escape");
/** Every namespace declaration in scope at `el` (nearest wins), including its own. */
function inScopeNamespaces(el) {
    const chain = [];
    for (let e = el; e; e = e.parent)
        chain.unshift(e);
    const out = {};
    for (const e of chain)
        Object.assign(out, e.nsDecls);
    return out;
}
function qname(prefix, local) {
    return prefix ? `${prefix}:${local}` : local;
}
function write(el, decls, out) {
    const name = qname(el.prefix, el.local);
    out.push('<', name);
    for (const [p, uri] of Object.entries(decls))
        out.push(p ? ` xmlns:${p}="` : ' xmlns="', (0, xml_escape_1.escapeAttr)(uri), '"');
    for (const a of el.attrs)
        out.push(' ', qname(a.prefix, a.local), '="', (0, xml_escape_1.escapeAttr)(a.value), '"');
    const body = el.children.length ? '' : el.text;
    if (!el.children.length && !body) {
        out.push('/>');
        return;
    }
    out.push('>');
    if (el.children.length) {
        // Element-only content: the whitespace between children is not kept (see XmlElement).
        if (el.text.trim())
            out.push((0, xml_escape_1.escapeText)(el.text));
        for (const c of el.children)
            write(c, c.nsDecls, out);
    }
    else {
        out.push((0, xml_escape_1.escapeText)(body));
    }
    out.push('</', name, '>');
}
/**
 * Serialises an element as a standalone fragment. Every namespace in scope at the element is
 * declared on it, so prefixes used in names and in QName-valued attributes (`xsi:type="ns1:II"`)
 * keep their meaning when the fragment is echoed into another document (HL7 queryByParameter).
 */
function serializeElement(el) {
    const out = [];
    write(el, inScopeNamespaces(el), out);
    return out.join('');
}
//# sourceMappingURL=serialize-xml.js.map