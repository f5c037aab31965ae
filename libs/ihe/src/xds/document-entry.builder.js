"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildExtrinsicObject = buildExtrinsicObject;
exports.buildObjectRef = buildObjectRef;
const soap_1 = require("../../../soap/src/index.js");
const xds_format_util_1 = require("./xds-format.util");
const xds_constants_1 = require("./xds.constants");
/** ebRIM LongName (Slot values, ExternalIdentifier values) and FreeFormText limits. */
const LONG_NAME = 256;
const FREE_FORM_TEXT = 1024;
function clip(s, max) {
    return s.length <= max ? s : s.slice(0, max);
}
function slot(name, values) {
    const v = values.map((x) => `<rim:Value>${(0, soap_1.escapeText)(clip(x, LONG_NAME))}</rim:Value>`).join('');
    return `<rim:Slot name="${name}"><rim:ValueList>${v}</rim:ValueList></rim:Slot>`;
}
function localized(value) {
    return `<rim:LocalizedString value="${(0, soap_1.escapeAttr)(clip(value, FREE_FORM_TEXT))}"/>`;
}
function classification(entryUuid, scheme, nodeRepresentation, inner) {
    const id = `urn:uuid:${(0, xds_format_util_1.nameBasedUuid)(entryUuid, scheme, nodeRepresentation)}`;
    return (`<rim:Classification id="${id}" objectType="${xds_constants_1.OBJECT_TYPE.classification}" classificationScheme="${scheme}" ` +
        `classifiedObject="${(0, soap_1.escapeAttr)(entryUuid)}" nodeRepresentation="${(0, soap_1.escapeAttr)(nodeRepresentation)}">${inner}</rim:Classification>`);
}
function coded(entryUuid, scheme, c) {
    return classification(entryUuid, scheme, c.code, `${slot('codingScheme', [c.scheme])}<rim:Name>${localized(c.display)}</rim:Name>`);
}
function externalIdentifier(entryUuid, scheme, value, name) {
    const id = `urn:uuid:${(0, xds_format_util_1.nameBasedUuid)(entryUuid, scheme)}`;
    return (`<rim:ExternalIdentifier id="${id}" objectType="${xds_constants_1.OBJECT_TYPE.externalIdentifier}" identificationScheme="${scheme}" ` +
        `value="${(0, soap_1.escapeAttr)(clip(value, LONG_NAME))}" registryObject="${(0, soap_1.escapeAttr)(entryUuid)}"><rim:Name>${localized(name)}</rim:Name></rim:ExternalIdentifier>`);
}
/**
 * One DocumentEntry as `rim:ExtrinsicObject`, in ebRIM element order: Slot*, Name?, Description?,
 * VersionInfo?, Classification*, ExternalIdentifier*. Slots are written once each, in name order.
 * An On-Demand entry carries no creationTime, hash or size (ITI TF-3 4.1.4.1).
 * The `rim` prefix must be bound by the enclosing element.
 */
function buildExtrinsicObject(e) {
    const stable = e.kind === 'stable';
    const slots = [];
    if (stable && e.creationTime)
        slots.push(['creationTime', [e.creationTime]]);
    if (stable && e.hash)
        slots.push(['hash', [e.hash]]);
    slots.push(['languageCode', [e.languageCode]]);
    slots.push(['repositoryUniqueId', [e.repositoryUniqueId]]);
    if (e.serviceStartTime)
        slots.push(['serviceStartTime', [e.serviceStartTime]]);
    if (e.serviceStopTime)
        slots.push(['serviceStopTime', [e.serviceStopTime]]);
    if (stable && e.size !== undefined)
        slots.push(['size', [String(e.size)]]);
    slots.push(['sourcePatientId', [e.sourcePatientId]]);
    const parts = slots.map(([n, v]) => slot(n, v));
    if (e.title)
        parts.push(`<rim:Name>${localized(e.title)}</rim:Name>`);
    parts.push('<rim:VersionInfo versionName="1"/>');
    if (e.author && (e.author.institutions.length || e.author.person)) {
        const a = e.author;
        const inner = [];
        if (a.institutions.length)
            inner.push(slot('authorInstitution', a.institutions));
        if (a.person)
            inner.push(slot('authorPerson', [a.person]));
        if (a.roles?.length)
            inner.push(slot('authorRole', a.roles));
        if (a.specialties?.length)
            inner.push(slot('authorSpecialty', a.specialties));
        parts.push(classification(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.author, '', inner.join('')));
    }
    parts.push(coded(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.classCode, e.classCode));
    for (const c of e.confidentialityCodes)
        parts.push(coded(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.confidentialityCode, c));
    parts.push(coded(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.formatCode, e.formatCode));
    parts.push(coded(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.healthcareFacilityTypeCode, e.healthcareFacilityTypeCode));
    parts.push(coded(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.practiceSettingCode, e.practiceSettingCode));
    parts.push(coded(e.entryUuid, xds_constants_1.CLASSIFICATION_SCHEME.typeCode, e.typeCode));
    parts.push(externalIdentifier(e.entryUuid, xds_constants_1.EXTERNAL_IDENTIFIER_SCHEME.patientId, e.patientId, 'XDSDocumentEntry.patientId'));
    parts.push(externalIdentifier(e.entryUuid, xds_constants_1.EXTERNAL_IDENTIFIER_SCHEME.uniqueId, e.uniqueId, 'XDSDocumentEntry.uniqueId'));
    const objectType = stable ? xds_constants_1.ENTRY_TYPE.stable : xds_constants_1.ENTRY_TYPE.onDemand;
    return (`<rim:ExtrinsicObject id="${(0, soap_1.escapeAttr)(e.entryUuid)}" lid="${(0, soap_1.escapeAttr)(e.entryUuid)}" objectType="${objectType}" ` +
        `status="${xds_constants_1.AVAILABILITY_STATUS.approved}" mimeType="${(0, soap_1.escapeAttr)(e.mimeType)}" home="${(0, soap_1.escapeAttr)(e.homeCommunityId)}">` +
        `${parts.join('')}</rim:ExtrinsicObject>`);
}
/** `rim:ObjectRef` for returnType ObjectRef; `home` is required in XCA. */
function buildObjectRef(entryUuid, homeCommunityId) {
    return `<rim:ObjectRef id="${(0, soap_1.escapeAttr)(entryUuid)}" home="${(0, soap_1.escapeAttr)(homeCommunityId)}"/>`;
}
//# sourceMappingURL=document-entry.builder.js.map