/* eslint-disable security/detect-non-literal-fs-filename -- certificate paths come from the operator's settings or partner file, never from a request */
import { readFileSync } from 'node:fs';

/** A configured certificate entry: inline PEM (with literal `\n` allowed) or the path of a PEM file. `setting` names the source in errors. */
export function loadCertificateEntry(entry: string, setting: string): string {
  const inline = entry.replace(/\\n/g, '\n').trim();
  if (inline.includes('-----BEGIN')) return inline;
  try {
    return readFileSync(entry, 'utf8');
  } catch (e) {
    throw new Error(`${setting}: cannot read certificate file ${entry} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A PEM bundle split into its certificates (a file may hold a chain or several issuers). */
export function splitPem(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g);
  return blocks ?? [pem];
}
