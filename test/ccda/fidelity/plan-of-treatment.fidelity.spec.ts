import { convertBundleToCcd } from '@gw/ccda';
import { OPTIONS, parseXml, resources, type Json } from '../ccda-fixtures.util';
import { allDocuments, entriesFor, identifiesSource, nodes, snomed, sourceOf, str, T, tpl, ts, type ReadDoc } from './clinical-reader.util';
import { SYNTHETIC_PLAN } from './synthetic-plan.bundle';

/**
 * Referrals and diary entries read back by template. An open referral or a diary entry (a
 * ProcedureRequest no DiagnosticReport is based on) is one Planned Act (4.39); a completed or
 * cancelled referral one Procedure Activity Act (4.12). The Planned Act's effectiveTime is when the
 * record says it is to happen (`occurrence[x]`; the published diary example names the element
 * `occurrence`, without its type suffix), and nothing when the record gives no date. The requester,
 * when the bundle holds them, is the Author Participation at `authoredOn`, also of the item's note.
 */

const synthetic: ReadDoc = (() => {
  const xml = convertBundleToCcd(SYNTHETIC_PLAN, OPTIONS).xml;
  return { name: 'synthetic plan', bundle: SYNTHETIC_PLAN, doc: parseXml(xml), xml };
})();

const DONE = new Set(['completed', 'cancelled', 'entered-in-error']);

/** The referrals and diary entries of a bundle, each with the template a receiver finds it under. */
function planItems(bundle: Json): { res: Json; key: string; template: readonly string[] }[] {
  const basedOn = new Set(
    resources(bundle)
      .filter((r) => r.resourceType === 'DiagnosticReport')
      .flatMap((r) => (r.basedOn ?? []).map((b: Json) => b.reference)),
  );
  return [
    ...sourceOf(bundle, 'ReferralRequest').map((r) => ({ ...r, template: DONE.has(r.res.status) ? T.procedureActivityAct : T.plannedAct })),
    ...sourceOf(bundle, 'ProcedureRequest')
      .filter((p) => !basedOn.has(p.key))
      .map((p) => ({ ...p, template: T.plannedAct })),
  ];
}

const docs = [...allDocuments(), synthetic].filter((d) => planItems(d.bundle).length > 0);

/** The Practitioner a requester reference names, through a PractitionerRole too; undefined when not in the bundle. */
function requesterOf(bundle: Json, r: Json): Json | undefined {
  const byRef = (ref: unknown) => resources(bundle).find((x) => `${x.resourceType}/${x.id}` === ref);
  const who = byRef(r.requester?.agent?.reference);
  return who?.resourceType === 'PractitionerRole'
    ? byRef(who.practitioner?.reference)
    : who?.resourceType === 'Practitioner'
      ? who
      : undefined;
}

/** When the record says the item is to happen: occurrenceDateTime / occurrencePeriod, or the bare `occurrence`. */
function plannedTime(r: Json): { at?: string; low?: string; high?: string } | undefined {
  const period = r.occurrencePeriod ?? (typeof r.occurrence === 'object' ? r.occurrence : undefined);
  if (period) return { low: ts(period.start), high: ts(period.end) };
  const at = r.occurrenceDateTime ?? (typeof r.occurrence === 'string' ? r.occurrence : undefined);
  return at ? { at: ts(at) } : undefined;
}

function sdsId(p: Json): string {
  return (p.identifier ?? []).find((i: Json) => String(i.system).endsWith('sds-user-id'))?.value ?? '';
}

it('covers a diary entry dated by the bare `occurrence`, a requester in the bundle and one missing from it, and a note', () => {
  const all = docs.flatMap((d) => planItems(d.bundle).map((p) => ({ d, p })));
  expect(all.some(({ p }) => p.res.occurrence !== undefined)).toBe(true);
  expect(all.some(({ d, p }) => requesterOf(d.bundle, p.res))).toBe(true);
  expect(all.some(({ d, p }) => p.res.requester && !requesterOf(d.bundle, p.res))).toBe(true);
  expect(all.some(({ p }) => p.res.note?.length)).toBe(true);
});

