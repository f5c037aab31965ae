import { nodes, str } from '../ccda-fixtures.util';
import { byTemplate, TEMPLATE } from './ccd-reader.util';
import { fidelityDocuments, type FidelityDocument } from './fidelity-documents.util';

/**
 * Comments on results and vital signs (Comment Activity 4.64 under the observation) read back with
 * their author: a comment is part of the observation's record entry, so it has the observation's
 * author — the same clinician (assignedAuthor id) at the same time.
 */

const COMMENT_ACTIVITY = '2.16.840.1.113883.10.20.22.4.64';
const docs = fidelityDocuments();

const [VITAL_ROOT, VITAL_EXT] = TEMPLATE.vitalSignObservation.split(':');
const isVital = (el: Element) => nodes(el, `h:templateId[@root='${VITAL_ROOT}' and @extension='${VITAL_EXT}']`).length > 0;

/** Comment Activities under Result and Vital Sign Observations that have an author. */
function commented(d: FidelityDocument): { el: Element; act: Element }[] {
  return [...byTemplate(d.doc, TEMPLATE.resultObservation), ...byTemplate(d.doc, TEMPLATE.vitalSignObservation)]
    .filter((el) => nodes(el, 'h:author').length > 0)
    .flatMap((el) => nodes(el, `h:entryRelationship/h:act[h:templateId/@root='${COMMENT_ACTIVITY}']`).map((act) => ({ el, act })));
}

describe('C-CDA fidelity: authors of comments on observations', () => {
  it('covers comments on results and on vital signs', () => {
    const kinds = new Set(docs.flatMap(commented).map(({ el }) => (isVital(el) ? 'vital sign' : 'result')));
    expect([...kinds].sort()).toEqual(['result', 'vital sign']);
  });

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    "%s: a result's or vital sign's comment has the observation's author",
    (_name, d) => {
      const author = (n: Node) =>
        [
          str(n, 'h:author/h:time/@value'),
          str(n, 'h:author/h:assignedAuthor/h:id/@root'),
          str(n, 'h:author/h:assignedAuthor/h:id/@extension'),
        ].join('|');
      const faults = commented(d)
        .filter(({ el, act }) => author(act) !== author(el))
        .map(
          ({ el, act }) =>
            `${str(el, 'h:id/@extension') || str(el, 'h:id/@root')}: comment by ${author(act)}, observation by ${author(el)}`,
        );
      expect(faults).toEqual([]);
    },
  );
});
