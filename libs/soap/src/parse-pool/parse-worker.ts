import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { parseXmlDocument, XmlRejectedError } from '../xml/parse-xml';
import type { ParseJobMessage, ParseResultMessage } from './parse-messages';

/**
 * On Linux a thread has its own nice value: this one is lowered, so when the cores are contended the
 * event loop (health checks, small requests) is scheduled ahead of a large parse. Elsewhere, or
 * where /proc is not mounted, the worker keeps the process's priority.
 */
function lowerOwnPriority(nice: number): void {
  if (!nice) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, nice);
  } catch {
    // no per-thread priority here
  }
}

lowerOwnPriority((workerData as { nice?: number } | null)?.nice ?? 0);

/**
 * A parse worker: the same single pass as on the main thread, with the same limits, run to the end
 * without slicing (nothing else waits on this thread). Refusals go back as data, so the edge answers
 * them with the same Sender faults.
 */
parentPort!.on('message', (job: ParseJobMessage) => {
  if (job.fault === 'exit') process.exit(1);
  if (job.fault === 'hang') for (;;);
  let out: ParseResultMessage;
  try {
    const doc = parseXmlDocument(job.xml, job.options);
    out = { id: job.id, ok: true, root: doc.root, ranges: doc.ranges, idCounts: doc.idCounts };
  } catch (e) {
    out =
      e instanceof XmlRejectedError
        ? { id: job.id, ok: false, rejected: { kind: e.kind, message: e.message, limit: e.limit } }
        : { id: job.id, ok: false };
  }
  parentPort!.postMessage(out);
});
