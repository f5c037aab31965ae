"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.xcaSeconds = exports.xcaResponses = void 0;
exports.statusLabel = statusLabel;
const observability_1 = require("../../../observability/src/index.js");
/** XCA responses by transaction, registry status and first error code ('none' when clean). */
exports.xcaResponses = (0, observability_1.counter)('gw_xca_responses_total', 'ITI-38/39 responses by transaction, registry status and first error code', [
    'transaction',
    'status',
    'error',
]);
/** Handler time per XCA transaction (payload in to payload out, excluding the SOAP edge). */
exports.xcaSeconds = (0, observability_1.histogram)('gw_xca_handler_seconds', 'ITI-38/39 handler latency by transaction and status', ['transaction', 'status']);
/** Short status label for metrics. */
function statusLabel(status) {
    return status.slice(status.lastIndexOf(':') + 1);
}
//# sourceMappingURL=xca.metrics.js.map