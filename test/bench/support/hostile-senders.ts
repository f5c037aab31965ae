/**
 * The hostile side of test/bench/hostile-load.bench.ts, in a process of its own, so building and
 * sending 4 MB bodies never delays the event loop that times the small requests.
 *
 *   node --import tsx hostile-senders.ts <gateway url> <bodies.json> <senders>
 *
 * bodies.json: [{ name, endpoint, body }]. Sends them round-robin from `senders` loops (each body with
 * a fresh wsa:MessageID) until SIGTERM, then prints one JSON object of answer counts (status or
 * error name → count) on stdout and exits.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [url, bodiesFile, sendersArg] = process.argv.slice(2);
const hostile = JSON.parse(readFileSync(bodiesFile, 'utf8')) as { name: string; endpoint: string; body: string }[];
const SOAP = { 'content-type': 'application/soap+xml; charset=utf-8' };

const fresh = hostile.map(({ body }) => {
  const id = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(body)![1];
  const at = body.indexOf(id);
  const head = body.slice(0, at);
  const tail = body.slice(at + id.length);
  return () => `${head}urn:uuid:${randomUUID()}${tail}`;
});

const statuses: Record<string, number> = {};
let stop = false;

async function sender(first: number): Promise<void> {
  for (let i = first; !stop; i++) {
    const n = i % hostile.length;
    let key: string;
    try {
      const res = await fetch(`${url}/SOAP/${hostile[n].endpoint}`, {
        method: 'POST',
        headers: SOAP,
        body: fresh[n](),
        signal: AbortSignal.timeout(60_000),
      });
      await res.arrayBuffer();
      key = `${res.status}`;
    } catch (e) {
      key = (e as Error).name;
    }
    if (!stop) statuses[key] = (statuses[key] ?? 0) + 1;
  }
}

const loops = Array.from({ length: Number(sendersArg) || 4 }, (_, i) => sender(i));
process.on('SIGTERM', () => {
  stop = true;
  void Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 5_000))]).then(() => {
    process.stdout.write(`${JSON.stringify(statuses)}\n`);
    process.exit(0);
  });
});
process.stderr.write('hostile senders: started\n');
