/** Why a bundle cannot be converted at all (as opposed to an item that falls back to narrative). */
export type CcdaInputErrorCode = 'NOT_AN_OBJECT' | 'NOT_A_BUNDLE' | 'NO_PATIENT' | 'INVALID_NHS_NUMBER' | 'BAD_OPTIONS';

export class CcdaInputError extends Error {
  override readonly name = 'CcdaInputError';
  constructor(
    readonly code: CcdaInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}
