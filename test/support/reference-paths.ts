import path from 'node:path';

/**
 * Where the suites find their reference material, all inside the repository (copies of the team's
 * reference set, checked by test/platform/vendored-reference.spec.ts):
 * the conformance kits, the NHS data the sandbox serves, and the NHS fixtures only tests read.
 */
const ROOT = path.resolve(__dirname, '../..');
export const CONFORMANCE_DIR = path.join(ROOT, 'test/conformance');
export const SANDBOX_DATA_DIR = path.join(ROOT, 'apps/nhs-sandbox/data');
export const NHS_FIXTURES_DIR = path.join(ROOT, 'test/fixtures/nhs');

export const IHE_VALIDATE_SH = path.join(CONFORMANCE_DIR, 'ihe/validate.sh');
export const CCDA_VALIDATE_SH = path.join(CONFORMANCE_DIR, 'ccda/validate-ccda.sh');
export const IHE_MESSAGES_DIR = path.join(CONFORMANCE_DIR, 'ihe/messages');
export const GPC_BUNDLES_DIR = path.join(SANDBOX_DATA_DIR, 'gpconnect/structured-record-bundles');
