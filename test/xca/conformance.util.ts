import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CCDA_VALIDATE_SH, IHE_MESSAGES_DIR, IHE_VALIDATE_SH } from '../support/reference-paths';

/** The conformance kits in test/conformance. */
export const IHE_MESSAGES = IHE_MESSAGES_DIR;
const VALIDATE_IHE = IHE_VALIDATE_SH;
const VALIDATE_CCDA = CCDA_VALIDATE_SH;

export interface ValidatorRun {
  code: number;
  output: string;
}

function run(cmd: string, args: string[]): Promise<ValidatorRun> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
          ? Number((err as { code: number }).code)
          : 2
        : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

async function withFile(content: string | Buffer, name: string, fn: (file: string) => Promise<ValidatorRun>): Promise<ValidatorRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xca-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** validate.sh --strict on a SOAP envelope, an MTOM body or a bare payload. */
export function validateIheMessage(content: string | Buffer, name = 'message.xml'): Promise<ValidatorRun> {
  return withFile(content, name, (f) => run(VALIDATE_IHE, ['--strict', f]));
}

/** validate-ccda.sh (CDA XSD + C-CDA R2.1 Schematron) on one document. */
export function validateCcdaDocument(xml: string | Buffer): Promise<ValidatorRun> {
  return withFile(xml, 'ccd.xml', (f) => run(VALIDATE_CCDA, ['--errors-only', f]));
}
