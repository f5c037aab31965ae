// docker-compose helper for the separate nhs-sandbox service (plain Node, no build step).
//   node deploy/compose/sandbox-app.js keygen    creates the gateway's RS512 signing key in the key volume, once
//   node deploy/compose/sandbox-app.js register  registers its public key with the sandbox for NHS_API_KEY,
//                                                the way an application's JWKS is registered with NHS England
// In the embedded default (npm start) the gateway does both itself; compose runs the sandbox as its own process.
'use strict';
const { createPrivateKey, createPublicKey, generateKeyPairSync } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');

const keyFile = process.env.NHS_PRIVATE_KEY_FILE;
const sandboxUrl = (process.env.NHS_SANDBOX_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
const apiKey = process.env.NHS_API_KEY;
const kid = process.env.NHS_KEY_ID;

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function keygen() {
  if (!keyFile) fail('NHS_PRIVATE_KEY_FILE is required');
  if (existsSync(keyFile)) return console.log(`signing key present: ${keyFile}`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  writeFileSync(keyFile, privateKey, { mode: 0o600 });
  console.log(`signing key created: ${keyFile}`);
}

async function register() {
  if (!keyFile || !apiKey || !kid) fail('NHS_PRIVATE_KEY_FILE, NHS_API_KEY and NHS_KEY_ID are required');
  const { n, e } = createPublicKey(createPrivateKey(readFileSync(keyFile, 'utf8'))).export({ format: 'jwk' });
  const body = JSON.stringify({ apiKey, jwks: { keys: [{ kty: 'RSA', kid, use: 'sig', alg: 'RS512', n, e }] } });
  for (let attempt = 1; attempt <= 60; attempt++) {
    try {
      const res = await fetch(`${sandboxUrl}/_sandbox/apps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (res.ok) return console.log(`registered key ${kid} for the sandbox app at ${sandboxUrl}`);
      fail(`sandbox refused the registration: HTTP ${res.status}`);
    } catch {
      await new Promise((r) => setTimeout(r, 1000)); // sandbox not listening yet
    }
  }
  fail(`sandbox at ${sandboxUrl} did not answer within 60 s`);
}

const mode = process.argv[2];
if (mode === 'keygen') keygen();
else if (mode === 'register') register();
else fail('usage: sandbox-app.js keygen|register');
