import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * Metric factories on prom-client's default registry (served at /metrics).
 * Idempotent by name, so a lib can declare its metrics at module load and tests that boot the
 * app several times in one process do not trip "already registered".
 */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L>) ?? new Counter({ name, help, labelNames: [...labelNames] });
}

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return (register.getSingleMetric(name) as Gauge<L>) ?? new Gauge({ name, help, labelNames: [...labelNames] });
}

/** Latency buckets in seconds, from 5 ms to 30 s (IHE initiating gateways time out near 30–60 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets: number[] = LATENCY_BUCKETS,
): Histogram<L> {
  return (register.getSingleMetric(name) as Histogram<L>) ?? new Histogram({ name, help, labelNames: [...labelNames], buckets });
}
