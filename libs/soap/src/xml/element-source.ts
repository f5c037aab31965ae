import { escapeAttr } from '@gw/xml-escape';
import type { SourceRange } from './parse-xml';
import type { XmlElement } from './xml-element';

/**
 * The exact characters of `el` in the document it was parsed from, made standalone: every namespace
 * declared on an ancestor and not redeclared on `el` is added to its start tag. Exclusive C14N
 * renders namespaces where they are used, whoever declared them, so a signature over the element
 * verifies over this text exactly as over the whole document — and only this text is parsed again.
 */
export function standaloneSource(input: string, el: XmlElement, range: SourceRange): string {
  const inherited: Record<string, string> = {};
  for (let e = el.parent; e; e = e.parent) {
    for (const [prefix, uri] of Object.entries(e.nsDecls)) if (!(prefix in inherited)) inherited[prefix] = uri;
  }
  let decls = '';
  for (const [prefix, uri] of Object.entries(inherited)) {
    if (prefix in el.nsDecls || (prefix === '' && uri === '')) continue;
    decls += prefix ? ` xmlns:${prefix}="${escapeAttr(uri)}"` : ` xmlns="${escapeAttr(uri)}"`;
  }
  const source = input.slice(range.start, range.end);
  if (!decls) return source;
  const afterName = 1 + (el.prefix ? el.prefix.length + 1 : 0) + el.local.length;
  return source.slice(0, afterName) + decls + source.slice(afterName);
}
