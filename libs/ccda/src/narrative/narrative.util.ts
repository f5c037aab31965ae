import { XmlWriter } from '../xml/xml-writer.util';
import { escapeText } from '@gw/xml-escape';

/**
 * Section narrative built from the same model as the entries, using CDA narrative elements only
 * (paragraph, table, content, br, list). Free text keeps its line breaks as `<br/>`.
 */
export type Cell = string | undefined | CellPart[] | CellPart;
export interface CellPart {
  text?: string;
  /** Narrative ID for entry references (`originalText/reference`, `text/reference`). */
  id?: string;
  styleCode?: string;
  /** Start on a new line. */
  br?: boolean;
}

/** Escaped text with line breaks as `<br/>`. */
export function multiline(s: string): string {
  const e = escapeText(s);
  if (e.indexOf('\n') < 0) return e;
  return e.replaceAll('\n', '<br/>');
}

function writeCell(w: XmlWriter, cell: Cell): void {
  if (cell === undefined) return;
  if (typeof cell === 'string') {
    w.raw(multiline(cell));
    return;
  }
  const parts = Array.isArray(cell) ? cell : [cell];
  let first = true;
  for (const p of parts) {
    if (p.br && !first) w.raw('<br/>');
    first = false;
    if (p.id || p.styleCode) {
      // IDs are generated (letters, digits, '-') and style codes are constants: no escaping needed.
      w.raw(
        p.id
          ? p.styleCode
            ? '<content ID="' + p.id + '" styleCode="' + p.styleCode + '">'
            : '<content ID="' + p.id + '">'
          : '<content styleCode="' + p.styleCode + '">',
      );
      if (p.text) w.raw(multiline(p.text));
      w.end('content');
    } else if (p.text) w.raw(multiline(p.text));
  }
}

export class NarrativeTable {
  private rows = 0;
  constructor(
    private readonly w: XmlWriter,
    caption: string | undefined,
    headers: string[],
  ) {
    w.raw('<table border="1" width="100%">');
    if (caption) w.raw('<caption>' + escapeText(caption) + '</caption>');
    w.raw('<thead><tr>');
    for (const h of headers) w.raw('<th>' + escapeText(h) + '</th>');
    w.raw('</tr></thead><tbody>');
  }

  /** One row; `id` marks the row so an entry's `text/reference` can point at it. */
  row(id: string | undefined, cells: Cell[]): void {
    const w = this.w;
    w.raw(id ? '<tr ID="' + id + '">' : '<tr>');
    for (const c of cells) {
      w.raw('<td>');
      writeCell(w, c);
      w.raw('</td>');
    }
    w.raw('</tr>');
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }

  close(): void {
    this.w.raw('</tbody></table>');
  }
}

/** A notice shown before the tables ("Note from the GP record: …"). */
export function writeNotice(w: XmlWriter, heading: string, body: string): void {
  w.raw('<paragraph><content styleCode="Bold">' + escapeText(heading) + '</content><br/>' + multiline(body) + '</paragraph>');
}

export function writeParagraph(w: XmlWriter, body: string): void {
  w.raw('<paragraph>' + multiline(body) + '</paragraph>');
}

/** Joins non-empty parts. */
export function join(parts: (string | undefined)[], sep = ', '): string | undefined {
  let out = '';
  for (const p of parts) {
    if (!p) continue;
    out += out ? sep + p : p;
  }
  return out || undefined;
}

/**
 * The Notes cell of an item's row: the GP's notes (with a narrative ID the entry's comment
 * references) and, when the item could not be fully mapped into an entry, a visible statement
 * of that, so the reader knows the structured entry is incomplete.
 */
export function notesCell(row: string, notes: string[], fullyConverted: boolean): Cell {
  if (notes.length === 0 && fullyConverted) return undefined;
  return [
    {
      id: notes.length ? row + '-note' : undefined,
      text: join([...notes, fullyConverted ? undefined : 'This item could not be fully converted.'], '\n'),
    },
  ];
}
