/** Arguments of `npm run ccda -- BUNDLE.json [-o OUT.xml] [--report] [--repeat N]`. */
export interface CliArgs {
  input: string;
  output?: string;
  report: boolean;
  repeat: number;
}

export class CliUsageError extends Error {}

export const USAGE = 'usage: npm run --silent ccda -- BUNDLE.json [-o OUT.xml] [--report] [--repeat N]';

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
    } else if (a === '-h' || a === '--help') throw new CliUsageError(USAGE);
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
