/**
 * npm run demo: plays ITI-55 → ITI-38 → ITI-39 for a sandbox patient against the gateway, with XUA
 * signed by the embedded sandbox's demo signer, and prints what each step found.
 *   npm run demo                              the gateway on localhost:$PORT (3000), or a built one started for the run
 *   npm run demo -- --url http://host:3000    that gateway only (exit 2 when it does not answer)
 *   npm run demo -- --start                   always start a gateway for the run
 *   npm run demo -- --out DIR                 where the CCD is written (default demo-output/)
 *   npm run demo -- --write-signed DIR        write signed copies of examples/*.xml for curl, then exit
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildGateway, buildIsStale, isReachable, startGatewayProcess, type ChildGateway } from './demo/gateway-process';
import { discoverPatient, findDocuments, retrieveDocument } from './demo/iti-steps';
import { EXAMPLE_PATIENT, EXAMPLES, readExample, signEnvelope, withDocumentUniqueId } from './demo/signed-examples';
import { mintAssertion } from './demo/assertion-source';
import { DemoError } from './demo/soap-call';

interface Options {
  url?: string;
  start: boolean;
  out: string;
  writeSigned?: string;
}

const USAGE = `usage: npm run demo [-- --url URL | --start] [--out DIR] [--write-signed DIR]

Plays ITI-55 → ITI-38 → ITI-39 for the sandbox patient 969 093 7286 with a signed XUA assertion from the
embedded sandbox's demo signer, and writes the retrieved CCD.
  --url URL           use this gateway only (exit 2 when it does not answer)
  --start             always start the built gateway for the run (default: localhost:$PORT, else start one)
  --out DIR           where the CCD is written (default demo-output/)
  --write-signed DIR  write signed copies of examples/*.xml for curl (5 minutes, each sent once), then exit
The assertion is signed with the key in $XUA_DEMO_SIGNER_DIR (.state/), or minted by the gateway
(POST /admin/xua/demo-assertion) when ADMIN_API_KEY is set.`;

function parseArgs(argv: string[]): Options {
  const o: Options = { start: false, out: 'demo-output' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--url') o.url = value().replace(/\/+$/, '');
    else if (a === '--start') o.start = true;
    else if (a === '--out') o.out = value();
    else if (a === '--write-signed') o.writeSigned = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option ${a}`);
  }
  if (o.url && o.start) throw new UsageError('--url and --start exclude each other');
  return o;
}

class UsageError extends Error {}

const print = (line = '') => process.stdout.write(`${line}\n`);

/** 9690937286 → 969 093 7286, as NHS numbers are shown to people. */
const spacedNhs = (n: string) => (/^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n);

async function gateway(o: Options): Promise<{ url: string; child?: ChildGateway }> {
  if (o.url) {
    if (!(await isReachable(o.url))) throw new Unreachable(`the gateway at ${o.url} is not reachable (GET ${o.url}/health/live failed)`);
    return { url: o.url };
  }
  const local = `http://localhost:${process.env.PORT || 3000}`;
  if (!o.start && (await isReachable(local))) return { url: local };
  if (!o.start) print(`No gateway answers on ${local}; starting one for this run.`);
  if (buildIsStale()) buildGateway(print);
  const child = await startGatewayProcess();
  print(`Gateway started on ${child.url} (embedded NHS sandbox; stopped when the demo ends).`);
  return { url: child.url, child };
}

class Unreachable extends Error {}

const NOT_TRUSTED_HINT =
  'The gateway does not trust this demo signer. It trusts it only on the embedded NHS sandbox (no PDS_BASE_URL, SDS_BASE_URL or NHS_TOKEN_URL), and the one in its own XUA_DEMO_SIGNER_DIR; with ADMIN_API_KEY set the demo asks the gateway for its assertion instead.';

