import { allDocuments, entriesFor, identifiesSource, nodes, snomed, sourceOf, str, T, tpl, ts } from './clinical-reader.util';
import type { Json } from '../ccda-fixtures.util';

/**
 * Allergies read back by template: every AllergyIntolerance (contained ended ones too) is one
 * Allergy-Intolerance Observation (4.7) in an Allergy Concern Act (4.30), with its substance, onset at
 * source precision and its verification status as C-CDA can carry it: refuted as negationInd="true",
 * unconfirmed as the SNOMED qualifier Finding context (408729009) = Known possible (410590009), and a
 * confirmed (or unstated) allergy with neither, so nothing unconfirmed reads as confirmed. Criticality
 * reads back as the record's (CRITL/CRITH/CRITU) and as no value where it has none; a reaction's onset
 * at source precision (unknown, UNK, without one), and no end: GP Connect states none.
 */

const docs = allDocuments();
const NO_KNOWN = new Set(['716186003', '409137002']);
/** FHIR AllergyIntolerance.criticality → HL7 ObservationValue (2.16.840.1.113883.5.1063), IG digest §5.1. */
const CRITICALITY: Record<string, string> = { low: 'CRITL', high: 'CRITH', 'unable-to-assess': 'CRITU' };
const QUALIFIER = "h:value/h:qualifier[h:name/@code='408729009']/h:value/@code";

describe.each(docs.filter((d) => sourceOf(d.bundle, 'AllergyIntolerance').length > 0).map((d) => [d.name, d] as const))(
  'allergies of %s',
  (_name, d) => {
    const items = sourceOf(d.bundle, 'AllergyIntolerance');

    it('bundle → document: each allergy is one Allergy-Intolerance Observation with substance, onset and verification status', () => {
      const faults: string[] = [];
      for (const a of items) {
        const found = entriesFor(d.doc, T.allergyObservation, a);
        if (found.length !== 1) {
          faults.push(`${a.key}: ${found.length} Allergy-Intolerance Observations`);
          continue;
        }
        const e = found[0];
        if (nodes(e, `parent::h:entryRelationship/parent::h:act${tpl(T.allergyConcern)}`).length !== 1)
          faults.push(`${a.key}: not in a concern act`);
        const code = snomed(a.res.code);
        const noKnown = code && NO_KNOWN.has(code.code);
        const substance = 'h:participant/h:participantRole/h:playingEntity/h:code/@code';
        if (code && !noKnown && str(e, substance) !== code.code) faults.push(`${a.key}: substance ${str(e, substance)}`);
        const onset = ts(a.res.onsetDateTime);
        if (onset && str(e, 'h:effectiveTime/h:low/@value') !== onset) faults.push(`${a.key}: onset`);
        const negated = e.getAttribute('negationInd') === 'true';
        const qualifier = str(e, QUALIFIER);
        const v = a.res.verificationStatus;
        if (v === 'refuted' && !negated) faults.push(`${a.key}: refuted but asserted`);
        // A negated "no known allergy" cannot take the qualifier (it would negate the uncertainty too): its row says it.
        if (v === 'unconfirmed' && !noKnown && qualifier !== '410590009') faults.push(`${a.key}: unconfirmed reads as confirmed`);
        if (
          v === 'unconfirmed' &&
          noKnown &&
          !str(d.doc, `//h:*[@ID='${str(e, 'h:text/h:reference/@value').slice(1)}']`).includes('Unconfirmed')
        )
          faults.push(`${a.key}: unconfirmed no-known-allergy row does not say so`);
        if ((v === 'confirmed' || v === undefined) && (qualifier || (negated && !noKnown)))
          faults.push(`${a.key}: confirmed allergy marked uncertain or negated`);
      }
      expect(faults).toEqual([]);
    });

    it('criticality and reaction times read back as the record states them, and as no value where it states none', () => {
      const faults: string[] = [];
      for (const a of items) {
        const e = entriesFor(d.doc, T.allergyObservation, a)[0];
        if (!e) continue;
        const crit = nodes(e, `h:entryRelationship[@typeCode='SUBJ']/h:observation${tpl(T.criticality)}/h:value`);
        const want = CRITICALITY[a.res.criticality as string];
        if (want && (crit.length !== 1 || crit[0].getAttribute('code') !== want))
          faults.push(`${a.key}: criticality ${crit[0]?.getAttribute('code')} for ${want}`);
        if (!a.res.criticality && crit.some((c) => c.getAttribute('code')))
          faults.push(`${a.key}: a criticality the record does not state`);
        if (!a.res.criticality && crit.some((c) => !c.getAttribute('nullFlavor')))
          faults.push(`${a.key}: criticality without value or nullFlavor`);
        const onsets = (a.res.reaction ?? []).flatMap((r: Json) => (r.manifestation ?? []).map(() => r.onset as string | undefined));
        const reactions = nodes(e, `h:entryRelationship[@typeCode='MFST']/h:observation${tpl(T.reaction)}`);
        if (reactions.length !== onsets.length) faults.push(`${a.key}: ${reactions.length} reactions for ${onsets.length} manifestations`);
        reactions.forEach((r, i) => {
          const low = str(r, 'h:effectiveTime/h:low/@value');
          if (onsets[i] ? low !== ts(onsets[i]) : low) faults.push(`${a.key}: reaction onset ${low} for ${onsets[i]}`);
          // GP Connect states no end of a reaction: any high (even nullFlavor UNK, "ended at an unknown
          // time") would say it ended.
          if (nodes(r, 'h:effectiveTime/h:high').length) faults.push(`${a.key}: a reaction end the record does not state`);
          if (nodes(r, 'h:effectiveTime/h:low').length !== 1) faults.push(`${a.key}: reaction without its onset (or UNK)`);
        });
      }
      expect(faults).toEqual([]);
    });

    it('document → bundle: every Allergy-Intolerance Observation is an AllergyIntolerance of the bundle', () => {
      const obs = nodes(
        d.doc,
        `//h:section[h:code/@code='48765-2']/h:entry/h:act${tpl(T.allergyConcern)}/h:entryRelationship/h:observation${tpl(T.allergyObservation)}`,
      );
      expect(obs.filter((o) => !identifiesSource(o, items)).length).toBe(0);
      expect(obs.length).toBe(items.length);
    });
  },
);
