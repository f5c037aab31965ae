import { ConversionContext } from '../conversion-context';
import {
  agentName,
  arr,
  clinicianTerm,
  codeableConcept,
  CodeableConcept,
  extension,
  FhirResource,
  notes,
  obj,
  str,
} from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { pickCodes, pqValue, ucumUnit, writeConcept, writeFixedCode, writeTemplate, writeTextRef, writeTs } from '../hl7/datatypes.util';
import { escapeText } from '@gw/xml-escape';
import { XmlWriter } from '../xml/xml-writer.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { join, NarrativeTable, notesCell } from '../narrative/narrative.util';
import { writeAuthor, writeComment, writeItemId, writePerformer } from './entry-parts.util';
import { immunizationPerformer, immunizationRecordedDate, immunizationRecorder } from './immunization-people.util';
import { writeRouteCode } from './route-code.util';
import { SectionBuilder } from './section.builder';

/** HL7 ActReason for a reason not given, only where the GP's reason plainly is the patient's objection. */
function refusalReason(cc: CodeableConcept | undefined): { code: string; displayName: string } | undefined {
  const t = (clinicianTerm(cc) ?? '').toLowerCase();
  if (t.includes('refus') || t.includes('declin') || t.includes('dissent') || t.includes('objection'))
    return { code: 'PATOBJ', displayName: 'patient objection' };
  return undefined;
}

/**
 * The vaccine (Immunization Medication Information's material code). GP Connect often sends vaccineCode
 * as the NullFlavor coding UNK "Unknown" and names the vaccine only through the vaccination procedure
 * extension: the material then says so (nullFlavor OTH: not in the code system asked for) with the
 * procedure's term as originalText and its SNOMED code as translation, so no receiver sees an unnamed vaccine.
 */
function writeVaccine(w: XmlWriter, vaccine: CodeableConcept | undefined, procedure: CodeableConcept | undefined, ref: string): void {
  const proc = pickCodes(procedure);
  if (pickCodes(vaccine).primary || !procedure || (!proc.primary && !clinicianTerm(procedure))) {
    writeConcept(w, vaccine, { tag: 'code', originalTextRef: ref });
    return;
  }
  w.raw(
    '<code nullFlavor="OTH"><originalText>' +
      escapeText(clinicianTerm(procedure) ?? '') +
      '<reference value="#' +
      ref +
      '"/></originalText>',
  );
  for (const c of [proc.primary, ...proc.translations]) {
    if (c) w.empty('translation', { code: c.code, codeSystem: c.oid, codeSystemName: c.name, displayName: c.display });
  }
  w.raw('</code>');
}

/** The vaccine as the reader sees it: its own term when coded, else the procedure that names it. */
function vaccineName(vaccine: CodeableConcept | undefined, procedure: CodeableConcept | undefined): string {
  if (pickCodes(vaccine).primary) return clinicianTerm(vaccine) ?? 'Vaccine';
  return clinicianTerm(procedure) ?? clinicianTerm(vaccine) ?? 'Vaccine not recorded';
}

