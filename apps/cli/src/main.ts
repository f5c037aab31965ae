/* eslint-disable security/detect-non-literal-fs-filename -- the input and output paths are the command line's own arguments */
/**
 * Command-line converter: a GP Connect structured-record response (JSON) → C-CDA R2.1 CCD.
 * Only the XML goes to stdout; timings, the report and errors go to stderr. An output file is
 * written to a temporary name and renamed, so a failed run never leaves a partial document.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CcdaConfig, CcdaInputError, ccdOptionsFromConfig, convertBundleToCcd, type CcdResult } from '@gw/ccda';
import { loadConfig } from '@gw/config';
import { CliUsageError, HELP, parseCliArgs, summarise } from './cli-args.util';

function fail(message: string): never {
  process.stderr.write('ccda: ' + message.replace(/\s+/g, ' ').trim() + '\n');
  process.exit(1);
}

function main(): void {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    fail(e instanceof CliUsageError ? e.message : String(e));
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  let text: string;
  try {
    text = readFileSync(args.input === '-' ? 0 : args.input, 'utf8');
  } catch (e) {
    fail('cannot read ' + args.input + ': ' + ((e as NodeJS.ErrnoException).code ?? 'error'));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    fail(args.input + ' is not valid JSON');
  }
  let options;
  try {
    // The same options function as the gateway's CcdaService; a UUID id is a bare string, an OID the root.
    const documentId = args.documentId && !args.documentId.includes('-') ? { root: args.documentId } : args.documentId;
    options = ccdOptionsFromConfig(loadConfig(CcdaConfig), { documentId, effectiveTime: args.effectiveTime });
  } catch (e) {
    fail((e as Error).message);
  }
  let result: CcdResult | undefined;
  const timings: number[] = [];
  try {
    for (let i = 0; i < args.repeat; i++) {
      const t0 = performance.now();
      result = convertBundleToCcd(bundle, options);
      timings.push(performance.now() - t0);
    }
  } catch (e) {
    if (e instanceof CcdaInputError) fail(args.input + ': ' + e.message);
    fail('conversion failed: ' + (e instanceof Error ? e.message : String(e)));
  }
  const { xml, report } = result!;
  if (args.output) {
    const tmp = args.output + '.' + process.pid + '.tmp';
    try {
      writeFileSync(tmp, xml);
      renameSync(tmp, args.output);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* nothing was written */
      }
      fail('cannot write ' + args.output + ': ' + ((e as NodeJS.ErrnoException).code ?? 'error'));
    }
  } else {
    // A reader that stops early (`| head`) closes the pipe: that is the reader's choice, not a failure.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
    process.stdout.write(xml);
  }
  if (args.report) process.stderr.write(JSON.stringify(report, null, 2) + '\n');
  if (args.repeat > 1) {
    const s = summarise(timings);
    process.stderr.write(`median ${s.median.toFixed(2)} ms, min ${s.min.toFixed(2)} ms\n`);
  }
}

main();
