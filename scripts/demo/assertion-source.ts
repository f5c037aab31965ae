import { DEMO_SIGNER_IN_MEMORY, readDemoSigner, type DemoSigner } from '@gw/xua';
import { demoAssertion } from './signed-examples';
import { DemoError } from './soap-call';

function signerDir(): string {
  return process.env.XUA_DEMO_SIGNER_DIR || process.env.GATEWAY_STATE_DIR || '.state';
}

export function localSigner(): DemoSigner | undefined {
  const dir = signerDir();
  return dir === DEMO_SIGNER_IN_MEMORY ? undefined : readDemoSigner(dir);
}

/**
 * The signed assertion for this run: from the gateway's admin API when ADMIN_API_KEY is given (the
 * gateway knows its own demo signer, wherever it runs), else signed here with the key in the state folder.
 */
export async function mintAssertion(url: string): Promise<{ assertion: string; source: string }> {
  const adminKey = process.env.ADMIN_API_KEY;
  if (adminKey) {
    const res = await fetch(`${url}/admin/xua/demo-assertion`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}` },
      signal: AbortSignal.timeout(10_000),
    }).catch((e: Error) => {
      throw new DemoError(`POST ${url}/admin/xua/demo-assertion failed: ${e.message}`);
    });
    if (!res.ok) throw new DemoError(`POST ${url}/admin/xua/demo-assertion answered HTTP ${res.status}: ${await res.text()}`);
    const { assertion } = (await res.json()) as { assertion: string };
    return { assertion, source: `minted by the gateway (POST /admin/xua/demo-assertion)` };
  }
  const signer = localSigner();
  if (!signer)
    throw new DemoError(
      `no demo XUA signer in ${signerDir()}/ and no ADMIN_API_KEY to ask the gateway for one: a gateway on the embedded NHS sandbox makes it at start (npm start), or run npm run demo with no gateway running`,
    );
  return { assertion: demoAssertion(signer, process.env.XUA_AUDIENCE?.split(',')[0]?.trim()), source: `signed with ${signer.certFile}` };
}