export function buildImmunizations(ctx: ConversionContext, sb: SectionBuilder, items: FhirResource[]): void {
  if (items.length === 0) return;
  const table = new NarrativeTable(sb.text, undefined, [
    'Vaccine',
    'Procedure',
    'Date',
    'Dose',
    'Route',
    'Site',
    'Batch',
    'Given',
    'Performer',
    'Notes',
  ]);
  for (const im of items) {
    const row = ctx.nid('imm');
    const vaccine = codeableConcept(im.vaccineCode);
    const procedure = codeableConcept(extension(im, 'Extension-CareConnect-VaccinationProcedure-1')?.valueCodeableConcept);
    const date = str(im.date);
    ctx.seeDate(date);
    const notGiven = im.notGiven === true;
    const explanation = obj(im.explanation);
    const reasonNotGiven = codeableConcept(arr(explanation?.reasonNotGiven)[0]);
    const reasonGiven = codeableConcept(arr(explanation?.reason)[0]);
    const route = codeableConcept(im.route);
    const site = codeableConcept(im.site);
    const dq = obj(im.doseQuantity);
    const doseUnit = ucumUnit(dq);
    const doseValue = pqValue(dq?.value);
    const lot = str(im.lotNumber);
    const manufacturer = agentName(ctx.index.peek(im.manufacturer));
    const performerRes = immunizationPerformer(ctx, im);
    const performer = agentName(performerRes);
    const recorder = immunizationRecorder(ctx, im);
    const recorded = immunizationRecordedDate(im);
    const routeTerm = clinicianTerm(route);
    const protocol = obj(arr(im.vaccinationProtocol)[0]);
    const doseSeq =
      protocol && typeof protocol.doseSequence === 'number'
        ? 'dose ' + protocol.doseSequence + (typeof protocol.seriesDoses === 'number' ? ' of ' + protocol.seriesDoses : '')
        : undefined;
    const noteList = notes(im);
    const refusal = notGiven ? refusalReason(reasonNotGiven) : undefined;
    const status = im.status === 'entered-in-error' ? 'nullified' : 'completed';

    const ok = sb.tryEntry(im, (w) => {
      w.open('substanceAdministration', { classCode: 'SBADM', moodCode: 'EVN', negationInd: notGiven ? 'true' : 'false' });
      writeTemplate(w, TEMPLATES.immunizationActivity);
      writeItemId(w, ctx, im);
      if (procedure) writeConcept(w, procedure, { tag: 'code', originalTextRef: row + '-proc' });
      writeTextRef(w, row);
      w.empty('statusCode', { code: status });
      writeTs(w, 'effectiveTime', date);
      writeRouteCode(w, route, routeTerm ? row + '-route' : undefined);
      if (site) writeConcept(w, site, { tag: 'approachSiteCode' });
      if (doseValue && doseUnit) w.empty('doseQuantity', { value: doseValue, unit: doseUnit });
      w.raw('<consumable><manufacturedProduct classCode="MANU">');
      writeTemplate(w, TEMPLATES.immunizationMedicationInformation);
      w.raw('<manufacturedMaterial>');
      writeVaccine(w, vaccine, procedure, row + '-vac');
      if (lot) w.leaf('lotNumberText', lot);
      w.raw('</manufacturedMaterial>');
      if (manufacturer) {
        w.raw('<manufacturerOrganization>');
        w.leaf('name', manufacturer);
        w.raw('</manufacturerOrganization>');
      }
      w.raw('</manufacturedProduct></consumable>');
      writePerformer(w, performerRes);
      // The clinician who recorded the immunisation, when it was entered on the GP system.
      writeAuthor(w, ctx, recorder, recorded);
      // Position in the vaccination course: this administration is component n of the course
      // (Substance Administered Act 4.118), from vaccinationProtocol.doseSequence.
      if (protocol && typeof protocol.doseSequence === 'number' && Number.isInteger(protocol.doseSequence) && protocol.doseSequence > 0) {
        w.raw('<entryRelationship typeCode="COMP" inversionInd="true">');
        w.empty('sequenceNumber', { value: protocol.doseSequence });
        w.raw('<act classCode="ACT" moodCode="EVN">');
        writeTemplate(w, TEMPLATES.substanceAdministeredAct);
        writeItemId(w, ctx, im, 'course');
        w.raw('<code code="416118004" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Administration"/>');
        w.raw('<statusCode code="completed"/></act></entryRelationship>');
      }
      if (refusal) {
        w.raw('<entryRelationship typeCode="RSON"><observation classCode="OBS" moodCode="EVN">');
        writeTemplate(w, TEMPLATES.immunizationRefusalReason);
        writeItemId(w, ctx, im, 'refusal');
        writeFixedCode(
          w,
          'code',
          { code: refusal.code, codeSystem: OID.actReason, codeSystemName: 'HL7ActNoImmunizationReason', displayName: refusal.displayName },
          { originalTextRef: row + '-why' },
        );
        w.raw('<statusCode code="completed"/>');
        w.raw('</observation></entryRelationship>');
      }
      // The notes belong to the immunisation record: the same author.
      if (noteList.length) writeComment(w, row + '-note', (cw) => writeAuthor(cw, ctx, recorder, recorded));
      w.end('substanceAdministration');
    });
    const vaccineText = vaccineName(vaccine, procedure);
    table.row(row, [
      [{ id: row + '-vac', text: vaccineText }],
      procedure ? [{ id: row + '-proc', text: clinicianTerm(procedure) ?? '' }] : undefined,
      displayDate(date),
      join([doseValue ? join([doseValue, str(dq?.unit) ?? doseUnit], ' ') : undefined, doseSeq]),
      routeTerm ? [{ id: row + '-route', text: routeTerm }] : undefined,
      clinicianTerm(site),
      join([lot, manufacturer, str(im.expirationDate) ? 'expires ' + displayDate(str(im.expirationDate)) : undefined]),
      notGiven
        ? [
            { text: 'Not given' },
            {
              id: row + '-why',
              text: clinicianTerm(reasonNotGiven) ? 'Reason: ' + clinicianTerm(reasonNotGiven) : 'Reason not recorded',
              br: true,
            },
          ]
        : join(
            [
              'Given',
              clinicianTerm(reasonGiven) ? '(' + clinicianTerm(reasonGiven) + ')' : undefined,
              im.primarySource === false ? 'reported by another source' : undefined,
            ],
            ' ',
          ),
      performer,
      notesCell(row, noteList, ok),
    ]);
  }
  table.close();
}
