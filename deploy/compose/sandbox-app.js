// docker-compose helper (plain Node, no build step):
//   node deploy/compose/sandbox-app.js keygen    creates the gateway's RS512 signing key in the key volume, once
// The gateway publishes the key's public half at /.well-known/jwks.json; the nhs-sandbox service is
// configured with that URL (NHS_SANDBOX_APP_JWKS_URL), as an application's JWKS is registered with
// NHS England, so no registration step is run. In the embedded default (npm start) the gateway does both itself.
'use strict';
const { generateKeyPairSync } = require('node:crypto');
const { existsSync, writeFileSync } = require('node:fs');

const keyFile = process.env.NHS_PRIVATE_KEY_FILE;

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

if (process.argv[2] === 'keygen') keygen();
else fail('usage: sandbox-app.js keygen');
