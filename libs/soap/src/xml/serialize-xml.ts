import { escapeAttr, escapeText } from './xml-escape';
import type { XmlElement } from './xml-element';

/** Every namespace declaration in scope at `el` (nearest wins), including its own. */
export function inScopeNamespaces(el: XmlElement): Record<string, string> {
  const chain: XmlElement[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) chain.unshift(e);
  const out: Record<string, string> = {};
  for (const e of chain) Object.assign(out, e.nsDecls);
  return out;
}

function qname(prefix: string, local: string): string {
  return prefix ? `${prefix}:${local}` : local;
}

function write(el: XmlElement, decls: Record<string, string>, out: string[]): void {
  const name = qname(el.prefix, el.local);
  out.push('<', name);
  for (const [p, uri] of Object.entries(decls)) out.push(p ? ` xmlns:${p}="` : ' xmlns="', escapeAttr(uri), '"');
  for (const a of el.attrs) out.push(' ', qname(a.prefix, a.local), '="', escapeAttr(a.value), '"');
  const body = el.children.length ? '' : el.text;
  if (!el.children.length && !body) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (el.children.length) {
    // Element-only content: the whitespace between children is not kept (see XmlElement).
    if (el.text.trim()) out.push(escapeText(el.text));
    for (const c of el.children) write(c, c.nsDecls, out);
  } else {
    out.push(escapeText(body));
  }
  out.push('</', name, '>');
}

/**
 * Serialises an element as a standalone fragment. Every namespace in scope at the element is
 * declared on it, so prefixes used in names and in QName-valued attributes (`xsi:type="ns1:II"`)
 * keep their meaning when the fragment is echoed into another document (HL7 queryByParameter).
 */
export function serializeElement(el: XmlElement): string {
  const out: string[] = [];
  write(el, inScopeNamespaces(el), out);
  return out.join('');
}
