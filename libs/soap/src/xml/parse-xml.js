"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.XmlRejectedError = exports.DEFAULT_XML_LIMITS = void 0;
exports.parseXml = parseXml;
const saxes_1 = require("saxes");
exports.DEFAULT_XML_LIMITS = { maxDepth: 100, maxElements: 2_000_000 };
/** Why a document was refused; the SOAP edge turns each kind into a Sender fault. */
class XmlRejectedError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
exports.XmlRejectedError = XmlRejectedError;
const DOCTYPE = /<!DOCTYPE/i;
/**
 * Parses XML into a namespace-resolved element tree.
 *
 * Any DOCTYPE is refused before parsing (SOAP 1.2 forbids a DTD, and with none there are no
 * custom entities, so no XXE or entity expansion is possible). Undeclared entity references and
 * undeclared prefixes are errors. Depth and element count are bounded.
 */
function parseXml(input, limits = exports.DEFAULT_XML_LIMITS) {
    if (DOCTYPE.test(input))
        throw new XmlRejectedError('doctype', 'DOCTYPE declarations are not allowed');
    const parser = new saxes_1.SaxesParser({ xmlns: true, position: false });
    let root;
    const stack = [];
    let count = 0;
    let failure;
    parser.on('doctype', () => {
        throw new XmlRejectedError('doctype', 'DOCTYPE declarations are not allowed');
    });
    parser.on('opentag', (tag) => {
        if (stack.length >= limits.maxDepth)
            throw new XmlRejectedError('depth', `element nesting deeper than ${limits.maxDepth}`);
        if (++count > limits.maxElements)
            throw new XmlRejectedError('size', `more than ${limits.maxElements} elements`);
        const attrs = Object.values(tag.attributes)
            .filter((a) => a.prefix !== 'xmlns' && !(a.prefix === '' && a.local === 'xmlns'))
            .map((a) => ({ ns: a.uri ?? '', local: a.local, prefix: a.prefix, value: a.value }));
        const parent = stack[stack.length - 1];
        const el = {
            ns: tag.uri ?? '',
            local: tag.local,
            prefix: tag.prefix,
            attrs,
            nsDecls: { ...(tag.ns ?? {}) },
            children: [],
            text: '',
        };
        Object.defineProperty(el, 'parent', { value: parent, enumerable: false, writable: true });
        if (parent)
            parent.children.push(el);
        else if (root)
            throw new XmlRejectedError('malformed', 'more than one root element');
        else
            root = el;
        // saxes also emits closetag for a self-closing tag, so every element is pushed and popped.
        stack.push(el);
    });
    parser.on('text', (t) => {
        const top = stack[stack.length - 1];
        if (top)
            top.text += t;
    });
    parser.on('cdata', (t) => {
        const top = stack[stack.length - 1];
        if (top)
            top.text += t;
    });
    parser.on('closetag', () => {
        stack.pop();
    });
    parser.on('error', (e) => {
        failure ??= e;
    });
    try {
        parser.write(input).close();
    }
    catch (e) {
        if (e instanceof XmlRejectedError)
            throw e;
        throw new XmlRejectedError('malformed', e.message);
    }
    if (failure)
        throw new XmlRejectedError('malformed', failure.message);
    if (!root)
        throw new XmlRejectedError('malformed', 'no root element');
    return root;
}
//# sourceMappingURL=parse-xml.js.map