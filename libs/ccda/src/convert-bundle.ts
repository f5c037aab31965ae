import { randomUUID } from 'node:crypto';
import { CcdOptions, InstanceIdentifier } from './ccd-options';
import { CcdaInputError } from './ccda-input.error';
import { ConversionContext } from './conversion-context';
import { ConversionReport } from './conversion-report';
import { BundleIndex } from './fhir/bundle-index';
import { arr, codeableConcept, FhirResource, isObj, str } from './fhir/fhir-access.util';
import { AREA_PARAMETERS, Area, describeList, LIST_CODES, ListInfo, listItems } from './fhir/gp-connect-lists';
import { isValidNhsNumber, normaliseNhsNumber } from '@gw/nhs-number';
import { SUPPORT_TYPES } from './fhir/support-types';
import { findParties, practiceLabel, writeHeader } from './header/header.builder';
import { isOid, isUuid } from './hl7/code-systems';
import { instantToTs } from './hl7/timestamp.util';
import { NarrativeTable } from './narrative/narrative.util';
import { buildAllergies } from './sections/allergies.section';
import { buildEncounters } from './sections/encounters.section';
import { buildImmunizations } from './sections/immunizations.section';
import { buildMedications, linkMedications } from './sections/medications.section';
import { buildPlanOfTreatment } from './sections/plan-of-treatment.section';
import { AreaAnswer, buildProcedures } from './sections/procedures.section';
import { isReferralDone } from './sections/referral-parts.util';
import { buildProblems, itemLabel } from './sections/problems.section';
import { buildDiagnosticReports, buildMiscellaneous, reportObservations } from './sections/results.section';
import { SectionBuilder, SECTIONS } from './sections/section.builder';
import { buildSocialHistory, isSmokingStatus, isSocialObservation } from './sections/social-history.section';
import { buildVitalSigns, VitalReading, vitalReadings } from './sections/vital-signs.section';
import { TEMPLATES } from './hl7/template-ids';
import { XmlWriter } from './xml/xml-writer.util';

export interface CcdResult {
  xml: string;
  report: ConversionReport;
}

const WARNING_TEXT: Record<string, string> = {
  'confidential-items': 'Some items were withheld by the GP practice (confidential items or patient preference).',
  'data-in-transit': 'The record is still being transferred from a previous GP practice; older information may be missing.',
  'data-awaiting-filing': 'Some information is awaiting filing at the GP practice and is not included.',
};

const EMPTY_REASON_TEXT: Record<string, string> = {
  'no-content-recorded': 'No information recorded at the GP practice',
  nilknown: 'The GP record states that there is nothing to record (nil known)',
  notasked: 'Not asked at the GP practice',
  withheld: 'Information withheld by the GP practice',
  unavailable: 'Information unavailable at the GP practice',
  notstarted: 'Not started at the GP practice',
  closed: 'List closed at the GP practice',
};

/** GP Connect's note on an empty List (spec: "Information not available"), in any case and spacing. */
const EMPTY_LIST_NOTE = /\s*information not available\.?\s*/gi;

export function withoutEmptyListText(note: string): string | undefined {
  const rest = note.replace(EMPTY_LIST_NOTE, ' ').trim();
  return rest === '' ? undefined : rest;
}

function resolveDocumentId(o: CcdOptions): InstanceIdentifier {
  const id = o.documentId ?? (o.idSource ?? randomUUID)();
  if (typeof id === 'string') {
    if (!isUuid(id)) throw new CcdaInputError('BAD_OPTIONS', 'documentId must be a UUID or an { root, extension } identifier');
    return { root: id.toUpperCase() };
  }
  if (!isObj(id) || typeof id.root !== 'string' || !(isOid(id.root) || isUuid(id.root))) {
    throw new CcdaInputError('BAD_OPTIONS', 'documentId.root must be an OID or a UUID');
  }
  return id;
}

function checkOptions(o: CcdOptions): void {
  if (!isObj(o) || !isObj(o.custodian) || typeof o.custodian.name !== 'string' || !o.custodian.name) {
    throw new CcdaInputError('BAD_OPTIONS', 'options.custodian with a name is required');
  }
  if (!isOid(o.custodian.root) && !isUuid(o.custodian.root))
    throw new CcdaInputError('BAD_OPTIONS', 'custodian.root must be an OID or a UUID');
  if (o.localIdRoot !== undefined && !isOid(o.localIdRoot)) throw new CcdaInputError('BAD_OPTIONS', 'localIdRoot must be an OID');
}

