import { xmlAttr, xmlText } from './xml-escape.util';

/**
 * Append-only string builder for the document. Chunks are flushed into an array at ~64 KB so a
 * 50 000-entry record does not build one deep rope, and nothing allocates a node per element.
 * Callers write elements in CDA schema order; the writer does not reorder.
 */
export class XmlWriter {
  private readonly chunks: string[] = [];
  private buf = '';

  /** Raw, already-escaped markup. */
  raw(s: string): this {
    this.buf += s;
    if (this.buf.length > 65536) {
      this.chunks.push(this.buf);
      this.buf = '';
    }
    return this;
  }

  /** Escaped character data. */
  text(s: string): this {
    return this.raw(xmlText(s));
  }

  /** `<name a="v" …>` (or self-closed with `close`); attributes with undefined/empty values are skipped. */
  open(name: string, attrs?: Record<string, string | number | boolean | undefined>, close = false): this {
    let s = '<' + name;
    if (attrs) {
      for (const k in attrs) {
        const v = attrs[k];
        if (v === undefined || v === '') continue;
        s += ' ' + k + '="' + xmlAttr(String(v)) + '"';
      }
    }
    return this.raw(close ? s + '/>' : s + '>');
  }

  /** Self-closing element. */
  empty(name: string, attrs?: Record<string, string | number | boolean | undefined>): this {
    return this.open(name, attrs, true);
  }

  end(name: string): this {
    return this.raw('</' + name + '>');
  }

  /** `<name>text</name>`, omitted when the text is empty. */
  leaf(name: string, value: string | undefined, attrs?: Record<string, string | number | boolean | undefined>): this {
    if (value === undefined || value === '') return this;
    this.open(name, attrs);
    this.text(value);
    return this.end(name);
  }

  /** The document so far. */
  toString(): string {
    if (this.chunks.length === 0) return this.buf;
    return this.chunks.join('') + this.buf;
  }

  get length(): number {
    let n = this.buf.length;
    for (const c of this.chunks) n += c.length;
    return n;
  }
}
