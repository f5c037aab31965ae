import { request } from 'node:http';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

/** GET with headers fetch will not send as given (Host), over a real connection. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function soapAddress(wsdl: string): string | undefined {
  return /<soap12:address location="([^"]*)"/.exec(wsdl)?.[1];
}

const HOSTILE = { Host: 'evil.example', 'X-Forwarded-Proto': 'gopher', 'X-Forwarded-Host': 'evil2.example' };

/**
 * The service address in a WSDL is where the next client sends patient queries, so it never comes
 * from what the caller claims: a configured public URL, else trusted proxy headers, else the
 * address the gateway was reached on.
 */
describe('WSDL service address', () => {
  let gw: StartedGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('ignores the caller Host and X-Forwarded-* with TRUST_PROXY_HOPS=0 and uses the bound address', async () => {
    gw = await startGateway({ REDIS_URL: '', TRUST_PROXY_HOPS: '0', SOAP_PUBLIC_BASE_URL: '' });
    const r = await get(`${gw.url}/SOAP/iti55?wsdl`, HOSTILE);
    expect(r.status).toBe(200);
    const address = soapAddress(r.body);
    expect(address).toBe(`${gw.url}/SOAP/iti55`);
    expect(r.body).not.toMatch(/evil|gopher/);
  });

  it('writes SOAP_PUBLIC_BASE_URL when it is set, whatever the request says', async () => {
    gw = await startGateway({ REDIS_URL: '', TRUST_PROXY_HOPS: '1', SOAP_PUBLIC_BASE_URL: 'https://gw.example.nhs.uk/' });
    const r = await get(`${gw.url}/SOAP/iti38?wsdl`, HOSTILE);
    expect(soapAddress(r.body)).toBe('https://gw.example.nhs.uk/SOAP/iti38');
    expect(r.body).not.toMatch(/evil|gopher/);
  });

  it('believes a trusted proxy (TRUST_PROXY_HOPS>0) for host and scheme, but only http/https and a well-formed host', async () => {
    gw = await startGateway({ REDIS_URL: '', TRUST_PROXY_HOPS: '1', SOAP_PUBLIC_BASE_URL: '' });
    const proxied = await get(`${gw.url}/SOAP/iti55?wsdl`, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'gw.example.org' });
    expect(soapAddress(proxied.body)).toBe('https://gw.example.org/SOAP/iti55');
    const odd = await get(`${gw.url}/SOAP/iti55?wsdl`, { 'X-Forwarded-Proto': 'gopher', 'X-Forwarded-Host': 'a"b><x' });
    expect(soapAddress(odd.body)).toBe(`${gw.url}/SOAP/iti55`);
  });
});
