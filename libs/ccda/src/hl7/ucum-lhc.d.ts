/** The part of the NLM UCUM library (@lhncbc/ucum-lhc, no bundled types) this lib uses. */
declare module '@lhncbc/ucum-lhc' {
  export interface UcumValidation {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    msg: string[];
  }
  export const UcumLhcUtils: {
    getInstance(): { validateUnitString(unit: string, suggest?: boolean): UcumValidation };
  };
}
