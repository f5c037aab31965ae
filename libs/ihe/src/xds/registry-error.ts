import { escapeAttr } from '@gw/xml-escape';
import { ERROR_SEVERITY, RESPONSE_STATUS, type RegistryErrorCode, type ResponseStatus } from './xds.constants';

/** One rs:RegistryError. `context` is plain language for the initiating user; never internals or patient data. */
export interface RegistryErrorEntry {
  code: RegistryErrorCode;
  context: string;
  severity?: 'error' | 'warning';
}

/** Thrown inside query/retrieve processing to answer with one registry error instead of a result. */
export class RegistryErrorException extends Error {
  constructor(readonly entry: RegistryErrorEntry) {
    super(`${entry.code}: ${entry.context}`);
  }
}

export function registryError(code: RegistryErrorCode, context: string): RegistryErrorException {
  return new RegistryErrorException({ code, context });
}

/**
 * Response status from the errors and the number of returned objects (ITI TF-2 3.18.4.1.3,
 * 3.43.4.2.3): Success never carries an Error-severity RegistryError.
 */
export function responseStatus(errors: readonly RegistryErrorEntry[], returned: number): ResponseStatus {
  const hasError = errors.some((e) => (e.severity ?? 'error') === 'error');
  if (!hasError) return RESPONSE_STATUS.success;
  return returned > 0 ? RESPONSE_STATUS.partialSuccess : RESPONSE_STATUS.failure;
}

/** rs:RegistryErrorList (empty string when there are no errors); `location` = our homeCommunityId. */
export function buildRegistryErrorList(errors: readonly RegistryErrorEntry[], location: string): string {
  if (!errors.length) return '';
  const highest = errors.some((e) => (e.severity ?? 'error') === 'error') ? ERROR_SEVERITY.error : ERROR_SEVERITY.warning;
  const items = errors
    .map(
      (e) =>
        `<rs:RegistryError errorCode="${e.code}" codeContext="${escapeAttr(e.context)}" ` +
        `severity="${ERROR_SEVERITY[e.severity ?? 'error']}" location="${escapeAttr(location)}"/>`,
    )
    .join('');
  return `<rs:RegistryErrorList highestSeverity="${highest}">${items}</rs:RegistryErrorList>`;
}

/** The response status without its URN prefix, for metrics and logs ('Success', 'PartialSuccess', 'Failure'). */
export function statusLabel(status: string): string {
  return status.slice(status.lastIndexOf(':') + 1);
}
