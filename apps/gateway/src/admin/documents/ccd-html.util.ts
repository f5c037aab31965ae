import { SaxesParser } from 'saxes';
import { escapeText } from '@gw/xml-escape';

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
  'body{font-family:system-ui,sans-serif;margin:0;color:#212b32}main{margin:0 auto;padding:0 2em 2em;max-width:70em}' +
  'table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}' +
  'th{background:#eee}h2{border-bottom:2px solid #005eb8;margin-top:1.5em}.meta{color:#4c6272}' +
  '.banner{position:sticky;top:0;background:#005eb8;color:#fff;padding:.6em 2em;display:flex;flex-wrap:wrap;gap:.3em 2.5em;align-items:baseline}' +
  '.banner .name{font-size:1.4em;font-weight:700}.banner dl{display:flex;flex-wrap:wrap;gap:.2em 2em;margin:0}.banner dt{font-size:.85em;opacity:.85}' +
  '.banner dd{margin:0;font-weight:600}.banner div{display:flex;gap:.4em;align-items:baseline}' +
  'section{scroll-margin-top:4em}nav ol{columns:2;padding-left:1.5em}nav a{color:#005eb8}.signout{float:right;margin:.8em 0}.signout button{font-size:.9em}';

/** HL7 OID of the NHS number (recordTarget/patientRole/id root). */
const NHS_NUMBER_OID = '2.16.840.1.113883.2.1.4.1';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Who the record is about, as the CCD's recordTarget states it. */
export interface CcdPatient {
  nhsNumber?: string;
  given: string[];
  family?: string;
  birthTime?: string;
  gender?: string;
}

export interface CcdHtmlOptions {
  /** The patient's GP practice (from the stored document's metadata). */
  practice?: { odsCode: string; name?: string };
  /** The NHS number the document is stored under; rendering refuses a CCD about anyone else. */
  expectedNhsNumber?: string;
  /** Adds a sign-out button (the page was opened with an admin browser session). */
  signOut?: boolean;
}

/** NHS number in the 3-3-4 groups clinicians read it in. */
function formatNhsNumber(n: string): string {
  return /^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
}

/** HL7 TS (YYYYMMDD…) as a date in the NHS banner form, e.g. 01-Jan-1980. */
function formatDate(ts: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(ts ?? '');
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  return `${m[3]}-${MONTHS[Number(m[2]) - 1]}-${m[1]}`;
}

function bannerHtml(p: CcdPatient, practice: CcdHtmlOptions['practice']): string {
  const name = [p.family ? p.family.toUpperCase() : '', p.given.join(' ')].filter(Boolean).join(', ') || 'Name not recorded';
  const field = (label: string, value: string | undefined) => `<div><dt>${label}</dt><dd>${escapeText(value || 'Not recorded')}</dd></div>`;
  const gp = practice ? `${practice.name ?? 'Practice'} (${practice.odsCode})` : undefined;
  return (
    `<header class="banner" aria-label="Patient banner"><span class="name">${escapeText(name)}</span><dl>` +
    field('NHS number', p.nhsNumber && formatNhsNumber(p.nhsNumber)) +
    field('Born', formatDate(p.birthTime)) +
    field('Gender', p.gender) +
    field('GP practice', gp) +
    `</dl></header>`
  );
}

function spanAttr(name: string, value: string | undefined): string {
  return value && /^\d{1,3}$/.test(value) ? ` ${name}="${value}"` : '';
}

/**
 * Renders a CCD for a human reader: a patient banner (name, NHS number, date of birth, gender, GP
 * practice) from the recordTarget, the document title and time, an index of the sections, then each
 * section's title and narrative block mapped to plain HTML. No XSLT and nothing active: every text
 * is escaped, no attribute is copied except numeric row/column spans, links become plain text,
 * multimedia is dropped. Streams with saxes, so mixed content keeps its order.
 */
