"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.XUA_ATTRIBUTES = exports.SAML2 = void 0;
exports.elementChildren = elementChildren;
exports.readSamlClaims = readSamlClaims;
exports.SAML2 = 'urn:oasis:names:tc:SAML:2.0:assertion';
exports.XUA_ATTRIBUTES = {
    subjectId: 'urn:oasis:names:tc:xspa:1.0:subject:subject-id',
    organization: 'urn:oasis:names:tc:xspa:1.0:subject:organization',
    organizationId: 'urn:oasis:names:tc:xspa:1.0:subject:organization-id',
    homeCommunityId: 'urn:nhin:names:saml:homeCommunityId',
    role: 'urn:oasis:names:tc:xacml:2.0:subject:role',
    purposeOfUse: 'urn:oasis:names:tc:xspa:1.0:subject:purposeofuse',
    resourceId: 'urn:oasis:names:tc:xacml:2.0:resource:resource-id',
};
function elementChildren(el, ns, local) {
    const out = [];
    for (let i = 0; i < el.childNodes.length; i++) {
        const n = el.childNodes[i];
        if (n.nodeType !== 1)
            continue;
        if (local && n.localName !== local)
            continue;
        if (ns !== undefined && n.namespaceURI !== ns)
            continue;
        out.push(n);
    }
    return out;
}
function firstText(el) {
    const t = el?.textContent?.trim();
    return t ? t : undefined;
}
/** A coded AttributeValue: the CE child (any namespace, any name such as Role, PurposeOfUse or Epic's PurposeForUse), else its text. */
function codedValue(value) {
    const ce = elementChildren(value).find((c) => c.getAttribute('code'));
    if (ce) {
        return {
            code: ce.getAttribute('code'),
            codeSystem: ce.getAttribute('codeSystem') || undefined,
            displayName: ce.getAttribute('displayName') || undefined,
        };
    }
    const text = firstText(value);
    return text ? { code: text } : undefined;
}
/**
 * Reads the XUA attributes of a (verified) saml2:Assertion. Missing optional attributes are simply
 * absent. xsi:type on AttributeValue is ignored: the child element is read whatever it is typed as.
 */
function readSamlClaims(assertion) {
    const identity = { source: 'saml' };
    let resourceId;
    for (const stmt of elementChildren(assertion, exports.SAML2, 'AttributeStatement')) {
        for (const attribute of elementChildren(stmt, exports.SAML2, 'Attribute')) {
            const name = attribute.getAttribute('Name');
            const value = elementChildren(attribute, exports.SAML2, 'AttributeValue')[0];
            if (!value)
                continue;
            switch (name) {
                case exports.XUA_ATTRIBUTES.subjectId:
                    identity.subjectId = firstText(value);
                    break;
                case exports.XUA_ATTRIBUTES.organization:
                    identity.organization = firstText(value);
                    break;
                case exports.XUA_ATTRIBUTES.organizationId:
                    identity.organizationId = firstText(value);
                    break;
                case exports.XUA_ATTRIBUTES.homeCommunityId:
                    identity.homeCommunityId = firstText(value);
                    break;
                case exports.XUA_ATTRIBUTES.role:
                    identity.role = codedValue(value);
                    break;
                case exports.XUA_ATTRIBUTES.purposeOfUse:
                    identity.purposeOfUse = codedValue(value);
                    break;
                case exports.XUA_ATTRIBUTES.resourceId:
                    resourceId = firstText(value);
                    break;
            }
        }
    }
    if (!identity.subjectId) {
        const nameId = elementChildren(elementChildren(assertion, exports.SAML2, 'Subject')[0] ?? assertion, exports.SAML2, 'NameID')[0];
        if (nameId && elementChildren(assertion, exports.SAML2, 'Subject').length)
            identity.subjectId = firstText(nameId);
    }
    return { identity, resourceId, issuer: firstText(elementChildren(assertion, exports.SAML2, 'Issuer')[0]) };
}
//# sourceMappingURL=saml-claims.js.map