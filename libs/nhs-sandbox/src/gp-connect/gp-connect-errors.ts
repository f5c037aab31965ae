const SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
const SSP_SYSTEM = 'http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0';
const PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1';

/** Spine code → HTTP status, issue code and display, as in the GP Connect 1.6 error handling guidance. */
export const GP_CONNECT_ERRORS: Record<string, { status: number; issue: string; display: string }> = {
  BAD_REQUEST: { status: 400, issue: 'invalid', display: 'Bad request' },
  INVALID_NHS_NUMBER: { status: 400, issue: 'value', display: 'Invalid NHS number' },
  INVALID_IDENTIFIER_SYSTEM: { status: 400, issue: 'value', display: 'Invalid identifier system' },
  INVALID_IDENTIFIER_VALUE: { status: 400, issue: 'value', display: 'Invalid identifier value' },
  INVALID_PATIENT_DEMOGRAPHICS: {
    status: 400,
    issue: 'business-rule',
    display: 'Invalid patient demographics (that is, PDS trace failed)',
  },
  CONFLICTING_VALUES: { status: 400, issue: 'invalid', display: 'Conflicting values' },
  NO_PATIENT_CONSENT: { status: 403, issue: 'forbidden', display: 'Patient has not provided consent to share data' },
  NO_ORGANISATION_CONSENT: { status: 403, issue: 'forbidden', display: 'Organisation has not provided consent to share data' },
  NO_RELATIONSHIP: { status: 403, issue: 'forbidden', display: 'No legitimate relationship exists with this patient' },
  'ACCESS DENIED': { status: 403, issue: 'forbidden', display: 'Access denied' },
  PATIENT_NOT_FOUND: { status: 404, issue: 'not-found', display: 'Patient not found' },
  NO_RECORD_FOUND: { status: 404, issue: 'not-found', display: 'No record found' },
  ORGANISATION_NOT_FOUND: { status: 404, issue: 'not-found', display: 'Organisation record not found' },
  PRACTITIONER_NOT_FOUND: { status: 404, issue: 'not-found', display: 'Practitioner record not found' },
  DUPLICATE_REJECTED: { status: 409, issue: 'duplicate', display: 'Create would lead to creation of a duplicate resource' },
  INVALID_RESOURCE: { status: 422, issue: 'invalid', display: 'Invalid validation of resource' },
  INVALID_PARAMETER: { status: 422, issue: 'invalid', display: 'Invalid parameter' },
  REFERENCE_NOT_FOUND: { status: 422, issue: 'invalid', display: 'Reference not found' },
  INTERNAL_SERVER_ERROR: { status: 500, issue: 'exception', display: 'Internal server error' },
  NOT_IMPLEMENTED: { status: 501, issue: 'not-supported', display: 'Not implemented' },
};

export class GpConnectError extends Error {
  constructor(
    readonly code: string,
    readonly diagnostics?: string,
    /** When the answer's status differs from the code's usual one (the demonstrator's 400 INVALID_PARAMETER). */
    readonly status?: number,
  ) {
    super(code);
  }
}

export function gpConnectErrorBody(code: string, diagnostics?: string, status?: number) {
  const e = GP_CONNECT_ERRORS[code];
  const issue: Record<string, unknown> = {
    severity: 'error',
    code: e.issue,
    details: { coding: [{ system: SYSTEM, code, display: e.display }] },
  };
  if (diagnostics) issue.diagnostics = diagnostics;
  return { status: status ?? e.status, body: { resourceType: 'OperationOutcome', meta: { profile: [PROFILE] }, issue: [issue] } };
}

/** Spine Security Proxy refusals: the HTTP status is the code, the reason the display. */
export function sspErrorBody(status: number, issueCode: string, reason: string, id: string) {
  return {
    resourceType: 'OperationOutcome',
    id,
    issue: [
      {
        severity: status === 405 ? 'fatal' : 'error',
        code: issueCode,
        details: { coding: [{ system: SSP_SYSTEM, code: String(status), display: reason }] },
        diagnostics: reason,
      },
    ],
  };
}

/** The in-bundle warning for a clinical area switched off or a parameter not recognised. */
export function notImplementedWarning(items: Array<{ param: string; text: string }>, id: string) {
  return {
    resourceType: 'OperationOutcome',
    id,
    meta: { profile: [PROFILE] },
    issue: items.map((i) => ({
      severity: 'warning',
      code: 'not-supported',
      details: { coding: [{ system: SYSTEM, code: 'NOT_IMPLEMENTED', display: 'Not implemented' }], text: i.text },
      diagnostics: i.param,
    })),
  };
}
