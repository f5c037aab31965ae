import { createHash } from 'node:crypto';
import { captureGatewayLogs, type CapturedLogs } from '../support/log-capture';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { readSample, soapRequest } from '../support/soap-messages';

/** A valid NHS number (modulus 11) that no sandbox patient has: wherever it appears in a log, a caller put it there. */
const NHS = '9434765919';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';

function retrieveRequest(documentUniqueId: string, repositoryUniqueId: string, homeCommunityId: string): string {
  return (
    '<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest>' +
    `<HomeCommunityId>${homeCommunityId}</HomeCommunityId><RepositoryUniqueId>${repositoryUniqueId}</RepositoryUniqueId>` +
    `<DocumentUniqueId>${documentUniqueId}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`
  );
}

/**
 * Values a caller chooses (request id header, user agent, document and repository ids, community
 * ids, query slot values, wsa:MessageID and wsa:Action) never reach a log line verbatim when they
 * carry a patient identifier: the logs are read on the full gateway's own logger output.
 */
describe('caller-supplied values in the logs', () => {
  let gw: StartedGateway;
  let logs: CapturedLogs;

  beforeAll(async () => {
    gw = await startGateway({ REDIS_URL: '', LOG_LEVEL: 'info' });
    logs = captureGatewayLogs();
  });
  afterAll(async () => {
    logs?.restore();
    await gw?.close();
  });

  const post = (endpoint: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/SOAP/${endpoint}`, { method: 'POST', headers: { 'Content-Type': 'application/soap+xml', ...headers }, body });

  it('replaces a non-UUID X-Request-ID (an NHS number) with our own id and logs only its fingerprint', async () => {
    const res = await post('iti39', soapRequest(RETRIEVE, retrieveRequest('1.2.3.4', '1.2.3', 'urn:oid:1.2.3')), {
      'X-Request-ID': NHS,
      'User-Agent': `probe/${NHS}`,
    });
    await res.arrayBuffer();
    const ours = res.headers.get('x-request-id') ?? '';
    expect(ours).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const text = logs.text();
    expect(text).toContain(ours);
    expect(text).not.toContain(NHS);
    // The fingerprint of the masked value: correlatable by whoever knows the value, not reversible by trying NHS numbers.
    const fingerprint = `sha256:${createHash('sha256').update('[nhs-number]').digest('hex').slice(0, 16)}`;
    expect(text).toContain(`"callerRequestId":"${fingerprint}"`);
  });

  it('keeps a caller UUID as the request id', async () => {
    const uuid = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const res = await post('iti39', soapRequest(RETRIEVE, retrieveRequest('1.2.3.4', '1.2.3', 'urn:oid:1.2.3')), { 'X-Request-ID': uuid });
    await res.arrayBuffer();
    expect(res.headers.get('x-request-id')).toBe(uuid);
    expect(logs.text()).toContain(uuid);
  });

  it('does not log a DocumentUniqueId, RepositoryUniqueId or HomeCommunityId that carries an NHS number', async () => {
    const res = await post('iti39', soapRequest(RETRIEVE, retrieveRequest(`1.2.826.0.1.${NHS}`, NHS, `urn:oid:2.16.${NHS}`)));
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(logs.text()).toContain('[nhs-number]');
    expect(logs.text()).not.toContain(NHS);
  });

  it('does not log query slot values, a wsa:MessageID or a wsa:Action that carry an NHS number', async () => {
    const query = readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml').replace(
      '$patient_id$',
      `${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`,
    );
    await (await post('iti38', soapRequest(QUERY, query, { messageId: `urn:nhs:${NHS}` }))).arrayBuffer();
    const unknownAction = await post('iti38', soapRequest(`urn:ihe:iti:2007:${NHS}`, query));
    expect(unknownAction.status).toBe(400);
    await unknownAction.arrayBuffer();
    expect(logs.text()).toMatch(/ActionNotSupported: The action 'urn:ihe:iti:2007:\[nhs-number\]'/);
    expect(logs.text()).not.toContain(NHS);
  });
});
