/** Arguments of `npm run ccda -- BUNDLE.json [-o OUT.xml] [--report] [--repeat N]`, or a request for help. */
export interface CliArgs {
  help?: boolean;
  input: string;
  output?: string;
  report: boolean;
  repeat: number;
}

export class CliUsageError extends Error {}

export const USAGE = 'usage: npm run --silent ccda -- BUNDLE.json [-o OUT.xml] [--report] [--repeat N]';

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
  -h, --help        this text

The CCD's custodian, author and ids come from the CCDA_* settings (see the README).
Example: npm run --silent ccda -- bundle.json -o ccd.xml --report
`;

export function parseCliArgs(argv: string[]): CliArgs {
  let input: string | undefined;
  let output: string | undefined;
  let report = false;
  let repeat = 1;
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
    } else if (a === '-h' || a === '--help') return { help: true, input: '', report: false, repeat: 1 };
    else if (a.startsWith('-') && a !== '-') throw new CliUsageError('unknown option ' + a);
    else if (input === undefined) input = a;
    else throw new CliUsageError('only one BUNDLE.json may be given');
  }
  if (!input) throw new CliUsageError(USAGE);
  return { input, output, report, repeat };
}

/** Median and minimum of the timings, in ms. */
export function summarise(ms: number[]): { median: number; min: number } {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0] };
}
