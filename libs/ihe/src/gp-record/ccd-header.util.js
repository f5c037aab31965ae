"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readCcdHeader = readCcdHeader;
const soap_1 = require("../../../soap/src/index.js");
const xds_1 = require("../xds");
const CDA = 'urn:hl7-org:v3';
/**
 * Reads the header facts from the document itself, so the metadata describes the document as
 * generated rather than what the gateway asked the converter for.
 */
function readCcdHeader(xml) {
    const doc = (0, soap_1.parseXml)(xml, { maxDepth: 200, maxElements: 5_000_000 });
    const id = (0, soap_1.child)(doc, CDA, 'id');
    const root = (0, soap_1.attr)(id, 'root');
    const ext = (0, soap_1.attr)(id, 'extension');
    const eff = (0, soap_1.attr)((0, soap_1.child)(doc, CDA, 'effectiveTime'), 'value');
    const svc = (0, soap_1.child)((0, soap_1.child)((0, soap_1.child)(doc, CDA, 'documentationOf'), CDA, 'serviceEvent'), CDA, 'effectiveTime');
    const low = (0, soap_1.attr)((0, soap_1.child)(svc, CDA, 'low'), 'value');
    const high = (0, soap_1.attr)((0, soap_1.child)(svc, CDA, 'high'), 'value');
    return {
        uniqueId: root ? (ext ? `${root}^${ext}` : root) : undefined,
        creationTime: eff ? (0, xds_1.hl7TsToDtm)(eff) : undefined,
        serviceStartTime: low ? (0, xds_1.hl7TsToDtm)(low) : undefined,
        serviceStopTime: high ? (0, xds_1.hl7TsToDtm)(high) : undefined,
    };
}
//# sourceMappingURL=ccd-header.util.js.map