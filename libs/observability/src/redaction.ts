/**
 * What must never reach a log line: credentials, tokens, SAML, and patient identifiers.
 * Paths are pino redact paths; they apply to the request/response objects pino-http logs and to any
 * object a caller passes to the logger.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers.apikey',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.Authorization',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.idToken',
  '*.clientAssertion',
  '*.client_assertion',
  '*.assertion',
  '*.saml',
  '*.samlAssertion',
  '*.password',
  '*.privateKey',
  '*.apiKey',
  '*.nhsNumber',
  '*.patientId',
  '*.birthDate',
  '*.address',
  'body',
  'req.body',
  'res.body',
];

const QUERY = /\?.*$/;
/** Ten digits standing alone (an NHS number) anywhere in a path. */
const NHS_NUMBER = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;

/** Free text (an error message or stack) with anything shaped like an NHS number masked. */
export function maskIdentifiers(text: string): string {
  return text.replace(NHS_NUMBER, '[nhs-number]');
}

/**
 * A request URL fit for a log: the query string is dropped (search parameters carry demographics)
 * and anything shaped like an NHS number in the path is masked.
 */
export function loggableUrl(url: string | undefined): string {
  return (url ?? '').replace(QUERY, '').replace(NHS_NUMBER, '[nhs-number]');
}
