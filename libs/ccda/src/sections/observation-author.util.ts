import { ConversionContext } from '../conversion-context';
import { XmlWriter } from '../xml/xml-writer.util';
import { FhirResource, obj, str } from '../fhir/fhir-access.util';
import { writeAuthor } from './entry-parts.util';

/**
 * Author Participation for an Observation: the first Practitioner (or PractitionerRole) among its
 * performers, at the time the result was issued (else the time it applies to). Nothing is written
 * when the record names no clinician.
 */
export function writeObservationAuthor(w: XmlWriter, ctx: ConversionContext, o: FhirResource): void {
  const who = observationPerformer(ctx, o);
  if (who) writeAuthor(w, ctx, who, str(o.issued) ?? appliesAt(o));
}

/**
 * Author of a Comment Activity on an Observation (its `comment`): the comment is part of the same
 * record entry, written by the clinician who recorded the observation, so it has the observation's
 * author (the same person and time; nothing when the observation names no clinician).
 */
export function commentAuthor(ctx: ConversionContext, o: FhirResource): (w: XmlWriter) => void {
  return (w) => writeObservationAuthor(w, ctx, o);
}

export function observationPerformer(ctx: ConversionContext, o: FhirResource): FhirResource | undefined {
  // STU3 makes performer a list; some GP systems send a single reference.
  for (const p of Array.isArray(o.performer) ? o.performer : [o.performer]) {
    const r = ctx.index.peek(p);
    if (r && (r.resourceType === 'Practitioner' || r.resourceType === 'PractitionerRole')) return r;
  }
  return undefined;
}

/**
 * Author Participation for an organizer: the clinician who performed all its observations, when
 * they name one and the same Practitioner (at the first one's time); nothing otherwise.
 */
export function writeSharedAuthor(w: XmlWriter, ctx: ConversionContext, members: FhirResource[]): void {
  if (members.length === 0) return;
  const who = observationPerformer(ctx, members[0]);
  if (!who || members.some((m) => observationPerformer(ctx, m) !== who)) return;
  writeAuthor(w, ctx, who, str(members[0].issued) ?? appliesAt(members[0]));
}

function appliesAt(o: FhirResource): string | undefined {
  return str(o.effectiveDateTime) ?? str(obj(o.effectivePeriod)?.start);
}
