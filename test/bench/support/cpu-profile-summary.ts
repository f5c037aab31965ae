/**
 * Reads a V8 .cpuprofile and says where the time went, by owner and by pipeline stage. Each sample is
 * charged to the innermost frame that belongs to the gateway's own code (a lib or the app) or to an
 * npm package, so time in Node's core (crypto, streams, sockets) lands on whoever called it; samples
 * with no such frame are Node's HTTP/socket machinery, GC, or idle.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `@gw/xua`, `app/soap`, `express`, `@nestjs/core`, or undefined for Node core / V8. */
export function ownerOf(url: string): string | undefined {
  const lib = /\/dist\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@gw/${lib[1]}`;
  const app = /\/dist\/apps\/([^/]+)\/src\/([^/.]+)/.exec(url);
  if (app) return `app/${app[2]}`;
  const i = url.lastIndexOf('/node_modules/');
  if (i >= 0) {
    const parts = url.slice(i + 14).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return undefined;
}

/** Pipeline stages, in request order; an owner not listed is "other". */
const STAGES: [string, RegExp][] = [
  ['HTTP server, sockets (Node core)', /^\(node core\)$/],
  // The framework's share includes the response's socket write (writev), which Node core work charges to
  // the caller: Fastify's reply.send (Express: the controller's res.end, so the SOAP edge's share).
  [
    'HTTP framework (Fastify or Express, routing, body reading, helmet, response write)',
    /^(fastify|@fastify\/.+|find-my-way|avvio|light-my-request|fast-querystring|fast-json-stringify|secure-json-parse|toad-cache|process-warning|abstract-logging|proxy-addr|@nestjs\/platform-fastify|express|router|body-parser|raw-body|helmet|iconv-lite|finalhandler|send|serve-static|path-to-regexp|on-finished|type-is|content-type|qs|cookie)$/,
  ],
  [
    'Nest pipeline (guards, interceptors, filters), rxjs',
    /^(@nestjs\/core|@nestjs\/common|@nestjs\/platform-express|rxjs|reflect-metadata|class-validator|class-transformer)$/,
  ],
  ['Rate limiting', /^(@nestjs\/throttler|app\/platform)$/],
  [
    'Logging (pino, redaction)',
    /^(pino|pino-http|nestjs-pino|fast-redact|@pinojs\/redact|pino-std-serializers|sonic-boom|thread-stream|@gw\/observability)$/,
  ],
  ['Metrics (prom-client)', /^(prom-client|tdigest|bintrees|app\/metrics)$/],
  ['SOAP edge (parse, envelope, MTOM)', /^(saxes|xmlchars|@gw\/soap|app\/soap|@gw\/xml-escape)$/],
  ['XUA (signature, claims, replay)', /^(@gw\/xua|xml-crypto|@xmldom\/xmldom|xpath|xml-c14n)$/],
  ['XCA/PDQ handlers, registry metadata', /^(@gw\/ihe|@gw\/hl7-datatypes|@gw\/nhs-number)$/],
  ['Patient checks, document store, cache', /^(@gw\/patient|@gw\/gp-record|@gw\/cache|keyv|@keyv\/redis|@keyv\/serialize|ioredis)$/],
  ['Audit (pseudonyms, ATNA)', /^@gw\/audit$/],
  // The first query for a patient: the NHS calls and the conversion.
  [
    'NHS clients (PDS, SDS, GP Connect, tokens, JWTs, HTTP client)',
    /^(@gw\/pds|@gw\/sds|@gw\/gp-connect|@gw\/auth|@gw\/upstream-http|undici|jsonwebtoken|jws|jwa)$/,
  ],
  ['C-CDA conversion', /^@gw\/ccda$/],
  ['Tracing', /^@opentelemetry\//],
  ['GC', /^\(garbage collector\)$/],
  ['Idle', /^\(idle\)$/],
  ['V8 (program)', /^\(program\)$/],
];

export interface ProfileSummary {
  totalMs: number;
  byStage: [string, number][];
  byOwner: [string, number][];
  topSelf: [string, number][];
}

export function summarise(file: string): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The owner of each node: its own, else its nearest ancestor's; V8's pseudo-frames keep their names.
  const owner = new Map<number, string>();
  const ownerFor = (id: number): string => {
    const known = owner.get(id);
    if (known) return known;
    const n = byId.get(id)!;
    const fn = n.callFrame.functionName;
    let o: string;
    if (['(garbage collector)', '(idle)', '(program)'].includes(fn)) o = fn;
    else o = ownerOf(n.callFrame.url) ?? (parent.has(id) ? ownerFor(parent.get(id)!) : '(node core)');
    if (o === '(root)') o = '(node core)';
    owner.set(id, o);
    return o;
  };
  const ownerMs = new Map<string, number>();
  const selfMs = new Map<string, number>();
  let total = 0;
  // Every sample counts as one sampling interval: on a shared machine a gap between two samples is
  // mostly time the process was not scheduled, which would otherwise land on whatever ran next.
  const interval = [...p.timeDeltas].sort((a, b) => a - b)[p.timeDeltas.length >> 1] / 1000;
  p.samples.forEach((id) => {
    const ms = interval;
    total += ms;
    const o = ownerFor(id);
    ownerMs.set(o, (ownerMs.get(o) ?? 0) + ms);
    const cf = byId.get(id)!.callFrame;
    const where = cf.url ? `${cf.url.replace(/^.*\/(node_modules|dist)\//, '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  const stageMs = new Map<string, number>();
  for (const [o, ms] of ownerMs) {
    const stage = STAGES.find(([, re]) => re.test(o))?.[0] ?? 'Other';
    stageMs.set(stage, (stageMs.get(stage) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, byStage: sorted(stageMs), byOwner: sorted(ownerMs), topSelf: sorted(selfMs).slice(0, 15) };
}

/** Markdown tables: share of all samples, and ms per request when `requests` is known. */
export function summaryMarkdown(s: ProfileSummary, requests: number): string {
  const busy = s.totalMs - (s.byStage.find(([k]) => k === 'Idle')?.[1] ?? 0);
  const row = ([k, ms]: [string, number]) =>
    `| ${k} | ${((100 * ms) / s.totalMs).toFixed(1)} % | ${requests ? ((1000 * ms) / requests).toFixed(0) : '–'} µs |`;
  return [
    `${requests} requests; ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy` +
      (requests ? ` (${((1000 * busy) / requests).toFixed(0)} µs of CPU per request)` : ''),
    '',
    '| Stage | Share | Per request |',
    '|---|---|---|',
    ...s.byStage.map(row),
    '',
    '| Owner (innermost own or npm frame) | Share | Per request |',
    '|---|---|---|',
    ...s.byOwner.slice(0, 20).map(row),
    '',
    '| Hottest functions (self time) | Share | Per request |',
    '|---|---|---|',
    ...s.topSelf.map(row),
  ].join('\n');
}
