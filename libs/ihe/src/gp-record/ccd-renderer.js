"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CcdRenderer = void 0;
/**
 * Turns a GP Connect structured record into the CCD the gateway serves. A port so the document
 * service is tested with real and with fake conversions alike; throws when a bundle cannot be
 * converted at all.
 */
class CcdRenderer {
}
exports.CcdRenderer = CcdRenderer;
//# sourceMappingURL=ccd-renderer.js.map