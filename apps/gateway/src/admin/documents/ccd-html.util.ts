import { SaxesParser } from 'saxes';
import { escapeText } from '@gw/soap';

const CDA = 'urn:hl7-org:v3';

/** CDA narrative elements and the HTML each becomes; anything else keeps only its text. */
const NARRATIVE: Record<string, string> = {
  paragraph: 'p',
  content: 'span',
  table: 'table',
  caption: 'caption',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  th: 'th',
  td: 'td',
  item: 'li',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  footnote: 'small',
  linkHtml: 'span',
};

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}' +
  'table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}' +
  'th{background:#eee}h2{border-bottom:2px solid #346;margin-top:1.5em}.meta{color:#555}';

function spanAttr(name: string, value: string | undefined): string {
  return value && /^\d{1,3}$/.test(value) ? ` ${name}="${value}"` : '';
}

/**
 * Renders a CCD for a human reader: the document title and time, then each section's title and
 * narrative block mapped to plain HTML. No XSLT and nothing active: every text is escaped, no
 * attribute is copied except numeric row/column spans, links become plain text, multimedia is
 * dropped. Streams with saxes, so mixed content keeps its order.
 */
export function renderCcdHtml(xml: string): string {
  const out: string[] = [];
  const parser = new SaxesParser({ xmlns: true, position: false });
  const path: string[] = [];
  /** Depth at which the current section's <text> opened, or -1 outside narrative. */
  let textDepth = -1;
  let docTitle = '';
  let docTime = '';
  let inSectionTitle = false;
  let sectionTitle = '';
  const htmlStack: (string | undefined)[] = [];

  parser.on('doctype', () => {
    throw new Error('DOCTYPE not allowed');
  });
  parser.on('opentag', (tag) => {
    const local = tag.local ?? tag.name;
    const parent = path[path.length - 1];
    path.push(local);
    if (tag.uri !== CDA) {
      htmlStack.push(undefined);
      return;
    }
    if (textDepth >= 0) {
      const html = NARRATIVE[local] ?? (local === 'list' ? (tag.attributes.listType?.value === 'ordered' ? 'ol' : 'ul') : undefined);
      if (html === 'br') out.push('<br>');
      else if (html)
        out.push(`<${html}${spanAttr('colspan', tag.attributes.colspan?.value)}${spanAttr('rowspan', tag.attributes.rowspan?.value)}>`);
      htmlStack.push(html === 'br' ? undefined : html);
      return;
    }
    htmlStack.push(undefined);
    if (local === 'effectiveTime' && parent === 'ClinicalDocument') docTime = tag.attributes.value?.value ?? '';
    if (local === 'title' && parent === 'section') {
      inSectionTitle = true;
      sectionTitle = '';
    }
    if (local === 'text' && parent === 'section') {
      out.push(`<h2>${escapeText(sectionTitle || 'Section')}</h2><div class="narrative">`);
      textDepth = path.length;
    }
  });
  parser.on('text', (t) => {
    const local = path[path.length - 1];
    const parent = path[path.length - 2];
    if (textDepth >= 0) out.push(escapeText(t));
    else if (inSectionTitle) sectionTitle += t;
    else if (local === 'title' && parent === 'ClinicalDocument') docTitle += t;
  });
  parser.on('closetag', () => {
    const html = htmlStack.pop();
    const local = path[path.length - 1];
    if (textDepth >= 0 && path.length === textDepth && local === 'text') {
      out.push('</div>');
      textDepth = -1;
    } else if (html) out.push(`</${html}>`);
    if (local === 'title' && inSectionTitle) inSectionTitle = false;
    path.pop();
  });
  parser.write(xml).close();

  const when = /^\d{8}/.test(docTime)
    ? `${docTime.slice(0, 4)}-${docTime.slice(4, 6)}-${docTime.slice(6, 8)}${docTime.length >= 12 ? ` ${docTime.slice(8, 10)}:${docTime.slice(10, 12)}` : ''}${docTime.slice(14)}`
    : '';
  const title = escapeText(docTitle.trim() || 'Clinical document');
  return (
    `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>` +
    `<body><h1>${title}</h1>${when ? `<p class="meta">Generated ${escapeText(when)}</p>` : ''}${out.join('')}</body></html>`
  );
}