async function playDemo(url: string, o: Options): Promise<void> {
  const { assertion, source } = await mintAssertion(url);
  print(`Gateway: ${url} — one XUA assertion from the demo signer for the three messages, ${source}`);
  print();

  print('1. ITI-55 Cross Gateway Patient Discovery');
  const patient = await discoverPatient(url, assertion);
  print(`   Patient found: ${patient.name}, NHS number ${spacedNhs(patient.nhsNumber)}`);
  print(
    `   Born ${patient.birthDate ?? '?'}, gender ${patient.gender ?? '?'}${patient.practice ? `, GP practice ${patient.practice}` : ''}`,
  );
  print(`   Patient id for XCA: ${patient.nhsNumber}^^^&${patient.root}&ISO`);
  print();

  print('2. ITI-38 Cross Gateway Query (FindDocuments)');
  const entries = await findDocuments(url, assertion, patient);
  if (!entries.length) throw new DemoError('ITI-38 answered Success with no document entry for the patient');
  const entry = entries[0];
  print(`   Document entry: ${entry.title}`);
  print(`   uniqueId ${entry.uniqueId}`);
  print(
    `   size ${entry.size} bytes, hash (SHA-1) ${entry.hash}, ${entry.mimeType}${entry.creationTime ? `, created ${entry.creationTime}` : ''}`,
  );
  print(`   repository ${entry.repositoryUniqueId}, community ${entry.home}`);
  print();

  print('3. ITI-39 Cross Gateway Retrieve');
  const doc = await retrieveDocument(url, assertion, entry);
  const same = doc.bytes.length === entry.size && doc.sha1 === entry.hash;
  print(`   Retrieved ${doc.bytes.length} bytes, SHA-1 ${doc.sha1} (${doc.mimeType})`);
  if (!same) throw new DemoError(`the retrieved document does not match its entry (size ${entry.size}, hash ${entry.hash})`);
  print("   Size and hash equal the entry's metadata");
  mkdirSync(o.out, { recursive: true });
  const file = path.join(o.out, `${patient.nhsNumber}.xml`);
  writeFileSync(file, doc.bytes);
  print(`   CCD written to ${file}`);
  print();
  print('Demo complete.');
}

/** Signed copies of every example, the document ones filled in from the running gateway when one answers. */
async function writeSigned(o: Options, dir: string): Promise<void> {
  const { url, child } = o.url || o.start ? await gateway(o) : { url: `http://localhost:${process.env.PORT || 3000}`, child: undefined };
  try {
    const { assertion } = await mintAssertion(url);
    let uniqueId: string | undefined;
    if (await isReachable(url)) {
      const entries = await findDocuments(url, assertion, { nhsNumber: EXAMPLE_PATIENT.nhsNumber, root: EXAMPLE_PATIENT.root, name: '' });
      uniqueId = entries[0]?.uniqueId;
    }
    mkdirSync(dir, { recursive: true });
    for (const [name, ex] of Object.entries(EXAMPLES)) {
      let envelope = readExample(name as keyof typeof EXAMPLES);
      if (uniqueId) envelope = withDocumentUniqueId(envelope, uniqueId);
      writeFileSync(path.join(dir, ex.file), signEnvelope(envelope, assertion, `${url}/SOAP/${ex.endpoint}`));
      print(`${path.join(dir, ex.file)}  (${ex.title}, POST ${url}/SOAP/${ex.endpoint})`);
    }
    print(
      uniqueId
        ? `GetDocuments and ITI-39 ask for document ${uniqueId}, current on ${url}.`
        : `No gateway answered on ${url}: GetDocuments and ITI-39 still ask for the placeholder 2.25.0.`,
    );
    print('Each file is good for 5 minutes (wsu:Timestamp) and is meant to be sent once (fresh wsa:MessageID).');
  } finally {
    await child?.stop();
  }
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (o.writeSigned) {
    await writeSigned(o, o.writeSigned);
    return 0;
  }
  const { url, child } = await gateway(o);
  try {
    await playDemo(url, o);
    return 0;
  } finally {
    await child?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof Unreachable) {
      process.stderr.write(`Demo failed: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Demo failed: ${e instanceof DemoError ? e.message : ((e as Error)?.stack ?? String(e))}\n`);
    if (e instanceof DemoError && e.message.includes('wsse:FailedAuthentication')) process.stderr.write(`${NOT_TRUSTED_HINT}\n`);
    process.exit(1);
  },
);
