import type { IheHandler } from '../soap-handler';
import type { IheRoute } from '../routing/ihe-dispatcher.service';
import { buildWsdl } from './wsdl.builder';
import { findSchemaDir, SchemaFiles } from './schema-files';

const QUERY = 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0';
const XDSB = 'urn:ihe:iti:xds-b:2007';
const handler: IheHandler = { handle: () => Promise.reject(new Error('not called')) };
const files = new SchemaFiles(findSchemaDir());
const schemas = { baseUrl: 'https://gw.example/SOAP/schemas/', fileFor: files.fileFor.bind(files) };

/** A transaction as another profile would declare it: its two element names and its response Action. */
function route(transaction: string, action: string, request: string, response: string, ns: string, responseAction: string): IheRoute {
  return {
    handler,
    options: {
      transaction,
      actions: [action],
      endpoint: transaction.toLowerCase().replace('-', ''),
      service: 'RespondingGateway',
      payload: { ns, local: request },
      response: { ns, local: response },
      responseActions: { [action]: responseAction },
    },
  };
}

describe('buildWsdl: typed from the @IheTransaction metadata', () => {
  it('types a newly declared transaction (ITI-18, ITI-43) by its two element names alone', () => {
    const iti18 = route(
      'ITI-18',
      'urn:ihe:iti:2007:RegistryStoredQuery',
      'AdhocQueryRequest',
      'AdhocQueryResponse',
      QUERY,
      'urn:ihe:iti:2007:RegistryStoredQueryResponse',
    );
    const iti43 = route(
      'ITI-43',
      'urn:ihe:iti:2007:RetrieveDocumentSet',
      'RetrieveDocumentSetRequest',
      'RetrieveDocumentSetResponse',
      XDSB,
      'urn:ihe:iti:2007:RetrieveDocumentSetResponse',
    );
    const wsdl = buildWsdl('DocumentRegistry', [iti18, iti43], 'https://gw.example/SOAP/iti18', schemas);
    expect(wsdl).toContain(
      `<xs:schema targetNamespace="${QUERY}" elementFormDefault="qualified"><xs:include schemaLocation="https://gw.example/SOAP/schemas/nist-toolkit/v3/query.xsd"/></xs:schema>`,
    );
    expect(wsdl).toContain('<xs:include schemaLocation="https://gw.example/SOAP/schemas/nist-toolkit/v3/XDS.b_DocumentRepository.xsd"/>');
    expect(wsdl).toContain('<wsdl:part name="Body" element="query:AdhocQueryRequest"/>');
    expect(wsdl).toContain('<wsdl:part name="Body" element="xdsb:RetrieveDocumentSetResponse"/>');
    expect(wsdl).toContain('wsaw:Action="urn:ihe:iti:2007:RegistryStoredQueryResponse"');
    expect(wsdl).toContain('<wsdl:operation name="urn_ihe_iti_2007_RetrieveDocumentSet">');
    expect(wsdl).not.toContain('OpenPayload');
  });

  it('declares open only an element no served schema has', () => {
    const r = route('X-1', 'urn:example:Do', 'DoRequest', 'DoResponse', 'urn:example:other', 'urn:example:DoResponse');
    const wsdl = buildWsdl('RespondingGateway', [r], 'https://gw.example/SOAP/x1', schemas);
    expect(wsdl).toContain('<xs:element name="DoRequest" type="p0:OpenPayload"/>');
    expect(wsdl).not.toContain('xs:include');
  });

  it('leaves out an action with no declared response Action (nothing typed from guesses)', () => {
    const r = route('X-2', 'urn:example:Do', 'DoRequest', 'DoResponse', QUERY, 'urn:example:DoResponse');
    r.options.actions.push('urn:example:Other');
    const wsdl = buildWsdl('RespondingGateway', [r], 'https://gw.example/SOAP/x2', schemas);
    expect(wsdl).not.toContain('urn:example:Other');
  });
});

describe('SchemaFiles', () => {
  it('reads only .xsd files inside its folder', () => {
    expect(files.read('nist-toolkit/v3/query.xsd')?.length).toBeGreaterThan(1000);
    for (const bad of [
      '../../src/index.ts',
      'nist-toolkit/v3/../../../../PROVENANCE.md',
      '/etc/passwd',
      'nist-toolkit//v3/query.xsd',
      'SHA256SUMS',
    ])
      expect(files.read(bad)).toBeUndefined();
  });
});
