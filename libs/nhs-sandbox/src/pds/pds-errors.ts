import type { OperationOutcome } from 'fhir/r4';

const SYSTEM = 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode';

/** PDS OperationOutcome bodies as in apps/nhs-sandbox/data/pds/karate-tests/.../errorResponses. */
export function pdsError(
  code: string,
  issueCode: string,
  display: string,
  diagnostics?: string,
  severity: 'error' | 'information' = 'error',
): OperationOutcome {
  const issue: OperationOutcome['issue'][number] = {
    severity,
    code: issueCode as never,
    details: { coding: [{ system: SYSTEM, version: '1', code, display }] },
  };
  if (diagnostics) issue.diagnostics = diagnostics;
  return { resourceType: 'OperationOutcome', issue: [issue] };
}

export const PDS_ERRORS = {
  missingRequestId: () =>
    pdsError(
      'MISSING_VALUE',
      'required',
      'Required value is missing',
      'Invalid request with error - X-Request-ID header must be supplied to access this resource',
    ),
  invalidRequestId: (v: string) =>
    pdsError('INVALID_VALUE', 'value', 'Provided value is invalid', `Invalid value - '${v}' in header 'X-Request-ID'`),
  accessDenied: (diagnostics: string) => pdsError('ACCESS_DENIED', 'forbidden', 'Access Denied - Unauthorised', diagnostics),
  invalidResourceId: () => pdsError('INVALID_RESOURCE_ID', 'value', 'Resource Id is invalid'),
  notFound: () => pdsError('RESOURCE_NOT_FOUND', 'not-found', 'Resource not found', undefined, 'information'),
  invalidated: () =>
    pdsError(
      'INVALIDATED_RESOURCE',
      'processing',
      'Resource that has been marked as invalid was requested - invalid resources cannot be retrieved',
    ),
  unsupportedService: () => pdsError('UNSUPPORTED_SERVICE', 'processing', 'Unsupported Service'),
  additionalProperties: (name: string) =>
    pdsError(
      'ADDITIONAL_PROPERTIES',
      'invariant',
      'Additional properties should not be included',
      `Invalid request with error - Additional properties are not allowed ('${name}' was unexpected)`,
    ),
  invalidValue: (value: string, field: string) =>
    pdsError('INVALID_VALUE', 'value', 'Provided value is invalid', `Invalid value - '${value}' in field '${field}'`),
  missingBirthDate: () =>
    pdsError(
      'MISSING_VALUE',
      'required',
      'Required value is missing',
      "Missing value - 'birth_date/birth_date_range_start/birth_date_range_end'",
    ),
  invalidSearchData: () =>
    pdsError(
      'INVALID_SEARCH_DATA',
      'value',
      'Search data is invalid',
      "Invalid search data provided - 'No searches were performed as the search criteria did not meet the minimum requirements'",
    ),
  // PDS really uses the non-FHIR issue code 'token' here.
  maxResults: () =>
    pdsError(
      'INVALID_VALUE',
      'token',
      'Provided value is invalid',
      'Cannot retrieve more than one result with application-restricted access token',
    ),
  tooManyMatches: () => pdsError('TOO_MANY_MATCHES', 'multiple-matches', 'Too Many Matches', undefined, 'information'),
  tooManyRequests: () => pdsError('TOO_MANY_REQUESTS', 'value', 'You have made too many requests. Please try again later.'),
  invalidMethod: () =>
    pdsError(
      'INVALID_METHOD',
      'forbidden',
      'Method not allowed',
      'Your app has insufficient permissions to use this method. Please contact support.',
    ),
};
