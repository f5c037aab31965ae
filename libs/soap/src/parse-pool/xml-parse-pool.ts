import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { counter } from '@gw/observability';
import { XmlRejectedError, type ParsedXml, type XmlParseOptions } from '../xml/parse-xml';
import type { XmlElement } from '../xml/xml-element';
import type { ParseJobMessage, ParseResultMessage } from './parse-messages';

export interface XmlParsePoolOptions {
  /** Worker threads. */
  size: number;
  /** Parses waiting for a worker; one more is refused with ParsePoolBusyError. */
  queueLength: number;
  /** A worker that has not answered a parse after this long is ended and replaced. */
  deadlineMs: number;
  /** Nice value of each worker thread (Linux), above the event loop's so the loop is scheduled first; 0 = the same. */
  nice: number;
}

/** Every worker is busy and the queue is full: the caller should retry shortly (a Receiver fault, 503). */
export class ParsePoolBusyError extends Error {
  constructor() {
    super('every XML parse worker is busy');
  }
}

/** The worker parsing this message died or overran its deadline (it has been replaced). */
export class ParseWorkerFailedError extends Error {
  constructor(readonly reason: 'crashed' | 'timeout') {
    super(`XML parse worker ${reason}`);
  }
}

const parses = counter('gw_soap_parse_worker_total', 'XML parses run in a parse worker, by outcome', ['outcome'] as const);

/** A worker's heap bound: a parse within the SOAP limits needs a few times its input; past this the worker dies, not the process. */
const WORKER_HEAP_MB = 256;

interface Job {
  message: ParseJobMessage;
  resolve: (doc: ParsedXml) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  timedOut?: boolean;
}

/**
 * Worker thread of the built gateway (.js next to this file); from the TypeScript sources (tests,
 * tsx) the worker loads the same file through tsx's require hook.
 */
function spawnWorker(nice: number): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `parse-worker${ext}`);
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, workerData: { nice } };
  if (ext !== '.ts') return new Worker(entry, options);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { ...options, eval: true });
}

/** Restores the `parent` links the structured clone drops (non-enumerable, as the parser sets them); no recursion. */
function relink(root: XmlElement): void {
  const stack: XmlElement[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    for (const c of el.children) {
      Object.defineProperty(c, 'parent', { value: el, enumerable: false, writable: true });
      stack.push(c);
    }
  }
}

/**
 * A bounded pool of XML parse workers, so a large envelope's parse (tens of ms of CPU for a few MB)
 * runs beside the event loop instead of on it. Bounded three ways: `size` threads, `queueLength`
 * waiting parses (then ParsePoolBusyError at once, never an unbounded backlog), and a deadline per
 * parse. A worker that exits, errors or overruns is replaced and its parse fails with
 * ParseWorkerFailedError; the other parses carry on. Workers start on the first parse.
 */
export class XmlParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private injected?: ParseJobMessage['fault'];

  constructor(private readonly o: XmlParsePoolOptions) {}

  parse(xml: string, options: XmlParseOptions): Promise<ParsedXml> {
    if (this.closed) return Promise.reject(new ParsePoolBusyError());
    while (this.slots.length < this.o.size) this.slots.push(this.start());
    if (this.queue.length >= this.o.queueLength && !this.slots.some((s) => !s.job)) {
      parses.inc({ outcome: 'busy' });
      return Promise.reject(new ParsePoolBusyError());
    }
    const fault = this.injected;
    this.injected = undefined;
    return new Promise<ParsedXml>((resolve, reject) => {
      this.queue.push({ message: { id: this.nextId++, xml, options, fault }, resolve, reject });
      this.pump();
    });
  }

  /** Parses running in a worker now. */
  get inFlight(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /** For tests only: the next parse makes its worker exit, or hang until the deadline. */
  injectFault(fault: 'exit' | 'hang'): void {
    this.injected = fault;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ParsePoolBusyError());
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    const slot: Slot = { worker: spawnWorker(this.o.nice) };
    // An idle worker does not keep the process alive; an HTTP request waiting on a parse does.
    slot.worker.unref();
    slot.worker.on('message', (m: ParseResultMessage) => this.settle(slot, m));
    slot.worker.on('error', () => undefined); // 'exit' follows and does the replacing
    slot.worker.on('exit', () => this.replace(slot));
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        slot.timedOut = true;
        void slot.worker.terminate();
      }, this.o.deadlineMs);
      slot.worker.postMessage(job.message);
    }
  }

  private settle(slot: Slot, m: ParseResultMessage): void {
    const job = slot.job;
    if (!job || job.message.id !== m.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (m.ok) {
      relink(m.root);
      parses.inc({ outcome: 'parsed' });
      job.resolve({ root: m.root, ranges: m.ranges, idCounts: m.idCounts });
    } else if (m.rejected) {
      parses.inc({ outcome: 'refused' });
      job.reject(new XmlRejectedError(m.rejected.kind, m.rejected.message, m.rejected.limit));
    } else {
      parses.inc({ outcome: 'failed' });
      job.reject(new Error('XML parse worker failed'));
    }
    this.pump();
  }

  private replace(slot: Slot): void {
    clearTimeout(slot.timer);
    const at = this.slots.indexOf(slot);
    if (at < 0) return; // closed
    if (slot.job) {
      const reason = slot.timedOut ? 'timeout' : 'crashed';
      parses.inc({ outcome: reason });
      slot.job.reject(new ParseWorkerFailedError(reason));
    }
    if (this.closed) return;
    this.slots[at] = this.start();
    this.pump();
  }
}
