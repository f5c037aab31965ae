import { ConversionContext } from '../conversion-context';
import { FhirResource } from '../fhir/fhir-access.util';
import { writeTemplate } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { InstanceIdentifier } from '../ccd-options';
import { xmlAttr } from '../xml/xml-escape.util';
import { XmlWriter } from '../xml/xml-writer.util';

export function writeId(w: XmlWriter, id: InstanceIdentifier): void {
  w.raw(id.extension ? '<id root="' + id.root + '" extension="' + xmlAttr(id.extension) + '"/>' : '<id root="' + id.root + '"/>');
}

export function writeItemId(w: XmlWriter, ctx: ConversionContext, res: FhirResource, suffix?: string): void {
  w.raw(ctx.itemIdXml(res, suffix));
}

/** Comment Activity (4.64) whose text is the narrative element `ref`. */
export function writeComment(w: XmlWriter, ref: string): void {
  w.raw('<entryRelationship typeCode="SUBJ" inversionInd="true"><act classCode="ACT" moodCode="EVN">');
  writeTemplate(w, TEMPLATES.commentActivity);
  w.raw('<code code="48767-8" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Annotation comment"/>');
  w.raw('<text><reference value="#' + ref + '"/></text>');
  w.raw('</act></entryRelationship>');
}
