import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import * as soap from 'soap';
import type { StartedGateway } from './gateway-harness';

const WSA = 'http://www.w3.org/2005/08/addressing';

/** The last HTTP response body exactly as received (node-soap itself keeps only the SOAP envelope of an MTOM reply). */
let lastBytes: Buffer | undefined;

export function lastResponseBytes(): Buffer | undefined {
  return lastBytes;
}

/**
 * node-soap's own HTTP layer (axios), with an interceptor that keeps the raw bytes. node-soap's
 * optional MTOM parser is an ESM dynamic import that Jest cannot load, so the tests read multipart
 * answers from these bytes themselves.
 */
function capturingAxios(): AxiosInstance {
  const ax = axios.create();
  ax.interceptors.request.use((cfg) => ({ ...cfg, responseType: 'arraybuffer' }) as typeof cfg);
  ax.interceptors.response.use((res) => {
    lastBytes = Buffer.from(res.data as ArrayBuffer);
    res.data = lastBytes.toString('utf8');
    return res;
  });
  return ax;
}

/** A node-soap client built from the gateway's WSDL for one endpoint, sending SOAP 1.2 with WS-Addressing (a fresh MessageID per call). */
export async function soapClient(gw: StartedGateway, endpoint: string, action: string): Promise<soap.Client> {
  const c = await soap.createClientAsync(`${gw.url}/SOAP/${endpoint}?wsdl`, { forceSoap12Headers: true, request: capturingAxios() });
  c.addSoapHeader(`<a:Action xmlns:a="${WSA}" soap:mustUnderstand="1">${action}</a:Action>`);
  c.addSoapHeader(() => `<a:MessageID xmlns:a="${WSA}">urn:uuid:${randomUUID()}</a:MessageID>`);
  c.addSoapHeader(`<a:To xmlns:a="${WSA}">${gw.url}/SOAP/${endpoint}</a:To>`);
  return c;
}