/** Entry point: a GP Connect structured-record Bundle (STU3 JSON, parsed) → C-CDA R2.1 CCD and a report. */
export function convertBundleToCcd(bundle: unknown, options: CcdOptions): CcdResult {
  if (!isObj(bundle)) throw new CcdaInputError('NOT_AN_OBJECT', 'input is not a JSON object');
  if (bundle.resourceType !== 'Bundle')
    throw new CcdaInputError(
      'NOT_A_BUNDLE',
      'input is not a FHIR Bundle (resourceType is ' + JSON.stringify(bundle.resourceType ?? null) + ')',
    );
  checkOptions(options);
  const index = new BundleIndex(arr(bundle.entry));
  const patient = index.resources.find((r) => r.resourceType === 'Patient');
  if (!patient) throw new CcdaInputError('NO_PATIENT', 'the bundle has no Patient resource');
  const nhsRaw = arr(patient.identifier)
    .filter(isObj)
    .find((i) => typeof i.system === 'string' && i.system.endsWith('/nhs-number'));
  const nhsNumber = nhsRaw && typeof nhsRaw.value === 'string' ? normaliseNhsNumber(nhsRaw.value) : undefined;
  if (!nhsNumber) throw new CcdaInputError('INVALID_NHS_NUMBER', 'the Patient has no NHS number identifier');
  if (!isValidNhsNumber(nhsNumber)) throw new CcdaInputError('INVALID_NHS_NUMBER', 'the Patient NHS number fails the modulus 11 check');

  const documentId = resolveDocumentId(options);
  const effective = options.effectiveTime ?? (options.clock ?? (() => new Date()))();
  if (!(effective instanceof Date) || Number.isNaN(effective.getTime()))
    throw new CcdaInputError('BAD_OPTIONS', 'effectiveTime must be a valid Date');
  const effectiveTs = instantToTs(effective, options.timezoneOffsetMinutes ?? 0);
  const ctx = new ConversionContext(index, options, options.localIdRoot ?? options.custodian.root);

  // ---- Lists, warnings and the areas that were requested ------------------------------------
  const lists = index.resources.filter((r) => r.resourceType === 'List').map(describeList);
  const byArea = new Map<Area, ListInfo[]>();
  for (const l of lists) {
    if (!l.area) continue;
    const a = byArea.get(l.area) ?? [];
    a.push(l);
    byArea.set(l.area, a);
  }
  const disabled = new Set<Area>();
  const outcomes = [...index.resources.filter((r) => r.resourceType === 'OperationOutcome'), ...arr(options.warnings)];
  for (const oo of outcomes) {
    for (const issue of arr(isObj(oo) ? oo.issue : undefined)) {
      if (!isObj(issue)) continue;
      const text = str(codeableConcept(issue.details)?.text) ?? str(issue.diagnostics) ?? '';
      const param = str(issue.diagnostics) ?? text.split(' ')[0];
      const area = param ? AREA_PARAMETERS[param] : undefined;
      if (text.includes('has been disabled') && area) disabled.add(area);
      else if (text) ctx.issue('GP Connect warning: ' + text);
    }
  }
  const requested = (a: Area) => byArea.has(a) || disabled.has(a);

  // ---- Classify every resource by type (lists decide presence, not membership) -------------
  const ofType = (t: string) => index.ofType(t);
  const ended = new Set<FhirResource>();
  const allergies: FhirResource[] = [...ofType('AllergyIntolerance')];
  for (const l of lists) {
    for (const c of index.containedIn(l.list)) {
      if (c.resourceType !== 'AllergyIntolerance') continue;
      allergies.push(c);
      if (l.code === LIST_CODES.endedAllergies) ended.add(c);
    }
  }
  const reports = ofType('DiagnosticReport');
  const reportObs = new Set<FhirResource>();
  const reportRequests = new Set<FhirResource>();
  for (const dr of reports) {
    for (const o of reportObservations(ctx, dr)) reportObs.add(o);
    for (const b of arr(dr.basedOn)) {
      const r = index.peek(b);
      if (r) reportRequests.add(r);
    }
  }
  const immunisationListObs = new Set<FhirResource>();
  for (const l of byArea.get('immunisations') ?? []) {
    for (const it of listItems(index, l.list)) if (it.resourceType === 'Observation') immunisationListObs.add(it);
  }
  const vitals: VitalReading[][] = [];
  const smoking: FhirResource[] = [];
  const social: FhirResource[] = [];
  const misc: FhirResource[] = [];
  for (const o of ofType('Observation')) {
    if (reportObs.has(o) || immunisationListObs.has(o)) continue;
    const v = vitalReadings(o);
    if (v) vitals.push(v);
    else if (isSmokingStatus(o)) smoking.push(o);
    else if (isSocialObservation(o)) social.push(o);
    else misc.push(o);
  }
  const referrals = ofType('ReferralRequest');
  const planRequests = ofType('ProcedureRequest').filter((p) => !reportRequests.has(p));
  const meds = linkMedications(ctx, ofType('MedicationStatement'), ofType('MedicationRequest'));
  const encounters = ofType('Encounter');
  const consultationLists = lists.filter((l) => l.code === LIST_CODES.consultation).map((l) => l.list);

  // ---- Sections ----------------------------------------------------------------------------
  const sb = (key: keyof typeof SECTIONS, template: (typeof TEMPLATES)[keyof typeof TEMPLATES]) =>
    new SectionBuilder(ctx, { ...SECTIONS[key], template });
  const allergySec = sb('allergies', TEMPLATES.allergiesSection);
  const medSec = sb('medications', TEMPLATES.medicationsSection);
  const problemSec = sb('problems', TEMPLATES.problemsSection);
  const immSec = sb('immunizations', TEMPLATES.immunizationsSection);
  const vitalSec = sb('vitalSigns', TEMPLATES.vitalSignsSection);
  const resultSec = sb('results', TEMPLATES.resultsSection);
  const socialSec = sb('socialHistory', TEMPLATES.socialHistorySection);
  const encSec = sb('encounters', TEMPLATES.encountersSection);
  const procSec = sb('procedures', TEMPLATES.proceduresSection);
  const planSec = sb('planOfTreatment', TEMPLATES.planOfTreatmentSection);

  const annotate = (s: SectionBuilder, areas: Area[], hasItems: boolean) => {
    for (const a of areas) {
      if (disabled.has(a))
        s.notice('Switched off at the GP practice', 'This information has been switched off at the GP practice and was not returned.');
      for (const l of byArea.get(a) ?? []) {
        for (const w of l.warnings) s.notice('Note from the GP record', WARNING_TEXT[w] ?? 'GP Connect warning: ' + w);
        for (const n of l.notes) {
          // An empty List's note ("Information not available") speaks for that List only: above a
          // section that holds data from elsewhere it would contradict the table, so only the rest
          // of the note (e.g. a record-transfer cut-off) is shown there.
          const note = l.emptyReason && hasItems ? withoutEmptyListText(n) : n;
          if (note) s.notice('Note from the GP record', note);
        }
        for (const d of l.displayOnly) s.notice('Note from the GP record', d);
        if (l.emptyReason && !hasItems)
          s.paragraph(EMPTY_REASON_TEXT[l.emptyReason] ?? 'The GP practice returned an empty list (' + l.emptyReason + ')');
      }
    }
    if (!hasItems && !areas.some(requested)) s.paragraph('Not requested from the GP record');
  };

  buildAllergies(ctx, allergySec, allergies, ended);
  annotate(allergySec, ['allergies'], allergies.length > 0);
  buildMedications(ctx, medSec, meds.models, meds.orphans);
  annotate(medSec, ['medications'], meds.models.length + meds.orphans.length > 0);
  const conditions = ofType('Condition');
  buildProblems(ctx, problemSec, conditions);
  annotate(problemSec, ['problems'], conditions.length > 0);
  const immunizations = ofType('Immunization');
  buildImmunizations(ctx, immSec, immunizations);
  if (immunisationListObs.size) {
    const t = new NarrativeTable(immSec.text, 'Other immunisation records', ['Record', 'Comments']);
    for (const o of immunisationListObs) {
      t.row(ctx.nid('immo'), [itemLabel(o, ctx), str(o.comment)]);
      immSec.narrativeItem(o, 'immunisation record without a vaccine administration');
    }
    t.close();
  }
  annotate(immSec, ['immunisations'], immunizations.length + immunisationListObs.size > 0);
  buildVitalSigns(ctx, vitalSec, vitals);
  annotate(vitalSec, ['uncategorised'], vitals.length > 0);
  buildDiagnosticReports(ctx, resultSec, reports);
  buildMiscellaneous(ctx, resultSec, misc);
  buildSocialHistory(ctx, socialSec, smoking, social);
  annotate(socialSec, ['uncategorised'], smoking.length + social.length > 0);
  buildEncounters(ctx, encSec, encounters, consultationLists);
  annotate(encSec, ['consultations'], encounters.length > 0);
  const openReferrals = referrals.filter((r) => !isReferralDone(r));
  const doneReferrals = referrals.filter(isReferralDone);
  const answer = (a: Area): AreaAnswer => (disabled.has(a) ? 'switched off' : byArea.has(a) ? 'returned' : 'not requested');
  buildProcedures(ctx, procSec, doneReferrals, {
    uncategorised: answer('uncategorised') === 'not requested' && misc.length > 0 ? 'linked only' : answer('uncategorised'),
    problems: answer('problems'),
    referrals: answer('referrals'),
  });
  // The referral List's notices (withheld items, record in transit) hold for the completed ones too;
  // its empty-list wording is left out (as for a section with items): buildProcedures says what is empty.
  annotate(procSec, ['referrals'], true);
  buildPlanOfTreatment(ctx, planSec, openReferrals, planRequests);
  annotate(planSec, ['referrals', 'diary'], openReferrals.length + planRequests.length > 0);

  // Anything clinical that no section took is still shown (and counted), never dropped.
  const leftovers = index.resources.filter((r) => !SUPPORT_TYPES.has(r.resourceType) && !ctx.isRecorded(r));
  if (leftovers.length) {
    const t = new NarrativeTable(resultSec.text, 'Other records from the GP system', ['Type', 'Record', 'Date']);
    for (const r of leftovers) {
      t.row(ctx.nid('oth'), [r.resourceType, itemLabel(r, ctx), str(r.date) ?? str(r.created) ?? str(r.indexed)]);
      resultSec.narrativeItem(r, 'no C-CDA section maps a ' + r.resourceType + ' from GP Connect');
    }
    t.close();
  }
  annotate(resultSec, ['investigations', 'uncategorised'], reports.length + misc.length + leftovers.length > 0);

  const body = new XmlWriter();
  const sectionReports = [allergySec, medSec, problemSec, immSec, vitalSec, resultSec, socialSec, encSec, procSec, planSec]
    .filter((s) => {
      if (s === immSec) return requested('immunisations') || immunizations.length + immunisationListObs.size > 0;
      if (s === encSec) return requested('consultations') || encounters.length > 0;
      // Procedures and Plan of Treatment are always present (the CCD SHOULDs ask for both): when the
      // record holds nothing for them they are NI and their narrative says why.
      return true;
    })
    .map((s) => s.write(body));

  // ---- Document ------------------------------------------------------------------------------
  const parties = findParties(ctx, patient);
  const title = options.title ?? 'GP Connect summary' + (practiceLabel(parties.practice) ? ' - ' + practiceLabel(parties.practice) : '');
  const w = new XmlWriter();
  w.raw('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.raw('<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sdtc="urn:hl7-org:sdtc">');
  const header = writeHeader(w, ctx, { ...parties, nhsNumber }, { documentId, effectiveTs, title });
  w.raw('<component><structuredBody>');
  w.append(body);
  // The document ends at its root end tag: no line break a MIME reader could trim from a binary part,
  // so the bytes any reader gets are the bytes whose size and SHA-1 ITI-38 publishes.
  w.raw('</structuredBody></component></ClinicalDocument>');

  ctx.report.sections = sectionReports;
  ctx.report.unresolvedReferences = [...index.unresolved];
  return { xml: w.toString(), report: { header, ...ctx.report } };
}
