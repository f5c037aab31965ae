import { parentPort } from 'node:worker_threads';
import { parseXmlDocument, XmlRejectedError } from '../xml/parse-xml';
import type { ParseJobMessage, ParseResultMessage } from './parse-messages';

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
