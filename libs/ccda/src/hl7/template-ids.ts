/**
 * Every templateId the document declares. The C-CDA schematron selects rules by root AND extension,
 * so a wrong extension silently escapes validation; keeping them in one table lets a test assert
 * that the builder emits nothing else. Versioned templates are written with their R1.1-compatible
 * unextended root as well (see writeTemplate): the R2.1 schematron requires it.
 */
export interface TemplateRef {
  root: string;
  extension?: string;
}

const T = (root: string, extension?: string): TemplateRef => ({ root, extension });
const S = '2.16.840.1.113883.10.20.22.2.';
const E = '2.16.840.1.113883.10.20.22.4.';

export const TEMPLATES = {
  usRealmHeader: T('2.16.840.1.113883.10.20.22.1.1', '2015-08-01'),
  ccd: T('2.16.840.1.113883.10.20.22.1.2', '2015-08-01'),

  allergiesSection: T(S + '6.1', '2015-08-01'),
  medicationsSection: T(S + '1.1', '2014-06-09'),
  problemsSection: T(S + '5.1', '2015-08-01'),
  resultsSection: T(S + '3.1', '2015-08-01'),
  socialHistorySection: T(S + '17', '2015-08-01'),
  vitalSignsSection: T(S + '4.1', '2015-08-01'),
  immunizationsSection: T(S + '2.1', '2015-08-01'),
  encountersSection: T(S + '22.1', '2015-08-01'),
  proceduresSection: T(S + '7.1', '2014-06-09'),
  planOfTreatmentSection: T(S + '10', '2014-06-09'),

  allergyConcernAct: T(E + '30', '2015-08-01'),
  allergyObservation: T(E + '7', '2014-06-09'),
  reactionObservation: T(E + '9', '2014-06-09'),
  severityObservation: T(E + '8', '2014-06-09'),
  criticalityObservation: T(E + '145'),
  medicationActivity: T(E + '16', '2014-06-09'),
  medicationInformation: T(E + '23', '2014-06-09'),
  medicationFreeTextSig: T(E + '147'),
  instruction: T(E + '20', '2014-06-09'),
  medicationSupplyOrder: T(E + '17', '2014-06-09'),
  precondition: T(E + '25', '2014-06-09'),
  commentActivity: T(E + '64'),
  authorParticipation: T(E + '119'),
  problemConcernAct: T(E + '3', '2015-08-01'),
  problemObservation: T(E + '4', '2015-08-01'),
  immunizationActivity: T(E + '52', '2015-08-01'),
  immunizationMedicationInformation: T(E + '54', '2014-06-09'),
  immunizationRefusalReason: T(E + '53'),
  substanceAdministeredAct: T(E + '118'),
  resultOrganizer: T(E + '1', '2015-08-01'),
  resultObservation: T(E + '2', '2015-08-01'),
  vitalSignsOrganizer: T(E + '26', '2015-08-01'),
  vitalSignObservation: T(E + '27', '2014-06-09'),
  smokingStatus: T(E + '78', '2014-06-09'),
  socialHistoryObservation: T(E + '38', '2015-08-01'),
  encounterActivity: T(E + '49', '2015-08-01'),
  serviceDeliveryLocation: T(E + '32'),
  procedureActivityAct: T(E + '12', '2014-06-09'),
  plannedAct: T(E + '39', '2014-06-09'),
} as const;

export type TemplateName = keyof typeof TEMPLATES;
