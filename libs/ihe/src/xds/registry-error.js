"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RegistryErrorException = void 0;
exports.registryError = registryError;
exports.responseStatus = responseStatus;
exports.buildRegistryErrorList = buildRegistryErrorList;
const soap_1 = require("../../../soap/src/index.js");
const xds_constants_1 = require("./xds.constants");
/** Thrown inside query/retrieve processing to answer with one registry error instead of a result. */
class RegistryErrorException extends Error {
    entry;
    constructor(entry) {
        super(`${entry.code}: ${entry.context}`);
        this.entry = entry;
    }
}
exports.RegistryErrorException = RegistryErrorException;
function registryError(code, context) {
    return new RegistryErrorException({ code, context });
}
/**
 * Response status from the errors and the number of returned objects (ITI TF-2 3.18.4.1.3,
 * 3.43.4.2.3): Success never carries an Error-severity RegistryError.
 */
function responseStatus(errors, returned) {
    const hasError = errors.some((e) => (e.severity ?? 'error') === 'error');
    if (!hasError)
        return xds_constants_1.RESPONSE_STATUS.success;
    return returned > 0 ? xds_constants_1.RESPONSE_STATUS.partialSuccess : xds_constants_1.RESPONSE_STATUS.failure;
}
/** rs:RegistryErrorList (empty string when there are no errors); `location` = our homeCommunityId. */
function buildRegistryErrorList(errors, location) {
    if (!errors.length)
        return '';
    const highest = errors.some((e) => (e.severity ?? 'error') === 'error') ? xds_constants_1.ERROR_SEVERITY.error : xds_constants_1.ERROR_SEVERITY.warning;
    const items = errors
        .map((e) => `<rs:RegistryError errorCode="${e.code}" codeContext="${(0, soap_1.escapeAttr)(e.context)}" ` +
        `severity="${xds_constants_1.ERROR_SEVERITY[e.severity ?? 'error']}" location="${(0, soap_1.escapeAttr)(location)}"/>`)
        .join('');
    return `<rs:RegistryErrorList highestSeverity="${highest}">${items}</rs:RegistryErrorList>`;
}
//# sourceMappingURL=registry-error.js.map