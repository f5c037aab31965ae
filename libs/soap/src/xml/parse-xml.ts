import { SaxesParser } from 'saxes';
import { XmlElement } from './xml-element';

/** Bounds checked while parsing, so hostile input is refused before it costs more than the limit. */
export interface XmlParseLimits {
  /** Maximum element nesting depth. */
  maxDepth: number;
  /** Maximum number of elements. */
  maxElements: number;
  /** Maximum attributes on one element (namespace declarations included). */
  maxAttributesPerElement: number;
  /** Maximum attributes in the whole document (namespace declarations included). */
  maxAttributes: number;
  /** Longest text content of one element, or attribute value, in characters. */
  maxTextLength: number;
}

/** Generous bounds for documents the gateway itself reads (not for caller input: the SOAP edge sets its own). */
export const DEFAULT_XML_LIMITS: XmlParseLimits = {
  maxDepth: 100,
  maxElements: 2_000_000,
  maxAttributesPerElement: 10_000,
  maxAttributes: 10_000_000,
  maxTextLength: 256 * 1024 * 1024,
};

/** Which bound a refused document broke; the SOAP edge names it in the fault. */
export type XmlLimit = 'depth' | 'elements' | 'attributes-per-element' | 'attributes' | 'text' | 'tracked-size';

/** Why a document was refused; the SOAP edge turns each kind into a Sender fault. */
export class XmlRejectedError extends Error {
  constructor(
    readonly kind: 'doctype' | 'malformed' | 'limit',
    /** Safe to send to the caller: it says what was refused, never echoes the input. */
    message: string,
    readonly limit?: XmlLimit,
  ) {
    super(message);
  }
}

/** An element whose exact text in the input is wanted (the XUA assertion, verified over its own bytes). */
export interface TrackedElement {
  ns: string;
  local: string;
  /** Longest accepted source text of one such element, in characters. */
  maxLength: number;
  /** What it is, for the refusal ("SAML assertion"). */
  label: string;
}

export interface XmlParseOptions {
  limits?: Partial<XmlParseLimits>;
  track?: TrackedElement;
  /** Count the values of ID attributes (local name ID, Id or id, any namespace) over the whole document. */
  countIds?: boolean;
}

/** Half-open character range [start, end) of an element's markup in the parsed string. */
export interface SourceRange {
  start: number;
  end: number;
}

export interface ParsedXml {
  root: XmlElement;
  /** Source range of every tracked element. */
  ranges: Map<XmlElement, SourceRange>;
  /** ID attribute value → how many elements carry it (only with `countIds`). */
  idCounts: Map<string, number>;
}

const DOCTYPE = /<!DOCTYPE/i;
/** A DOCTYPE can only precede the root element; the prolog is searched here, saxes catches the rest. */
const PROLOG_SCAN = 4096;
/** Characters parsed between two turns of the event loop in parseXmlDocumentInSlices (about a millisecond). */
export const XML_SLICE_CHARS = 64 * 1024;
const ID_NAMES = new Set(['ID', 'Id', 'id']);

interface Parse {
  /** Feeds input[from, to) to the parser. */
  write(from: number, to: number): void;
  finish(): ParsedXml;
}

/**
 * The single pass shared by the synchronous and the sliced parse.
 *
 * Any DOCTYPE is refused (SOAP 1.2 forbids a DTD, and with none there are no custom entities, so
 * no XXE or entity expansion is possible). Undeclared entity references and undeclared prefixes
 * are errors. Every limit is checked as the parser reaches it, so the work spent on a refused
 * document is bounded by the limits, not by its size.
 */
