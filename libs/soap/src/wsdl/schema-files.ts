import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { QName } from '../routing/ihe-transaction.decorator';

const HL7 = 'urn:hl7-org:v3';
/** HL7 v3 Normative Edition 2008: one schema per interaction, named after its root element. */
const HL7_DIR = 'ipf-hl7v3/HL7V3/NE2008/multicacheschemas';
/** ebRIM/ebRS 3.0 and XDS.b as validate.sh uses them (NIST's copies, OASIS-identical). */
const BY_NAMESPACE: Record<string, string> = {
  'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0': 'nist-toolkit/v3/query.xsd',
  'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0': 'nist-toolkit/v3/rs.xsd',
  'urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0': 'nist-toolkit/v3/lcm.xsd',
  'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0': 'nist-toolkit/v3/rim.xsd',
  'urn:ihe:iti:xds-b:2007': 'nist-toolkit/v3/XDS.b_DocumentRepository.xsd',
};
/** Where the schemas sit below the repository (or image) root: a copy of the conformance kit's. */
const IN_REPOSITORY = 'libs/soap/schemas/ihe/schemas';

/** The schema folder: `explicit` (SOAP_SCHEMA_DIR), else libs/soap/schemas found above this file (source, dist or image). */
export function findSchemaDir(explicit?: string): string | undefined {
  if (explicit) return resolve(explicit);
  for (let dir = resolve(__dirname), i = 0; i < 10 && dirname(dir) !== dir; i++, dir = dirname(dir)) {
    const candidate = join(dir, IN_REPOSITORY);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a fixed folder name above this file, no caller input
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The XML schemas the WSDLs import, served read-only under /SOAP/schemas/. Only `.xsd` files inside
 * the folder are ever read (no `..`, no absolute paths, no other file types).
 */
export class SchemaFiles {
  private readonly root: string | undefined;
  private readonly located = new Map<string, string | undefined>();

  constructor(dir: string | undefined) {
    this.root = dir ? resolve(dir) : undefined;
  }

  /** The schema file (relative to the folder) that declares `el`, when the gateway has it. */
  fileFor(el: QName): string | undefined {
    const key = `{${el.ns}}${el.local}`;
    if (!this.located.has(key)) {
      const rel = el.ns === HL7 ? `${HL7_DIR}/${el.local}.xsd` : BY_NAMESPACE[el.ns];
      this.located.set(key, rel && this.read(rel) ? rel : undefined);
    }
    return this.located.get(key);
  }

  /** The bytes of a schema by its path below the folder, or undefined. */
  read(relative: string): Buffer | undefined {
    if (!this.root || !relative.endsWith('.xsd')) return undefined;
    const parts = relative.split('/');
    if (parts.some((p) => !p || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) return undefined;
    const file = resolve(this.root, ...parts);
    if (!file.startsWith(this.root + sep)) return undefined;
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- confined above to .xsd files inside the schema folder
      if (!statSync(file).isFile()) return undefined;
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- as above
      return readFileSync(file);
    } catch {
      return undefined;
    }
  }
}
