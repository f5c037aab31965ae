/**
 * Resource types that describe people, places and structure rather than clinical items: they are
 * never entries of their own (so their identifiers are not entry ids), and the leftover sweep that
 * guarantees no clinical item is dropped does not count them.
 */
export const SUPPORT_TYPES: ReadonlySet<string> = new Set([
  'Patient',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'Medication',
  'List',
  'OperationOutcome',
  'Device',
  'HealthcareService',
  'Bundle',
  'Endpoint',
]);
