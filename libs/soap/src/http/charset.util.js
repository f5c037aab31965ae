"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UnsupportedCharsetError = void 0;
exports.decodeXmlBytes = decodeXmlBytes;
const common_1 = require("@nestjs/common");
const logger = new common_1.Logger('SoapCharset');
const ALIASES = {
    utf8: 'utf-8',
    'utf-8': 'utf-8',
    'us-ascii': 'utf-8',
    ascii: 'utf-8',
    'iso-8859-1': 'latin1',
    'iso8859-1': 'latin1',
    latin1: 'latin1',
    'windows-1252': 'windows-1252',
    cp1252: 'windows-1252',
    'utf-16': 'utf-16le',
    'utf-16le': 'utf-16le',
    'utf-16be': 'utf-16be',
};
/** Reads the encoding pseudo-attribute of an XML declaration written in an ASCII-compatible charset. */
function declaredXmlEncoding(bytes) {
    const head = bytes.subarray(0, 200).toString('latin1');
    return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
}
/**
 * Decodes an XML message by the charset its HTTP/MIME headers declare (else its BOM, else its XML
 * declaration, else UTF-8). Declared UTF-8 that is not valid UTF-8 is retried as Windows-1252 with
 * a warning: real senders put ISO-8859-1 bytes in parts labelled UTF-8 (ihe-transactions.md §3.2).
 */
function decodeXmlBytes(bytes, declaredCharset) {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        bytes = bytes.subarray(3);
    else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
        return new TextDecoder('utf-16le').decode(bytes.subarray(2));
    else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
        return new TextDecoder('utf-16be').decode(bytes.subarray(2));
    const name = (declaredCharset ?? declaredXmlEncoding(bytes) ?? 'utf-8').trim().toLowerCase();
    const label = ALIASES[name] ?? name;
    if (label === 'utf-8') {
        try {
            return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        }
        catch {
            logger.warn('Message declared UTF-8 is not valid UTF-8; decoded as Windows-1252');
            return new TextDecoder('windows-1252').decode(bytes);
        }
    }
    try {
        return new TextDecoder(label).decode(bytes);
    }
    catch {
        throw new UnsupportedCharsetError(name);
    }
}
class UnsupportedCharsetError extends Error {
    charset;
    constructor(charset) {
        super(`unsupported charset ${charset}`);
        this.charset = charset;
    }
}
exports.UnsupportedCharsetError = UnsupportedCharsetError;
//# sourceMappingURL=charset.util.js.map