"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LATENCY_BUCKETS = void 0;
exports.counter = counter;
exports.gauge = gauge;
exports.histogram = histogram;
const prom_client_1 = require("prom-client");
/**
 * Metric factories on prom-client's default registry (served at /metrics).
 * Idempotent by name, so a lib can declare its metrics at module load and tests that boot the
 * app several times in one process do not trip "already registered".
 */
function counter(name, help, labelNames = []) {
    return prom_client_1.register.getSingleMetric(name) ?? new prom_client_1.Counter({ name, help, labelNames: [...labelNames] });
}
function gauge(name, help, labelNames = []) {
    return prom_client_1.register.getSingleMetric(name) ?? new prom_client_1.Gauge({ name, help, labelNames: [...labelNames] });
}
/** Latency buckets in seconds, from 5 ms to 30 s (IHE initiating gateways time out near 30–60 s). */
exports.LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
function histogram(name, help, labelNames = [], buckets = exports.LATENCY_BUCKETS) {
    return prom_client_1.register.getSingleMetric(name) ?? new prom_client_1.Histogram({ name, help, labelNames: [...labelNames], buckets });
}
//# sourceMappingURL=metrics.js.map