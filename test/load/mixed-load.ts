import { randomUUID } from 'node:crypto';
import { DEMONSTRATOR_PATIENTS } from '@gw/nhs-sandbox';
import { findDocuments, retrieveDocument, type DocumentEntry, type FoundPatient } from '../../scripts/demo/iti-steps';
import { DemoError, postSoap } from '../../scripts/demo/soap-call';
import { iti55Envelope, matchParams } from '../support/patient-match';
import { signEnvelope } from '../../scripts/demo/signed-examples';

/**
 * A mixed ITI-55 → ITI-38 → ITI-39 load, as initiating gateways send it: each synthetic patient is
 * discovered, queried and retrieved in turn, again and again, at a steady offered rate (after an
 * optional linear ramp), spread over one or more gateway instances round-robin. Open loop: a step
 * is sent on schedule unless that patient's previous step is still in flight (counted as skipped).
 */
export interface LoadOptions {
  urls: string[];
  patients: number;
  /** Offered steps per second once ramped up. */
  rate: number;
  rampSeconds: number;
  durationSeconds: number;
  /** A signed XUA assertion, or undefined for a gateway with XUA_MODE=off. */
  assertion?: string;
}

export type Transaction = 'ITI-55' | 'ITI-38' | 'ITI-39';

export interface TransactionFigures {
  sent: number;
  ok: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  reqPerSecond: number;
  firstError?: string;
}

export interface LoadSummary {
  seconds: number;
  skipped: number;
  byTransaction: Record<Transaction, TransactionFigures>;
}

interface PatientState {
  patient: FoundPatient;
  params: ReturnType<typeof matchParams>;
  next: Transaction;
  entry?: DocumentEntry;
  busy: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

/** Without an assertion (XUA off) a request only gets a fresh MessageID and its wsa:To. */
function prepare(envelope: string, assertion: string | undefined, to: string): string {
  if (assertion) return signEnvelope(envelope, assertion, to);
  return envelope.replace(/<a:MessageID>[^<]*<\/a:MessageID>/, `<a:MessageID>urn:uuid:${randomUUID()}</a:MessageID>`);
}

export async function runMixedLoad(o: LoadOptions): Promise<LoadSummary> {
  const pool = DEMONSTRATOR_PATIENTS.slice(0, Math.max(1, o.patients));
  const states: PatientState[] = pool.map((p) => ({
    patient: { nhsNumber: p.nhsNumber, root: '2.16.840.1.113883.2.1.4.1', name: '' },
    params: matchParams(p),
    next: 'ITI-55',
    busy: false,
  }));
  const latencies: Record<Transaction, number[]> = { 'ITI-55': [], 'ITI-38': [], 'ITI-39': [] };
  const figures: Record<Transaction, { sent: number; errors: number; firstError?: string }> = {
    'ITI-55': { sent: 0, errors: 0 },
    'ITI-38': { sent: 0, errors: 0 },
    'ITI-39': { sent: 0, errors: 0 },
  };
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  let turn = 0;

  const step = async (s: PatientState, url: string): Promise<void> => {
    const tx = s.next;
    figures[tx].sent++;
    const started = performance.now();
    try {
      if (tx === 'ITI-55') {
        await postSoap(url, 'iti55', prepare(iti55Envelope(s.params), o.assertion, `${url}/SOAP/iti55`));
        s.next = 'ITI-38';
      } else if (tx === 'ITI-38') {
        const entries = await findDocuments(url, o.assertion ?? '', s.patient, (env, to) => prepare(env, o.assertion, to));
        s.entry = entries[0];
        s.next = s.entry ? 'ITI-39' : 'ITI-55';
      } else {
        const doc = await retrieveDocument(url, o.assertion ?? '', s.entry!, (env, to) => prepare(env, o.assertion, to));
        // The bytes must be the ones the entry published: a wrong or cut document is an error, not a success.
        if (doc.sha1 !== s.entry!.hash || doc.bytes.length !== s.entry!.size)
          throw new DemoError('ITI-39 bytes do not match the entry hash/size');
        s.next = 'ITI-55';
      }
      latencies[tx].push(performance.now() - started);
    } catch (e) {
      figures[tx].errors++;
      figures[tx].firstError ??= e instanceof Error ? e.message : String(e);
      s.next = 'ITI-55';
    } finally {
      s.busy = false;
    }
  };

  const start = performance.now();
  const end = start + o.durationSeconds * 1000;
  let due = start;
  while (performance.now() < end) {
    const elapsedS = (performance.now() - start) / 1000;
    const rate = o.rampSeconds > 0 && elapsedS < o.rampSeconds ? Math.max(1, (o.rate * elapsedS) / o.rampSeconds) : o.rate;
    due += 1000 / rate;
    const s = states[turn % states.length];
    const url = o.urls[turn % o.urls.length];
    turn++;
    if (s.busy) skipped++;
    else {
      s.busy = true;
      const p = step(s, url).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  const byTransaction = Object.fromEntries(
    (Object.keys(latencies) as Transaction[]).map((tx) => {
      const sorted = [...latencies[tx]].sort((a, b) => a - b);
      return [
        tx,
        {
          sent: figures[tx].sent,
          ok: sorted.length,
          errors: figures[tx].errors,
          p50Ms: Math.round(percentile(sorted, 50)),
          p99Ms: Math.round(percentile(sorted, 99)),
          reqPerSecond: Math.round((sorted.length / seconds) * 10) / 10,
          firstError: figures[tx].firstError,
        },
      ];
    }),
  ) as Record<Transaction, TransactionFigures>;
  return { seconds, skipped, byTransaction };
}

export function formatSummary(s: LoadSummary): string {
  const rows = (Object.entries(s.byTransaction) as Array<[Transaction, TransactionFigures]>).map(
    ([tx, f]) =>
      `${tx.padEnd(8)}${String(f.sent).padStart(7)}${String(f.ok).padStart(7)}${String(f.errors).padStart(8)}${String(f.reqPerSecond).padStart(9)}${String(f.p50Ms).padStart(8)}${String(f.p99Ms).padStart(8)}${f.firstError ? `   first error: ${f.firstError}` : ''}`,
  );
  return [
    `${'step'.padEnd(8)}${'sent'.padStart(7)}${'ok'.padStart(7)}${'errors'.padStart(8)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}`,
    ...rows,
    `${s.seconds.toFixed(1)} s; ${s.skipped} step(s) skipped because that patient's previous step was still in flight`,
  ].join('\n');
}