describe.each(docs.map((d) => [d.name, d] as const))('referrals and diary entries of %s', (_name, d) => {
  const items = planItems(d.bundle);

  it('bundle → document: each is one Planned Act (open) or Procedure Activity Act (done) with its code', () => {
    const faults: string[] = [];
    for (const p of items) {
      const found = entriesFor(d.doc, p.template, p);
      if (found.length !== 1) {
        faults.push(`${p.key}: ${found.length} entries`);
        continue;
      }
      const code = snomed(p.res.resourceType === 'ProcedureRequest' ? p.res.code : (p.res.serviceRequested?.[0] ?? p.res.type));
      const want = code?.code ?? (p.res.resourceType === 'ReferralRequest' ? '3457005' : undefined);
      if (want && str(found[0], 'h:code/@code') !== want) faults.push(`${p.key}: code ${str(found[0], 'h:code/@code')}`);
    }
    expect(faults).toEqual([]);
  });

  it('a Planned Act says when the record plans it, at source precision, and nothing when the record gives no date', () => {
    const faults: string[] = [];
    for (const p of items.filter((x) => x.template === T.plannedAct)) {
      const e = entriesFor(d.doc, T.plannedAct, p)[0];
      if (!e) continue;
      const want = plannedTime(p.res);
      const got = {
        at: str(e, 'h:effectiveTime/@value') || undefined,
        low: str(e, 'h:effectiveTime/h:low/@value') || undefined,
        high: str(e, 'h:effectiveTime/h:high/@value') || undefined,
      };
      if (!want && nodes(e, 'h:effectiveTime').length) faults.push(`${p.key}: an effectiveTime the record does not give`);
      if (want?.at && got.at !== want.at) faults.push(`${p.key}: due ${got.at} for ${want.at}`);
      if (want && !want.at && (got.low !== want.low || got.high !== want.high))
        faults.push(`${p.key}: period ${got.low}–${got.high} for ${want.low}–${want.high}`);
    }
    expect(faults).toEqual([]);
  });

  it('the requester is the author at the authored date, of the item and of its note; no author when the bundle lacks them', () => {
    const faults: string[] = [];
    const author = `h:author${tpl(T.authorParticipation)}`;
    for (const p of items) {
      const e = entriesFor(d.doc, p.template, p)[0];
      if (!e) continue;
      const requester = requesterOf(d.bundle, p.res);
      const notes = nodes(e, `h:entryRelationship/h:act${tpl(T.commentActivity)}`);
      for (const x of [e, ...notes]) {
        const what = x === e ? p.key : `${p.key} note`;
        if (!requester || !p.res.authoredOn) {
          if (nodes(x, author).length) faults.push(`${what}: an author the record does not name`);
          continue;
        }
        if (str(x, `${author}/h:time/@value`) !== ts(p.res.authoredOn))
          faults.push(`${what}: author time ${str(x, `${author}/h:time/@value`)}`);
        if (str(x, `${author}/h:assignedAuthor/h:id/@extension`) !== sdsId(requester)) faults.push(`${what}: author is not the requester`);
        if (str(x, `${author}/h:assignedAuthor/h:assignedPerson/h:name/h:family`) !== requester.name?.[0]?.family)
          faults.push(`${what}: author name`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('document → bundle: every Planned Act and Procedure Activity Act is a referral or diary entry of the bundle', () => {
    const acts = [
      ...nodes(d.doc, `//h:section[h:code/@code='18776-5']/h:entry/h:act${tpl(T.plannedAct)}`),
      ...nodes(d.doc, `//h:section[h:code/@code='47519-4']/h:entry/h:act${tpl(T.procedureActivityAct)}`),
    ];
    expect(acts.filter((a) => !identifiesSource(a, items)).length).toBe(0);
    expect(acts.length).toBe(items.length);
  });
});

describe('synthetic referrals and diary entries', () => {
  const act = (id: string, t: readonly string[]) => nodes(synthetic.doc, `//h:act${tpl(t)}[h:id/@extension='${id}']`)[0];
  const author = `h:author${tpl(T.authorParticipation)}`;

  it('an open referral: planned date, the requester through their PractitionerRole (SDS job role) at the authored time', () => {
    const e = act('ReferralRequest/ref-open', T.plannedAct);
    expect(str(e, 'h:effectiveTime/@value')).toBe('20240415');
    expect(str(e, `${author}/h:time/@value`)).toBe('20240301100000+0000');
    expect(str(e, `${author}/h:assignedAuthor/h:id/@extension`)).toBe('G13579135');
    expect(str(e, `${author}/h:assignedAuthor/h:code/@code`)).toBe('R0260');
    expect(str(e, `h:entryRelationship/h:act${tpl(T.commentActivity)}/${author}/h:time/@value`)).toBe('20240301100000+0000');
  });

  it('a completed referral (Procedure Activity Act) has its requester as author', () => {
    const e = act('ReferralRequest/ref-done', T.procedureActivityAct);
    expect(str(e, `${author}/h:time/@value`)).toBe('20231102');
    expect(str(e, `${author}/h:assignedAuthor/h:id/@extension`)).toBe('G13579135');
  });

  it('a requester missing from the bundle is not claimed; the planned period is kept', () => {
    const e = act('ReferralRequest/ref-elsewhere', T.plannedAct);
    expect(nodes(e, 'h:author')).toHaveLength(0);
    expect(str(e, 'h:effectiveTime/h:low/@value') + '–' + str(e, 'h:effectiveTime/h:high/@value')).toBe('20240501–20240630');
  });

  it('a diary entry due from a date: effectiveTime low only, no end claimed', () => {
    const e = act('ProcedureRequest/diary1', T.plannedAct);
    expect(str(e, 'h:effectiveTime/h:low/@value')).toBe('20240701');
    expect(nodes(e, 'h:effectiveTime/h:high')).toHaveLength(0);
    expect(str(e, `${author}/h:time/@value`)).toBe('20240301');
  });
});

describe('the published diary entry example', () => {
  const d = allDocuments().find((x) => x.name === 'diaryentries_response1.json')!;

  it('keeps each due date given as `occurrence` in the entry and in the table', () => {
    const e = nodes(d.doc, `//h:act${tpl(T.plannedAct)}[h:id/@extension='ProcedureRequest/eba25af1-5b74-4790-aa5a-2134fd27ad45']`)[0];
    expect(str(e, 'h:effectiveTime/@value')).toBe('20190502');
    const row = nodes(d.doc, `//h:section[h:code/@code='18776-5']//h:tr[@ID='${str(e, 'h:text/h:reference/@value').slice(1)}']`)[0];
    expect(str(row, 'h:td[1]')).toBe('2019-05-02');
  });
});
