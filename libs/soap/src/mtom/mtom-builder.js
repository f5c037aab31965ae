"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildMtom = buildMtom;
const node_crypto_1 = require("node:crypto");
const ROOT_ID = 'root@gw';
/**
 * Builds a multipart/related MTOM/XOP message (ihe-transactions.md §3.3): quoted parameters,
 * CRLF framing, `Content-ID` in angle brackets, binary parts copied byte for byte, closing
 * `--boundary--`. The root part carries the SOAP envelope as application/xop+xml.
 */
function buildMtom(envelopeXml, parts, action) {
    const boundary = `MIMEBoundary_${(0, node_crypto_1.randomUUID)().replace(/-/g, '')}`;
    const chunks = [];
    const line = (s) => chunks.push(Buffer.from(s + '\r\n', 'latin1'));
    line(`--${boundary}`);
    line('Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"');
    line('Content-Transfer-Encoding: binary');
    line(`Content-ID: <${ROOT_ID}>`);
    line('');
    chunks.push(Buffer.from(envelopeXml, 'utf8'), Buffer.from('\r\n'));
    for (const p of parts) {
        line(`--${boundary}`);
        line(`Content-Type: ${p.contentType}`);
        line('Content-Transfer-Encoding: binary');
        line(`Content-ID: <${p.contentId}>`);
        line('');
        chunks.push(p.data, Buffer.from('\r\n'));
    }
    line(`--${boundary}--`);
    const actionParam = action ? `; action="${action}"` : '';
    return {
        contentType: `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<${ROOT_ID}>"; start-info="application/soap+xml"${actionParam}`,
        body: Buffer.concat(chunks),
    };
}
//# sourceMappingURL=mtom-builder.js.map