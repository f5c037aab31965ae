"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.httpDuration = exports.httpRequests = void 0;
exports.startDefaultMetrics = startDefaultMetrics;
const prom_client_1 = require("prom-client");
const metrics_1 = require("./metrics");
/** HTTP requests by method, matched route pattern (never the raw URL) and status. */
exports.httpRequests = (0, metrics_1.counter)('gw_http_requests_total', 'HTTP requests by method, route and status', [
    'method',
    'route',
    'status',
]);
exports.httpDuration = (0, metrics_1.histogram)('gw_http_request_duration_seconds', 'HTTP request latency by method, route and status', [
    'method',
    'route',
    'status',
]);
let defaultsStarted = false;
/** Node process metrics (CPU, memory, event-loop lag, GC), registered once per process. */
function startDefaultMetrics() {
    if (defaultsStarted || prom_client_1.register.getSingleMetric('process_cpu_user_seconds_total'))
        return;
    defaultsStarted = true;
    (0, prom_client_1.collectDefaultMetrics)();
}
//# sourceMappingURL=http.metrics.js.map