import { escapeAttr, escapeText } from '@gw/xml-escape';

const CHUNK = 65536;

type Attrs = Record<string, string | number | boolean | undefined>;

/**
 * Append-only string builder for the document. Small pieces are collected in an array and joined
 * into ~64 KB chunks as they accumulate: one copy per byte, no rope nodes (`a + b` in V8 keeps every
 * piece alive until read, costing several times the output size), nothing allocated per element.
 * Callers write elements in CDA schema order; the writer does not reorder.
 */
export class XmlWriter {
  private readonly chunks: string[] = [];
  private parts: string[] = [];
  private partsLength = 0;
  /** While > 0 (an entry is being written), pending pieces are not joined, so the entry can be undone. */
  private holds = 0;

  /** Raw, already-escaped markup. */
  raw(s: string): this {
    this.parts.push(s);
    this.partsLength += s.length;
    if (this.partsLength > CHUNK && this.holds === 0) this.flush();
    return this;
  }

  /** Starts a piece of output that `rollback` can remove again (nestable). */
  mark(): number {
    this.holds++;
    return this.parts.length;
  }

  /** Keeps what was written since `mark`. */
  commit(): void {
    this.holds--;
    if (this.partsLength > CHUNK && this.holds === 0) this.flush();
  }

  /** Removes what was written since `mark`. */
  rollback(mark: number): void {
    for (let i = mark; i < this.parts.length; i++) this.partsLength -= this.parts[i].length;
    this.parts.length = mark;
    this.holds--;
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.chunks.push(this.parts.length === 1 ? this.parts[0] : this.parts.join(''));
    this.parts = [];
    this.partsLength = 0;
  }

  /** Escaped character data. */
  text(s: string): this {
    return this.raw(escapeText(s));
  }

  /** `<name a="v" …>` (or self-closed with `close`); attributes with undefined/empty values are skipped. */
  open(name: string, attrs?: Attrs, close = false): this {
    let s = '<' + name;
    if (attrs) {
      for (const k in attrs) {
        const v = attrs[k];
        if (v === undefined || v === '') continue;
        s += ' ' + k + '="' + (typeof v === 'string' ? escapeAttr(v) : String(v)) + '"';
      }
    }
    return this.raw(close ? s + '/>' : s + '>');
  }

  /** Self-closing element. */
  empty(name: string, attrs?: Attrs): this {
    return this.open(name, attrs, true);
  }

  end(name: string): this {
    return this.raw('</' + name + '>');
  }

  /** `<name>text</name>`, omitted when the text is empty. */
  leaf(name: string, value: string | undefined, attrs?: Attrs): this {
    if (value === undefined || value === '') return this;
    this.open(name, attrs);
    this.text(value);
    return this.end(name);
  }

  /**
   * Appends another writer's content: its chunks by reference, its pending pieces joined into one
   * (a section's narrative and entries are appended to the body, and the body to the document, so
   * re-pushing every small piece would walk each of them once per level).
   */
  append(other: XmlWriter): this {
    if (other.chunks.length) {
      this.flush();
      for (const c of other.chunks) this.chunks.push(c);
    }
    const n = other.parts.length;
    if (n === 1) this.raw(other.parts[0]);
    else if (n > 1) this.raw(other.parts.join(''));
    return this;
  }

  get isEmpty(): boolean {
    return this.partsLength === 0 && this.chunks.length === 0;
  }

  /** The document so far. */
  toString(): string {
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
  }

  get length(): number {
    let n = this.partsLength;
    for (const c of this.chunks) n += c.length;
    return n;
  }
}
