import { ConversionContext } from '../conversion-context';
import { BundleIndex } from '../fhir/bundle-index';
import { FhirResource, firstName, identifierValue } from '../fhir/fhir-access.util';
import { writePersonName } from '../header/header.builder';
import { OID } from '../hl7/code-systems';
import { writeJobRole } from '../header/job-role.util';
import { fhirToTs } from '../hl7/timestamp.util';
import { writeTemplate } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { InstanceIdentifier } from '../ccd-options';
import { escapeAttr } from '@gw/xml-escape';
import { XmlWriter } from '../xml/xml-writer.util';

export function writeId(w: XmlWriter, id: InstanceIdentifier): void {
  w.raw(id.extension ? '<id root="' + id.root + '" extension="' + escapeAttr(id.extension) + '"/>' : '<id root="' + id.root + '"/>');
}

export function writeItemId(w: XmlWriter, ctx: ConversionContext, res: FhirResource, suffix?: string): void {
  w.raw(ctx.itemIdXml(res, suffix));
}

/**
 * Comment Activity (4.64) whose text is the narrative element `ref`. `author` writes its Author
 * Participation: GP Connect notes belong to the record they are part of, so callers pass that record's author.
 */
export function writeComment(w: XmlWriter, ref: string, author?: (w: XmlWriter) => void): void {
  w.raw('<entryRelationship typeCode="SUBJ" inversionInd="true"><act classCode="ACT" moodCode="EVN">');
  writeTemplate(w, TEMPLATES.commentActivity);
  w.raw('<code code="48767-8" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Annotation comment"/>');
  w.raw('<text><reference value="#' + ref + '"/></text>');
  if (author) author(w);
  w.raw('</act></entryRelationship>');
}

const authorCache = new WeakMap<FhirResource, string>();

/**
 * Author Participation (4.119) for the clinician who recorded an item, when the record names a
 * Practitioner and a date (time is SHALL; without one nothing is claimed). The assignedAuthor part
 * is built once per practitioner; address and telecom are not in the record, so they are UNK.
 */
export function writeAuthor(w: XmlWriter, ctx: ConversionContext, who: FhirResource | undefined, when: string | undefined): void {
  if (!who) return;
  const practitioner = who.resourceType === 'PractitionerRole' ? ctx.index.peek(who.practitioner) : who;
  if (!practitioner || practitioner.resourceType !== 'Practitioner') return;
  const role = who.resourceType === 'PractitionerRole' ? who : roleOf(ctx, practitioner);
  const ts = fhirToTs(when);
  if (!ts) return;
  const cacheKey = role ?? practitioner;
  let assigned = authorCache.get(cacheKey);
  if (assigned === undefined) {
    const sds = identifierValue(practitioner, 'sds-user-id');
    const nw = new XmlWriter();
    nw.raw('<assignedAuthor>');
    nw.raw(sds ? '<id root="' + OID.sdsUserId + '" extension="' + escapeAttr(sds) + '"/>' : '<id nullFlavor="UNK"/>');
    writeJobRole(nw, role);
    nw.raw('<addr nullFlavor="UNK"/><telecom nullFlavor="UNK"/><assignedPerson>');
    writePersonName(nw, firstName(practitioner.name));
    nw.raw('</assignedPerson></assignedAuthor>');
    assigned = nw.toString();
    authorCache.set(cacheKey, assigned);
  }
  w.raw('<author>');
  writeTemplate(w, TEMPLATES.authorParticipation);
  w.raw('<time value="' + ts + '"/>' + assigned + '</author>');
}

/** PractitionerRoles by Practitioner, built once per bundle (authors are written for most entries). */
const rolesByIndex = new WeakMap<BundleIndex, Map<FhirResource, FhirResource>>();

/** The PractitionerRole the record gives for a Practitioner (the first, when there are several). */
export function roleOf(ctx: ConversionContext, practitioner: FhirResource): FhirResource | undefined {
  let roles = rolesByIndex.get(ctx.index);
  if (!roles) {
    roles = new Map();
    for (const pr of ctx.index.ofType('PractitionerRole')) {
      const p = ctx.index.peek(pr.practitioner);
      if (p && !roles.has(p)) roles.set(p, pr);
    }
    rolesByIndex.set(ctx.index, roles);
  }
  return roles.get(practitioner);
}

/**
 * performer/assignedEntity for a Practitioner (SDS user id, else id UNK). Address and telecom are
 * not in the record; they are written as UNK since several entry templates ask for them.
 */
export function writePerformer(w: XmlWriter, who: FhirResource | undefined): void {
  if (!who || who.resourceType !== 'Practitioner') return;
  const sds = identifierValue(who, 'sds-user-id');
  w.raw('<performer><assignedEntity>');
  w.raw(sds ? '<id root="' + OID.sdsUserId + '" extension="' + escapeAttr(sds) + '"/>' : '<id nullFlavor="UNK"/>');
  w.raw('<addr nullFlavor="UNK"/><telecom nullFlavor="UNK"/><assignedPerson>');
  writePersonName(w, firstName(who.name));
  w.raw('</assignedPerson></assignedEntity></performer>');
}
