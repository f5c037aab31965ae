"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.child = child;
exports.children = children;
exports.descendants = descendants;
exports.attr = attr;
exports.text = text;
exports.resolvePrefix = resolvePrefix;
function child(el, ns, local) {
    return el?.children.find((c) => c.local === local && c.ns === ns);
}
function children(el, ns, local) {
    return el ? el.children.filter((c) => c.local === local && c.ns === ns) : [];
}
/** Depth-first descendants (excluding el) matching ns/local; ns '*' matches any namespace. */
function descendants(el, ns, local) {
    const out = [];
    const stack = el ? [...el.children].reverse() : [];
    while (stack.length) {
        const e = stack.pop();
        if (e.local === local && (ns === '*' || e.ns === ns))
            out.push(e);
        for (let i = e.children.length - 1; i >= 0; i--)
            stack.push(e.children[i]);
    }
    return out;
}
/** Attribute value by local name; `ns` '' (the default) means an unqualified attribute. */
function attr(el, local, ns = '') {
    return el?.attrs.find((a) => a.local === local && a.ns === ns)?.value;
}
/** Trimmed text of an element, or undefined when absent. */
function text(el) {
    return el ? el.text.trim() : undefined;
}
/** Resolves a QName prefix in the scope of `el` (for xsi:type and fault code values). */
function resolvePrefix(el, prefix) {
    for (let e = el; e; e = e.parent) {
        if (prefix in e.nsDecls)
            return e.nsDecls[prefix];
    }
    if (prefix === 'xml')
        return 'http://www.w3.org/XML/1998/namespace';
    return undefined;
}
//# sourceMappingURL=xml-element.js.map