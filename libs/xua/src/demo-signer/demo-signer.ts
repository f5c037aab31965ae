/* eslint-disable security/detect-non-literal-fs-filename -- the demo signer's files live in the operator's state folder (GATEWAY_STATE_DIR) */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { XuaSigner } from '../xua-assertion.builder';
import { selfSignedCertificate } from './self-signed-certificate';

/**
 * The demo XUA signer: a key pair and self-signed certificate that the gateway trusts only while it
 * runs on the embedded NHS sandbox, so a new user can send signed requests with XUA `required`
 * (`npm run demo`). It is a stand-in for an initiating gateway's STS and has no standing anywhere else.
 */
export const DEMO_SIGNER_COMMON_NAME = 'GP record gateway demo XUA signer (embedded NHS sandbox only)';
const KEY_FILE = 'xua-demo-signer.key';
const CERT_FILE = 'xua-demo-signer.crt';
/** Renewed this long before it expires, so a kept certificate is never about to lapse mid-demo. */
const RENEW_MS = 7 * 24 * 3600_000;
const VALIDITY_MS = 5 * 365 * 24 * 3600_000;
/** The folder value that keeps the signer in this process's memory only (an empty value means the default folder). */
export const DEMO_SIGNER_IN_MEMORY = ':memory:';

export interface DemoSigner extends XuaSigner {
  /** Where the certificate is kept; undefined when the signer lives in memory only. */
  certFile?: string;
}

export function demoSignerFiles(dir: string): { keyFile: string; certFile: string } {
  return { keyFile: path.join(dir, KEY_FILE), certFile: path.join(dir, CERT_FILE) };
}

/** One memory-only signer per process (when no folder is configured). */
let inMemory: DemoSigner | undefined;

function generate(now: Date): XuaSigner {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certPem = selfSignedCertificate(privateKey, {
    commonName: DEMO_SIGNER_COMMON_NAME,
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(now.getTime() + VALIDITY_MS),
  });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem };
}

/** The kept signer in `dir`, when both files are there, belong together and the certificate is current. */
export function readDemoSigner(dir: string, now = new Date()): DemoSigner | undefined {
  const { keyFile, certFile } = demoSignerFiles(dir);
  if (!existsSync(keyFile) || !existsSync(certFile)) return undefined;
  try {
    const keyPem = readFileSync(keyFile, 'utf8');
    const certPem = readFileSync(certFile, 'utf8');
    const cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return undefined;
    if (Date.parse(cert.validTo) - RENEW_MS <= now.getTime()) return undefined;
    return { keyPem, certPem, certFile };
  } catch {
    return undefined; // unreadable: made afresh by loadOrCreateDemoSigner
  }
}

/**
 * The demo signer kept in `dir` (made there on first use, the key readable by its owner only), or
 * with `dir` = DEMO_SIGNER_IN_MEMORY one per process in memory. A folder that cannot be written falls back to memory
 * and says why in `warning`.
 */
export function loadOrCreateDemoSigner(dir: string, now = new Date()): { signer: DemoSigner; warning?: string } {
  if (dir === DEMO_SIGNER_IN_MEMORY) return { signer: (inMemory ??= generate(now)) };
  const kept = readDemoSigner(dir, now);
  if (kept) return { signer: kept };
  const fresh = generate(now);
  const { keyFile, certFile } = demoSignerFiles(dir);
  try {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so a reader never sees a key without its certificate half-written.
    writeFileSync(`${keyFile}.tmp`, fresh.keyPem, { mode: 0o600 });
    writeFileSync(`${certFile}.tmp`, fresh.certPem);
    renameSync(`${keyFile}.tmp`, keyFile);
    renameSync(`${certFile}.tmp`, certFile);
    return { signer: { ...fresh, certFile } };
  } catch (e) {
    inMemory ??= fresh;
    return {
      signer: inMemory,
      warning: `cannot keep the demo XUA signer in ${dir} (${(e as NodeJS.ErrnoException).code ?? 'error'}); it lives in memory for this process`,
    };
  }
}
