import { SaxesParser } from 'saxes';
import { XmlElement } from './xml-element';

export interface XmlParseLimits {
  /** Maximum element nesting depth. */
  maxDepth: number;
  /** Maximum number of elements. */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlParseLimits = { maxDepth: 100, maxElements: 2_000_000 };

/** Why a document was refused; the SOAP edge turns each kind into a Sender fault. */
export class XmlRejectedError extends Error {
  constructor(
    readonly kind: 'doctype' | 'malformed' | 'depth' | 'size',
    message: string,
  ) {
    super(message);
  }
}

const DOCTYPE = /<!DOCTYPE/i;

/**
 * Parses XML into a namespace-resolved element tree.
 *
 * Any DOCTYPE is refused before parsing (SOAP 1.2 forbids a DTD, and with none there are no
 * custom entities, so no XXE or entity expansion is possible). Undeclared entity references and
 * undeclared prefixes are errors. Depth and element count are bounded.
 */
export function parseXml(input: string, limits: XmlParseLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (DOCTYPE.test(input)) throw new XmlRejectedError('doctype', 'DOCTYPE declarations are not allowed');
  const parser = new SaxesParser({ xmlns: true, position: false });
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  let count = 0;
  let failure: Error | undefined;

  parser.on('doctype', () => {
    throw new XmlRejectedError('doctype', 'DOCTYPE declarations are not allowed');
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= limits.maxDepth) throw new XmlRejectedError('depth', `element nesting deeper than ${limits.maxDepth}`);
    if (++count > limits.maxElements) throw new XmlRejectedError('size', `more than ${limits.maxElements} elements`);
    const attrs = Object.values(tag.attributes)
      .filter((a) => a.prefix !== 'xmlns' && !(a.prefix === '' && a.local === 'xmlns'))
      .map((a) => ({ ns: a.uri ?? '', local: a.local, prefix: a.prefix, value: a.value }));
    const parent = stack[stack.length - 1];
    const el: XmlElement = {
      ns: tag.uri ?? '',
      local: tag.local,
      prefix: tag.prefix,
      attrs,
      nsDecls: { ...(tag.ns ?? {}) },
      children: [],
      text: '',
    };
    Object.defineProperty(el, 'parent', { value: parent, enumerable: false, writable: true });
    if (parent) parent.children.push(el);
    else if (root) throw new XmlRejectedError('malformed', 'more than one root element');
    else root = el;
    // saxes also emits closetag for a self-closing tag, so every element is pushed and popped.
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (e) => {
    failure ??= e;
  });
  try {
    parser.write(input).close();
  } catch (e) {
    if (e instanceof XmlRejectedError) throw e;
    throw new XmlRejectedError('malformed', (e as Error).message);
  }
  if (failure) throw new XmlRejectedError('malformed', failure.message);
  if (!root) throw new XmlRejectedError('malformed', 'no root element');
  return root;
}
