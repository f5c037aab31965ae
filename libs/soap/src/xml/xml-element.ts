/**
 * A small namespace-aware element tree. SOAP payloads are matched by namespace URI and local
 * name, never by prefix, so every element and attribute carries its resolved namespace.
 * Only element children are kept; `text` is the concatenated direct character data
 * (SOAP/IHE payloads have no meaningful mixed content).
 */
export interface XmlAttribute {
  ns: string;
  local: string;
  prefix: string;
  value: string;
}

export interface XmlElement {
  ns: string;
  local: string;
  prefix: string;
  attrs: XmlAttribute[];
  /** Namespace declarations made on this element (prefix '' = default namespace). */
  nsDecls: Record<string, string>;
  children: XmlElement[];
  text: string;
  parent?: XmlElement;
}

export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && c.ns === ns);
}

export function children(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && c.ns === ns) : [];
}

/** Depth-first descendants (excluding el) matching ns/local; ns '*' matches any namespace. */
export function descendants(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = el ? [...el.children].reverse() : [];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.local === local && (ns === '*' || e.ns === ns)) out.push(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
  }
  return out;
}

/** Attribute value by local name; `ns` '' (the default) means an unqualified attribute. */
export function attr(el: XmlElement | undefined, local: string, ns = ''): string | undefined {
  return el?.attrs.find((a) => a.local === local && a.ns === ns)?.value;
}

/** Trimmed text of an element, or undefined when absent. */
export function text(el: XmlElement | undefined): string | undefined {
  return el ? el.text.trim() : undefined;
}

/** Resolves a QName prefix in the scope of `el` (for xsi:type and fault code values). */
export function resolvePrefix(el: XmlElement | undefined, prefix: string): string | undefined {
  for (let e = el; e; e = e.parent) {
    if (prefix in e.nsDecls) return e.nsDecls[prefix];
  }
  if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
  return undefined;
}
