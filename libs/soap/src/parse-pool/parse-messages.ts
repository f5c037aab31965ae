import type { XmlLimit, XmlParseOptions } from '../xml/parse-xml';
import type { SourceRange } from '../xml/parse-xml';
import type { XmlElement } from '../xml/xml-element';

/**
 * What crosses the thread boundary. Everything here is structured-clone-able: the element tree is
 * plain objects (its non-enumerable `parent` links are not copied and are restored on arrival), and
 * the range map's keys are elements of the same tree, so the clone keeps them pointing into it.
 */
export interface ParseJobMessage {
  id: number;
  xml: string;
  options: XmlParseOptions;
  /** Only set by tests: the worker exits or never answers, as a crashed or stuck one would. */
  fault?: 'exit' | 'hang';
}

export type ParseResultMessage =
  | { id: number; ok: true; root: XmlElement; ranges: Map<XmlElement, SourceRange>; idCounts: Map<string, number> }
  | { id: number; ok: false; rejected?: { kind: 'doctype' | 'malformed' | 'limit'; message: string; limit?: XmlLimit } };
