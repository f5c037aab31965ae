import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CCDA_VALIDATE_SH } from './reference-paths';

/** The C-CDA validator (CDA_SDTC XSD + HL7 C-CDA R2.1 Schematron), test/conformance/ccda. */
export const CCDA_VALIDATOR = CCDA_VALIDATE_SH;

export interface CcdaValidation {
  name: string;
  wellFormed: boolean;
  xsdErrors: number;
  schematronErrors: number;
  schematronWarnings: number;
  /** Schematron warnings by assert id (`a-1198-7147` → 3); only with `byRule`. */
  warningsByRule: Record<string, number>;
  /** The validator's own report for this document (first messages of each kind). */
  raw: string;
}

export interface CcdaValidationOptions {
  /** SHALL rules only (about 3× faster; warnings are then not counted). */
  errorsOnly?: boolean;
  /** Messages shown per category in `raw` (validator -n). */
  maxMessages?: number;
  /** Also count the warnings per schematron assert id (validator --by-id). */
  byRule?: boolean;
}

/**
 * Validates several documents in one validator run, so the compiled schematron is loaded once.
 * Nothing is written beside the validator (its folder may be read-only): documents go to a temp dir.
 */
export async function validateCcdaBatch(
  docs: { name: string; xml: string | Buffer }[],
  opts: CcdaValidationOptions = {},
): Promise<CcdaValidation[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccda-val-'));
  try {
    const files = docs.map((d, i) => {
      const safe = d.name.replace(/[^A-Za-z0-9._-]/g, '_');
      const f = path.join(dir, `${String(i).padStart(3, '0')}-${safe}.xml`);
      writeFileSync(f, d.xml);
      return f;
    });
    const args = [
      '-n',
      String(opts.maxMessages ?? 10),
      ...(opts.errorsOnly ? ['--errors-only'] : []),
      ...(opts.byRule ? ['--by-id'] : []),
      ...files,
    ];
    const output = await new Promise<string>((resolve) => {
      execFile('bash', [CCDA_VALIDATOR, ...args], { maxBuffer: 64 * 1024 * 1024 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
    });
    return files.map((f, i) => parseOne(output, f, docs[i].name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Validates one document (see validateCcdaBatch). */
export async function validateCcda(xml: string | Buffer, opts: CcdaValidationOptions = {}): Promise<CcdaValidation> {
  const [one] = await validateCcdaBatch([{ name: 'ccd', xml }], opts);
  return one;
}

function parseOne(output: string, file: string, name: string): CcdaValidation {
  const start = output.indexOf(`=== ${file}`);
  const summaryAt = output.indexOf(`SUMMARY ${file}:`);
  const end = summaryAt >= 0 ? output.indexOf('\n', summaryAt) : -1;
  const raw = start >= 0 && end >= 0 ? output.slice(start, end) : output;
  const line = summaryAt >= 0 ? output.slice(summaryAt, end < 0 ? undefined : end) : '';
  const num = (key: string): number => {
    const m = new RegExp(`${key}=(\\d+)`).exec(line);
    // A missing figure (validator failure, not well-formed) counts as an error so a test cannot pass on it.
    return m ? Number(m[1]) : 1;
  };
  return {
    name,
    wellFormed: /wellformed=yes/.test(line),
    xsdErrors: num('xsd_errors'),
    schematronErrors: num('sch_errors'),
    schematronWarnings: /sch_warnings=(\d+)/.test(line) ? Number(/sch_warnings=(\d+)/.exec(line)![1]) : 0,
    warningsByRule: Object.fromEntries([...raw.matchAll(/^ +(\d+) WARNING\t(\S+)$/gm)].map((m) => [m[2], Number(m[1])])),
    raw,
  };
}