export function renderCcdHtml(xml: string, opts: CcdHtmlOptions = {}): string {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const path: string[] = [];
  const sections: { title: string; html: string[] }[] = [];
  let out: string[] = [];
  /** Depth at which the current section's <text> opened, or -1 outside narrative. */
  let textDepth = -1;
  let docTitle = '';
  let docTime = '';
  let inSectionTitle = false;
  let sectionTitle = '';
  const htmlStack: (string | undefined)[] = [];
  const patient: CcdPatient = { given: [] };
  /** Only the first name of the patient is the banner's (later ones are e.g. previous names). */
  let nameDone = false;
  let nameText: 'given' | 'family' | undefined;
  let nameBuf = '';

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
    const inPatientRole = path[1] === 'recordTarget' && path[2] === 'patientRole';
    if (inPatientRole && path.length === 4 && local === 'id' && tag.attributes.root?.value === NHS_NUMBER_OID)
      patient.nhsNumber ??= tag.attributes.extension?.value;
    if (inPatientRole && path[3] === 'patient' && path.length === 5) {
      if (local === 'birthTime') patient.birthTime = tag.attributes.value?.value;
      if (local === 'administrativeGenderCode') patient.gender = tag.attributes.displayName?.value;
    }
    if (
      inPatientRole &&
      !nameDone &&
      parent === 'name' &&
      path[3] === 'patient' &&
      path.length === 6 &&
      (local === 'given' || local === 'family')
    ) {
      nameText = local;
      nameBuf = '';
    }
    if (local === 'effectiveTime' && parent === 'ClinicalDocument') docTime = tag.attributes.value?.value ?? '';
    if (local === 'title' && parent === 'section') {
      inSectionTitle = true;
      sectionTitle = '';
    }
    if (local === 'text' && parent === 'section') {
      out = [];
      sections.push({ title: sectionTitle.trim() || 'Section', html: out });
      textDepth = path.length;
    }
  });
  parser.on('text', (t) => {
    const local = path[path.length - 1];
    const parent = path[path.length - 2];
    if (textDepth >= 0) out.push(escapeText(t));
    else if (nameText) nameBuf += t;
    else if (inSectionTitle) sectionTitle += t;
    else if (local === 'title' && parent === 'ClinicalDocument') docTitle += t;
  });
  parser.on('closetag', () => {
    const html = htmlStack.pop();
    const local = path[path.length - 1];
    if (textDepth >= 0 && path.length === textDepth && local === 'text') textDepth = -1;
    else if (html) out.push(`</${html}>`);
    if (local === 'title' && inSectionTitle) inSectionTitle = false;
    if (nameText && local === nameText) {
      const v = nameBuf.trim();
      if (v && nameText === 'given') patient.given.push(v);
      if (v && nameText === 'family') patient.family ??= v;
      nameText = undefined;
    }
    if (local === 'name' && path[3] === 'patient' && path.length === 5) nameDone = true;
    path.pop();
  });
  parser.write(xml).close();

  // Patient safety: a page must never show one patient's record under another's identity.
  if (opts.expectedNhsNumber !== undefined && patient.nhsNumber !== opts.expectedNhsNumber)
    throw new Error('The document names a different patient than the record it is stored under');

  const when = /^\d{8}/.test(docTime)
    ? `${docTime.slice(0, 4)}-${docTime.slice(4, 6)}-${docTime.slice(6, 8)}${docTime.length >= 12 ? ` ${docTime.slice(8, 10)}:${docTime.slice(10, 12)}` : ''}${docTime.slice(14)}`
    : '';
  const title = escapeText(docTitle.trim() || 'Clinical document');
  const index = sections.length
    ? `<nav aria-label="Sections"><h2>Sections</h2><ol>${sections.map((sec, i) => `<li><a href="#s${i + 1}">${escapeText(sec.title)}</a></li>`).join('')}</ol></nav>`
    : '';
  const body = sections
    .map((sec, i) => `<section id="s${i + 1}"><h2>${escapeText(sec.title)}</h2><div class="narrative">${sec.html.join('')}</div></section>`)
    .join('');
  const signOut = opts.signOut
    ? `<form class="signout" method="post" action="/admin/logout"><button type="submit">Sign out</button></form>`
    : '';
  const docName = patient.family ? `${title} — ${escapeText(patient.family.toUpperCase())}` : title;
  return (
    `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${docName}</title><style>${STYLE}</style></head>` +
    `<body>${bannerHtml(patient, opts.practice)}<main>${signOut}<h1>${title}</h1>${when ? `<p class="meta">Generated ${escapeText(when)}</p>` : ''}` +
    `${index}${body}</main></body></html>`
  );
}
