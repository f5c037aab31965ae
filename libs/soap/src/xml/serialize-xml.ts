import { escapeAttr, escapeText } from '@gw/xml-escape';
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

function openTag(el: XmlElement, decls: Record<string, string>, out: string[]): void {
  out.push('<', qname(el.prefix, el.local));
  for (const [p, uri] of Object.entries(decls)) out.push(p ? ` xmlns:${p}="` : ' xmlns="', escapeAttr(uri), '"');
  for (const a of el.attrs) out.push(' ', qname(a.prefix, a.local), '="', escapeAttr(a.value), '"');
}

/** Writes `root` and its subtree with an explicit stack: caller input never drives recursion. */
function write(root: XmlElement, rootDecls: Record<string, string>, out: string[]): void {
  // An element on the stack is opened when popped; a string is a closing tag still to write.
  const stack: (XmlElement | string)[] = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const el = item;
    openTag(el, el === root ? rootDecls : el.nsDecls, out);
    if (!el.children.length && !el.text) {
      out.push('/>');
      continue;
    }
    out.push('>');
    if (el.children.length) {
      // Element-only content: the whitespace between children is not kept (see XmlElement).
      if (el.text.trim()) out.push(escapeText(el.text));
    } else {
      out.push(escapeText(el.text));
    }
    stack.push(`</${qname(el.prefix, el.local)}>`);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
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
