/**
 * The hostile request bodies of the hostile-load benchmark and profile (each about 4 MB or at a
 * parser limit): 1M empty header elements with a self-signed assertion, 400k attributes on one
 * element, 4 MB of text beside a valid assertion, ITI-38 with 10k Slots, ITI-39 with 10k DocumentRequests.
 */
import { soapRequest } from '../../support/soap-messages';

const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';

export interface HostileBody {
  name: string;
  endpoint: string;
  body: string;
}

export function retrieve(count: number): string {
  const one = (i: number) =>
    `<DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>2.25.${i}</DocumentUniqueId></DocumentRequest>`;
  return `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007">${Array.from({ length: count }, (_, i) => one(i)).join('')}</RetrieveDocumentSetRequest>`;
}

function adhocQuery(slots: number): string {
  const slot = `<rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList><rim:Value>('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')</rim:Value></rim:ValueList></rim:Slot>`;
  return (
    `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">` +
    `<query:ResponseOption returnType="LeafClass"/><rim:AdhocQuery id="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d">` +
    `<rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>'9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO'</rim:Value></rim:ValueList></rim:Slot>` +
    slot.repeat(slots) +
    `</rim:AdhocQuery></query:AdhocQueryRequest>`
  );
}

/** `signed()` gives a wsse:Security with a valid assertion; `selfSigned` one signed by an untrusted key. */
export function hostileBodies(signed: () => string, selfSigned: string): HostileBody[] {
  return [
    {
      name: '1M empty header elements, self-signed',
      endpoint: 'iti39',
      body: soapRequest(RETRIEVE, retrieve(1), { headers: selfSigned + '<h/>'.repeat(1_000_000) }),
    },
    {
      name: '400k attributes on one element',
      endpoint: 'iti39',
      body: soapRequest(RETRIEVE, retrieve(1), {
        headers: `${signed()}<h${Array.from({ length: 400_000 }, (_, i) => ` a${i}=""`).join('')}/>`,
      }),
    },
    {
      name: '4 MB of text beside a valid assertion',
      endpoint: 'iti39',
      body: soapRequest(RETRIEVE, retrieve(1), { headers: signed() + `<h>${'p'.repeat(1_000_000)}</h>`.repeat(4) }),
    },
    { name: 'ITI-38 with 10k Slots', endpoint: 'iti38', body: soapRequest(QUERY, adhocQuery(10_000), { headers: signed() }) },
    { name: 'ITI-39 with 10k DocumentRequests', endpoint: 'iti39', body: soapRequest(RETRIEVE, retrieve(10_000), { headers: signed() }) },
  ];
}
