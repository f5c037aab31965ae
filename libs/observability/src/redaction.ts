import { createHash } from 'node:crypto';

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

/** Control characters (log-line forging) in caller text. */
const CONTROL = /[\u0000-\u001f\u007f]/g;
/** Longest caller-supplied value written to a log line; the rest is cut, so one header cannot fill the log. */
const MAX_CALLER_TEXT = 200;

/**
 * A value the caller chose (a header, an id from a request, a fault reason quoting the request) fit
 * for a log: NHS-number-shaped runs masked as in our own text, control characters replaced, and
 * cut to a bounded length.
 */
export function maskCallerText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const masked = maskIdentifiers(value).replace(CONTROL, '?');
  return masked.length > MAX_CALLER_TEXT ? `${masked.slice(0, MAX_CALLER_TEXT)}…` : masked;
}

/**
 * A stable short fingerprint of a caller's value, for correlation without logging the value: the
 * SHA-256 of the masked value (masking first, so a bare NHS number cannot be recovered by hashing
 * every candidate). A caller finds its own lines by computing the same hash.
 */
export function callerValueFingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(maskIdentifiers(value)).digest('hex').slice(0, 16)}`;
}
