import type { RequesterIdentity } from '@gw/identity';

/** Minimal DOM surface used here (xmldom nodes satisfy it), so claims reading has no parser dependency. */
export interface DomElement {
  localName: string | null;
  namespaceURI: string | null;
  getAttribute(name: string): string | null;
  getAttributeNS?(ns: string | null, name: string): string | null;
  childNodes: { length: number; [i: number]: unknown };
  textContent: string | null;
}

export const SAML2 = 'urn:oasis:names:tc:SAML:2.0:assertion';

export const XUA_ATTRIBUTES = {
  subjectId: 'urn:oasis:names:tc:xspa:1.0:subject:subject-id',
  organization: 'urn:oasis:names:tc:xspa:1.0:subject:organization',
  organizationId: 'urn:oasis:names:tc:xspa:1.0:subject:organization-id',
  homeCommunityId: 'urn:nhin:names:saml:homeCommunityId',
  role: 'urn:oasis:names:tc:xacml:2.0:subject:role',
  purposeOfUse: 'urn:oasis:names:tc:xspa:1.0:subject:purposeofuse',
  resourceId: 'urn:oasis:names:tc:xacml:2.0:resource:resource-id',
} as const;

export function elementChildren(el: DomElement, ns?: string, local?: string): DomElement[] {
  const out: DomElement[] = [];
  for (let i = 0; i < el.childNodes.length; i++) {
    const n = el.childNodes[i] as DomElement & { nodeType: number };
    if (n.nodeType !== 1) continue;
    if (local && n.localName !== local) continue;
    if (ns !== undefined && n.namespaceURI !== ns) continue;
    out.push(n);
  }
  return out;
}

function firstText(el: DomElement | undefined): string | undefined {
  const t = el?.textContent?.trim();
  return t ? t : undefined;
}

type Coded = { code: string; codeSystem?: string; displayName?: string };

/** The local name of the coded child of an AttributeValue (e.g. PurposeOfUse, or Epic's PurposeForUse). */
function codedElementName(value: DomElement): string | undefined {
  return elementChildren(value).find((c) => c.getAttribute('code'))?.localName ?? undefined;
}

/** A coded AttributeValue: the CE child (any namespace, any name such as Role, PurposeOfUse or Epic's PurposeForUse), else its text. */
function codedValue(value: DomElement): Coded | undefined {
  const ce = elementChildren(value).find((c) => c.getAttribute('code'));
  if (ce) {
    return {
      code: ce.getAttribute('code')!,
      codeSystem: ce.getAttribute('codeSystem') || undefined,
      displayName: ce.getAttribute('displayName') || undefined,
    };
  }
  const text = firstText(value);
  return text ? { code: text } : undefined;
}

export interface SamlClaims {
  identity: RequesterIdentity;
  /** Patient CX from resource-id, when sent. */
  resourceId?: string;
  issuer?: string;
  /** The element the purpose of use was sent in (PurposeOfUse, or Epic's PurposeForUse), when coded. */
  purposeOfUseElement?: string;
}

/**
 * Reads the XUA attributes of a (verified) saml2:Assertion. Missing optional attributes are simply
 * absent. xsi:type on AttributeValue is ignored: the child element is read whatever it is typed as.
 */
export function readSamlClaims(assertion: DomElement): SamlClaims {
  const identity: RequesterIdentity = { source: 'saml' };
  let resourceId: string | undefined;
  let purposeOfUseElement: string | undefined;
  for (const stmt of elementChildren(assertion, SAML2, 'AttributeStatement')) {
    for (const attribute of elementChildren(stmt, SAML2, 'Attribute')) {
      const name = attribute.getAttribute('Name');
      const value = elementChildren(attribute, SAML2, 'AttributeValue')[0];
      if (!value) continue;
      switch (name) {
        case XUA_ATTRIBUTES.subjectId:
          identity.subjectId = firstText(value);
          break;
        case XUA_ATTRIBUTES.organization:
          identity.organization = firstText(value);
          break;
        case XUA_ATTRIBUTES.organizationId:
          identity.organizationId = firstText(value);
          break;
        case XUA_ATTRIBUTES.homeCommunityId:
          identity.homeCommunityId = firstText(value);
          break;
        case XUA_ATTRIBUTES.role:
          identity.role = codedValue(value);
          break;
        case XUA_ATTRIBUTES.purposeOfUse:
          identity.purposeOfUse = codedValue(value);
          purposeOfUseElement = codedElementName(value);
          break;
        case XUA_ATTRIBUTES.resourceId:
          resourceId = firstText(value);
          break;
      }
    }
  }
  if (!identity.subjectId) {
    const nameId = elementChildren(elementChildren(assertion, SAML2, 'Subject')[0] ?? assertion, SAML2, 'NameID')[0];
    if (nameId && elementChildren(assertion, SAML2, 'Subject').length) identity.subjectId = firstText(nameId);
  }
  if (resourceId) identity.resourceId = resourceId;
  return { identity, resourceId, issuer: firstText(elementChildren(assertion, SAML2, 'Issuer')[0]), purposeOfUseElement };
}
