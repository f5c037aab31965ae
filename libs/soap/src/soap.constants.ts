/** Namespaces and actions of the SOAP edge (ihe-transactions.md §1–§3). Match on these URIs, never on prefixes. */
export const NS = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsa: 'http://www.w3.org/2005/08/addressing',
  /** Obsolete WS-Addressing namespace: accepted on input, never emitted. */
  wsa2004: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  saml2: 'urn:oasis:names:tc:SAML:2.0:assertion',
  xop: 'http://www.w3.org/2004/08/xop/include',
  hl7: 'urn:hl7-org:v3',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
export const WSA_NONE = 'http://www.w3.org/2005/08/addressing/none';
export const WSA_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';
