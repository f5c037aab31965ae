import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IHE_VALIDATE_SH } from './reference-paths';

/** The IHE validator, test/conformance/ihe. */
export const IHE_VALIDATOR = IHE_VALIDATE_SH;

export interface IheValidationOptions {
  /** Header warnings (Action mismatch, missing RelatesTo) fail too. Use for the gateway's own output. */
  strict?: boolean;
  /** Skip WS-Security/SAML content checks (inbound samples). */
  laxSecurity?: boolean;
  /** Skip the XCA-only rules (homeCommunityId). */
  noXca?: boolean;
  /** HTTP Content-Type of an MTOM body; written in front of it so the validator finds the boundary. */
  contentType?: string;
}

export interface IheValidationResult {
  ok: boolean;
  /** Number of failing checks the validator reported (0 when ok). */
  errors: number;
  output: string;
}

/** Runs test/conformance/ihe/validate.sh on one message (bytes or string) through a temp file. */
export async function validateIhe(message: Buffer | string, opts: IheValidationOptions = {}): Promise<IheValidationResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ihe-val-'));
  try {
    const file = path.join(dir, opts.contentType ? 'message.mime' : 'message.xml');
    const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
    const bytes = opts.contentType ? Buffer.concat([Buffer.from(`Content-Type: ${opts.contentType}\r\n\r\n`), body]) : body;
    await writeFile(file, bytes);
    const args = [
      ...(opts.strict ? ['--strict'] : []),
      ...(opts.laxSecurity ? ['--lax-security'] : []),
      ...(opts.noXca ? ['--no-xca'] : []),
      file,
    ];
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile('bash', [IHE_VALIDATOR, ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        const c = err
          ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
            ? (err as unknown as { code: number }).code
            : 2
          : 0;
        resolve({ code: c, output: `${stdout}${stderr}` });
      });
    });
    const m = /RESULT: INVALID \((\d+) failing/.exec(output);
    const errors = code === 0 ? 0 : m ? Number(m[1]) : 1;
    // Optional tally for reports: one line per validated message (IHE_VALIDATION_LOG=<file>).
    if (process.env.IHE_VALIDATION_LOG)
      await appendFile(process.env.IHE_VALIDATION_LOG, `${code === 0 ? 'VALID' : 'INVALID'} errors=${errors}\n`);
    return { ok: code === 0, errors, output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
