import { ConsoleLogger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { register } from 'prom-client';
import { NhsAccessTokenService } from '@gw/auth';
import { GpRecordFetcher } from '@gw/gp-connect';
import { PdsClient } from '@gw/pds';
import { startHarness, TEST_API_KEY, testJwks, type Harness } from './nhs-harness';

/** Captures every log line the NHS clients and the sandbox write. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  override log(message: unknown, ...rest: unknown[]) {
    this.lines.push([message, ...rest].map(String).join(' '));
  }
  override warn(message: unknown, ...rest: unknown[]) {
    this.log(message, ...rest);
  }
  override error(message: unknown, ...rest: unknown[]) {
    this.log(message, ...rest);
  }
  override debug(message: unknown, ...rest: unknown[]) {
    this.log(message, ...rest);
  }
  override verbose(message: unknown, ...rest: unknown[]) {
    this.log(message, ...rest);
  }
}

/**
 * Upstream calls are measured (latency histogram, error count by service and Spine code), traced
 * (one span per call), and nothing about a patient (NHS number, name) or any token reaches the logs
 * or span attributes, whatever the outcome.
 */
describe('NHS clients: metrics, spans, and no patient data in logs', () => {
  const logger = new CapturingLogger();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let h: Harness;
  const patients = ['9690937286', '9690938576', '9000000025', '9690938681', '9111231130', '9000000009'];
  const names = ['SKELLY', 'HORACE', 'McCAIN', 'Smythe', 'ROONEY', 'Smith'];
  let token = '';

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    h = await startHarness({ logger, env: { GP_CONNECT_TIMEOUT_MS: '2000', GP_CONNECT_RETRIES: '0', PDS_RETRIES: '0' } });
    const fetcher = h.get(GpRecordFetcher);
    for (const [i, nhs] of patients.entries()) await fetcher.fetch(nhs, { source: 'default' }, `req-${i}`);
    token = await h.get(NhsAccessTokenService).accessToken();
    h.sandbox.faults.set([{ path: '/personal-demographics', status: 500, times: 1 }]);
    await fetcher.fetch('9690937286', { source: 'default' }, 'req-500');
    h.sandbox.faults.set([{ path: '/B82617', latencyMs: 2600, times: 1 }]);
    await fetcher.fetch('9690937286', { source: 'default' }, 'req-timeout');
    h.sandbox.faults.set([]);
    // A refused token request is logged too: it must not carry the assertion.
    h.sandbox.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks('rotated-away') });
    await h.get(NhsAccessTokenService).invalidate();
    await h.get(PdsClient).read('9690937286', { requestId: 'req-token' });
    h.sandbox.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks() });
  });
  afterAll(async () => {
    await h.close();
    trace.disable();
  });

  it('logs what happened (with request ids and Ssp-TraceIDs) but never an NHS number, a name or a token', () => {
    const text = logger.lines.join('\n');
    expect(text).toMatch(/GP Connect answered 200 \(Ssp-TraceID [0-9a-f-]{36}, request req-0\)/);
    expect(text).toMatch(/NHS token request refused: 401/);
    for (const nhs of patients) expect(text).not.toContain(nhs);
    for (const n of names) expect(text.toLowerCase()).not.toContain(n.toLowerCase());
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/Bearer|eyJ/);
  });

  it('records one span per upstream call, without patient data in attributes', () => {
    const spans = exporter.getFinishedSpans();
    const byName = new Set(spans.map((s) => s.name));
    for (const n of ['nhs-oauth.token', 'pds.read', 'sds.endpoint', 'sds.device', 'gp-connect.getstructuredrecord'])
      expect(byName).toContain(n);
    const attrs = JSON.stringify(spans.map((s) => s.attributes));
    for (const nhs of patients) expect(attrs).not.toContain(nhs);
  });

  it('counts latency per service and errors per service and Spine code', async () => {
    const latency = await register.getSingleMetric('gw_upstream_request_duration_seconds')!.get();
    const services = new Set(
      latency.values.filter((v) => (v as { metricName?: string }).metricName?.endsWith('_count')).map((v) => v.labels.service),
    );
    expect(services).toEqual(new Set(['nhs-oauth', 'pds', 'sds', 'gp-connect']));
    const errors = (await register.getSingleMetric('gw_upstream_errors_total')!.get()).values;
    const count = (service: string, code: string) =>
      errors.filter((v) => v.labels.service === service && v.labels.code === code).reduce((a, v) => a + v.value, 0);
    expect(count('gp-connect', 'NO_PATIENT_CONSENT')).toBeGreaterThanOrEqual(1);
    expect(count('gp-connect', 'PATIENT_NOT_FOUND')).toBeGreaterThanOrEqual(1);
    expect(count('pds', 'RESOURCE_NOT_FOUND')).toBeGreaterThanOrEqual(1);
    expect(count('pds', '500')).toBeGreaterThanOrEqual(1);
    expect(count('gp-connect', 'timeout')).toBeGreaterThanOrEqual(1);
    expect(count('nhs-oauth', 'invalid_request')).toBeGreaterThanOrEqual(1);
  });
});
