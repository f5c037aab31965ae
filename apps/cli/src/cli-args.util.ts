/** Arguments of `npm run ccda -- BUNDLE.json [-o OUT.xml] [--report] [--repeat N] …`, or a request for help. */
export interface CliArgs {
  help?: boolean;
  input: string;
  output?: string;
  report: boolean;
  repeat: number;
  /** ClinicalDocument/id root: a UUID or an OID, as the gateway passes its XDS uniqueId. */
  documentId?: string;
  effectiveTime?: Date;
}

export class CliUsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line security/detect-unsafe-regex -- each repeat starts with '.', so matching is linear
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;
// An explicit offset, so the time does not depend on the machine's zone.
// eslint-disable-next-line security/detect-unsafe-regex -- optional parts each start with a separator; linear
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const USAGE =
  'usage: npm run --silent ccda -- BUNDLE.json [-o OUT.xml] [--report] [--repeat N] [--document-id ID] [--effective-time TIME]';

/** What --help prints (to stdout, exit 0). */
export const HELP = `${USAGE}

Converts a GP Connect Access Record Structured response (a FHIR STU3 Bundle, JSON) into a
C-CDA R2.1 CCD, the document the gateway returns for ITI-39. Only the XML goes to stdout;
everything else goes to stderr, and a failure is one line on stderr with exit code 1.

  BUNDLE.json       the response to convert; - reads it from stdin
  -o, --output OUT  write the CCD to OUT instead of stdout (via a temporary file, so a
                    failed run never leaves a partial document)
  --report          print the conversion report to stderr as JSON: items mapped to coded
                    entries, items shown as narrative only, and converter issues
  --repeat N        convert N times and print the median and minimum time to stderr
                    (a quick local measurement; the CCD written is that of the last run)
  --document-id ID  the document id (a UUID, or an OID such as the gateway's 2.25.… uniqueId)
                    instead of a new UUID
  --effective-time TIME
                    the generation time (ISO 8601, e.g. 2026-12-01T10:30:00Z) instead of now;
                    with --document-id, the same bundle gives the document the gateway would
  -h, --help        this text

The CCD's custodian, author and ids come from the CCDA_* settings (see the README).
Example: npm run --silent ccda -- bundle.json -o ccd.xml --report
`;

export function parseCliArgs(argv: string[]): CliArgs {
  let input: string | undefined;
  let output: string | undefined;
  let report = false;
  let repeat = 1;
  let documentId: string | undefined;
  let effectiveTime: Date | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '--output') {
      output = argv[++i];
      if (!output) throw new CliUsageError('-o needs a file name');
    } else if (a === '--report') report = true;
    else if (a === '--repeat') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new CliUsageError('--repeat needs a positive whole number');
      repeat = n;
    } else if (a === '--document-id') {
      documentId = argv[++i];
      if (!documentId || !(UUID.test(documentId) || OID.test(documentId))) throw new CliUsageError('--document-id needs a UUID or an OID');
    } else if (a === '--effective-time') {
      const t = argv[++i];
      effectiveTime = t && ISO_TIME.test(t) ? new Date(t) : undefined;
      if (!effectiveTime || Number.isNaN(effectiveTime.getTime()))
        throw new CliUsageError('--effective-time needs an ISO 8601 time with an offset, e.g. 2026-12-01T10:30:00Z');
    } else if (a === '-h' || a === '--help') return { help: true, input: '', report: false, repeat: 1 };
    else if (a.startsWith('-') && a !== '-') throw new CliUsageError('unknown option ' + a);
    else if (input === undefined) input = a;
    else throw new CliUsageError('only one BUNDLE.json may be given');
  }
  if (!input) throw new CliUsageError(USAGE);
  return { input, output, report, repeat, documentId, effectiveTime };
}

/** Median and minimum of the timings, in ms. */
export function summarise(ms: number[]): { median: number; min: number } {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0] };
}