function startParse(input: string, options: XmlParseOptions): Parse {
  if (DOCTYPE.test(input.slice(0, PROLOG_SCAN))) throw new XmlRejectedError('doctype', 'DOCTYPE declarations are not allowed');
  const limits: XmlParseLimits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  const track = options.track;
  const parser = new SaxesParser({ xmlns: true, position: !!track });
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  const ranges = new Map<XmlElement, SourceRange>();
  const idCounts = new Map<string, number>();
  /** Tracked elements still open, outermost first. */
  const open: { el: XmlElement; start: number }[] = [];
  let tagStart = 0;
  let elements = 0;
  let attributes = 0;
  let tagAttributes = 0;
  let failure: Error | undefined;

  const refuse = (limit: XmlLimit, message: string): never => {
    throw new XmlRejectedError('limit', message, limit);
  };
  const checkTracked = (): void => {
    if (track && open.length && parser.position - open[0].start > track.maxLength) {
      refuse('tracked-size', `a ${track.label} larger than ${track.maxLength} characters`);
    }
  };

  parser.on('doctype', () => {
    throw new XmlRejectedError('doctype', 'DOCTYPE declarations are not allowed');
  });
  parser.on('opentagstart', () => {
    if (stack.length >= limits.maxDepth) refuse('depth', `element nesting deeper than ${limits.maxDepth}`);
    if (++elements > limits.maxElements) refuse('elements', `more than ${limits.maxElements} elements`);
    tagAttributes = 0;
    // The position is just past the tag name; a tag name holds no '<'.
    if (track) tagStart = input.lastIndexOf('<', parser.position);
  });
  // saxes checks each attribute as it reads it, so the per-element and total bounds hold before the tag ends.
  parser.on('attribute', (a) => {
    if (a.value.length > limits.maxTextLength) refuse('text', `an attribute value longer than ${limits.maxTextLength} characters`);
    if (++tagAttributes > limits.maxAttributesPerElement) {
      refuse('attributes-per-element', `more than ${limits.maxAttributesPerElement} attributes on one element`);
    }
    if (++attributes > limits.maxAttributes) refuse('attributes', `more than ${limits.maxAttributes} attributes in the message`);
  });
  parser.on('opentag', (tag) => {
    const attrs = Object.values(tag.attributes)
      .filter((a) => a.prefix !== 'xmlns' && !(a.prefix === '' && a.local === 'xmlns'))
      .map((a) => ({ ns: a.uri ?? '', local: a.local, prefix: a.prefix, value: a.value }));
    if (options.countIds) {
      for (const a of attrs) if (ID_NAMES.has(a.local)) idCounts.set(a.value, (idCounts.get(a.value) ?? 0) + 1);
    }
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
    if (track && el.local === track.local && el.ns === track.ns) open.push({ el, start: tagStart });
    checkTracked();
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.text.length + t.length > limits.maxTextLength) refuse('text', `text longer than ${limits.maxTextLength} characters`);
    top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const el = stack.pop();
    if (!track || !open.length) return;
    checkTracked();
    if (open[open.length - 1].el === el) {
      const { start } = open.pop()!;
      ranges.set(el!, { start, end: parser.position });
    }
  });
  parser.on('error', (e) => {
    failure ??= e;
  });
  const guarded = (step: () => void): void => {
    try {
      step();
    } catch (e) {
      if (e instanceof XmlRejectedError) throw e;
      throw new XmlRejectedError('malformed', (e as Error).message);
    }
    if (failure) throw new XmlRejectedError('malformed', failure.message);
  };
  return {
    write: (from, to) => guarded(() => parser.write(input.slice(from, to))),
    finish: () => {
      guarded(() => parser.close());
      if (!root) throw new XmlRejectedError('malformed', 'no root element');
      return { root, ranges, idCounts };
    },
  };
}

/** Parses XML into a namespace-resolved element tree, in one pass with no recursion. */
export function parseXmlDocument(input: string, options: XmlParseOptions = {}): ParsedXml {
  const parse = startParse(input, options);
  parse.write(0, input.length);
  return parse.finish();
}

/**
 * The same single pass, yielding to the event loop every XML_SLICE_CHARS characters: a large
 * request never holds the process for longer than one slice, so small requests (and /health)
 * are served in between. Limits still refuse a hostile document within its first slices.
 */
export async function parseXmlDocumentInSlices(
  input: string,
  options: XmlParseOptions = {},
  sliceChars = XML_SLICE_CHARS,
): Promise<ParsedXml> {
  const parse = startParse(input, options);
  for (let from = 0; from < input.length; from += sliceChars) {
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    parse.write(from, Math.min(input.length, from + sliceChars));
  }
  return parse.finish();
}

/** Parses XML into a namespace-resolved element tree (see parseXmlDocument). */
export function parseXml(input: string, limits: Partial<XmlParseLimits> = DEFAULT_XML_LIMITS): XmlElement {
  return parseXmlDocument(input, { limits }).root;
}
