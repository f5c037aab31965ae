import { arr, codeableConcept, codings, extensions, FhirResource, isObj, str, subExtension } from '../fhir/fhir-access.util';
import { NULL_FLAVOR_SYSTEM, OID } from '../hl7/code-systems';
import { XmlWriter } from '../xml/xml-writer.util';

/** HL7 v3 MaritalStatus, the code system of both CareConnect-MaritalStatus-1 and the C-CDA value set. */
const MARITAL_STATUS: Record<string, string> = {
  A: 'Annulled',
  C: 'Common Law',
  D: 'Divorced',
  I: 'Interlocutory',
  L: 'Legally Separated',
  M: 'Married',
  P: 'Polygamous',
  S: 'Never Married',
  T: 'Domestic partner',
  U: 'unmarried',
  W: 'Widowed',
};
const MARITAL_STATUS_SYSTEMS = new Set(['http://hl7.org/fhir/v3/MaritalStatus', 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus']);

/**
 * `maritalStatusCode` from Patient.maritalStatus (CareConnect binds the v3 MaritalStatus codes plus
 * NullFlavor UNK). Marital status applies to every patient; when the record has none, or only an
 * uncoded text, it is unknown (UNK), never guessed.
 */
export function writeMaritalStatus(w: XmlWriter, patient: FhirResource): void {
  const cs = codings(codeableConcept(patient.maritalStatus));
  const c = cs.find((x) => x.system && MARITAL_STATUS_SYSTEMS.has(x.system) && x.code && Object.hasOwn(MARITAL_STATUS, x.code));
  if (c)
    w.empty('maritalStatusCode', {
      code: c.code,
      codeSystem: OID.maritalStatus,
      codeSystemName: 'MaritalStatus',
      displayName: MARITAL_STATUS[c.code!],
    });
  else w.empty('maritalStatusCode', { nullFlavor: 'UNK' });
}

// CareConnect's LanguageAbilityMode / LanguageAbilityProficiency carry the HL7 v3 codes.
const LANGUAGE_MODE = new Set(['ESGN', 'ESP', 'EWR', 'RSGN', 'RSP', 'RWR']);
const LANGUAGE_PROFICIENCY = new Set(['E', 'F', 'G', 'P']);

interface Language {
  code?: string;
  mode?: { code: string; display?: string };
  proficiency?: { code: string; display?: string };
  preferred?: boolean;
}

function firstCode(v: unknown, allowed?: Set<string>): { code: string; display?: string } | undefined {
  const c = codings(codeableConcept(v)).find((x) => str(x.code) && (!allowed || allowed.has(x.code!)));
  return c ? { code: c.code!, display: str(c.display) } : undefined;
}

/**
 * The patient's languages: GP Connect's `Extension-CareConnect-GPC-NHSCommunication-1` (language,
 * mode, proficiency, preferred) and, for senders that use it, the standard Patient.communication
 * (language, preferred). A language coded as a NullFlavor (e.g. UNK) is no language.
 */
function languages(patient: FhirResource): Language[] {
  const out: Language[] = [];
  for (const comm of extensions(patient, 'Extension-CareConnect-GPC-NHSCommunication-1')) {
    const lang = codings(codeableConcept(subExtension(comm, 'language')?.valueCodeableConcept)).find(
      (c) => str(c.code) && c.system !== NULL_FLAVOR_SYSTEM,
    );
    if (!lang) continue;
    const pref = subExtension(comm, 'preferred')?.valueBoolean;
    out.push({
      code: lang.code,
      mode: firstCode(subExtension(comm, 'modeOfCommunication')?.valueCodeableConcept, LANGUAGE_MODE),
      proficiency: firstCode(subExtension(comm, 'communicationProficiency')?.valueCodeableConcept, LANGUAGE_PROFICIENCY),
      preferred: typeof pref === 'boolean' ? pref : undefined,
    });
  }
  for (const comm of arr(patient.communication)) {
    if (!isObj(comm)) continue;
    const lang = codings(codeableConcept(comm.language)).find((c) => str(c.code) && c.system !== NULL_FLAVOR_SYSTEM);
    if (!lang || out.some((l) => l.code === lang.code)) continue;
    out.push({ code: lang.code, preferred: typeof comm.preferred === 'boolean' ? comm.preferred : undefined });
  }
  return out;
}

/**
 * `languageCommunication` per language the record states. What the record does not say is unknown
 * (UNK): the proficiency and preference of a stated language, and, when the record states no
 * language at all, the language itself — the patient has one, the GP record does not say which.
 */
export function writeLanguages(w: XmlWriter, patient: FhirResource): void {
  const langs = languages(patient);
  for (const l of langs.length ? langs : [{} as Language]) {
    w.raw('<languageCommunication>');
    w.empty('languageCode', l.code ? { code: l.code } : { nullFlavor: 'UNK' });
    if (l.mode)
      w.empty('modeCode', {
        code: l.mode.code,
        codeSystem: OID.languageAbilityMode,
        codeSystemName: 'LanguageAbilityMode',
        displayName: l.mode.display,
      });
    if (l.proficiency)
      w.empty('proficiencyLevelCode', {
        code: l.proficiency.code,
        codeSystem: OID.languageAbilityProficiency,
        codeSystemName: 'LanguageAbilityProficiency',
        displayName: l.proficiency.display,
      });
    else w.empty('proficiencyLevelCode', { nullFlavor: 'UNK' });
    if (l.preferred !== undefined) w.empty('preferenceInd', { value: l.preferred });
    else w.empty('preferenceInd', { nullFlavor: 'UNK' });
    w.raw('</languageCommunication>');
  }
}
