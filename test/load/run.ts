/**
 * npm run load: a mixed ITI-55 → ITI-38 → ITI-39 load against running gateways (see mixed-load.ts).
 *   npm run load -- --url http://localhost:3000 [--url http://b:3000 ...] [--patients 10] [--rate 20]
 *                   [--ramp 10] [--duration 30] [--xua off]
 * Prints sent / ok / errors, req/s and p50/p99 per step; exits 1 when any step failed.
 * With XUA on (the default) the assertion comes from the demo signer, as for npm run demo
 * (ADMIN_API_KEY asks the gateway for it; otherwise the key in the state folder signs it).
 */
import { mintAssertion } from '../../scripts/demo/assertion-source';
import { formatSummary, runMixedLoad, type LoadOptions } from './mixed-load';

function parse(argv: string[]): LoadOptions & { xua: boolean } {
  const o = { urls: [] as string[], patients: 10, rate: 20, rampSeconds: 10, durationSeconds: 30, xua: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const num = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number`);
      i++;
      return n;
    };
    if (flag === '--url') {
      o.urls.push(value.replace(/\/+$/, ''));
      i++;
    } else if (flag === '--patients') o.patients = num();
    else if (flag === '--rate') o.rate = num();
    else if (flag === '--ramp') o.rampSeconds = value === '0' ? (i++, 0) : num();
    else if (flag === '--duration') o.durationSeconds = num();
    else if (flag === '--xua') {
      o.xua = value !== 'off';
      i++;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (!o.urls.length) o.urls.push(`http://localhost:${process.env.PORT || 3000}`);
  return o;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const assertion = o.xua ? (await mintAssertion(o.urls[0])).assertion : undefined;
  process.stdout.write(
    `mixed load on ${o.urls.join(', ')}: ${o.patients} patients, ${o.rate} steps/s after a ${o.rampSeconds} s ramp, ${o.durationSeconds} s, XUA ${o.xua ? 'signed' : 'off'}\n`,
  );
  const summary = await runMixedLoad({ ...o, assertion });
  process.stdout.write(`${formatSummary(summary)}\n`);
  process.exit(Object.values(summary.byTransaction).some((f) => f.errors > 0) ? 1 : 0);
}

main().catch((e: Error) => {
  process.stderr.write(`load: ${e.message}\n`);
  process.exit(2);
});
