import { attr, child, children, text, type XmlElement } from '@gw/soap';
import { NS, registryError, type ReturnType } from '../../xds';
import { stripUrnOid, toUrnOid } from '@gw/hl7-datatypes';

/** A parsed ITI-38 AdhocQueryRequest, before stored-query validation. */
export interface AdhocQueryCommand {
  returnType: ReturnType;
  /** AdhocQuery/@id, lower-cased. */
  queryId: string;
  /** AdhocQuery/@home as `urn:oid:…`, when sent. */
  home?: string;
  /**
   * Parameter name → its Slots, each Slot the raw Value strings. Several Slots with one name mean
   * AND; several values in one Slot mean OR. Slots with an empty ValueList are dropped (absent).
   */
  params: Map<string, string[][]>;
}

/** Accepts rim elements in the rim namespace or, leniently, with no namespace at all. */
function rimChildren(el: XmlElement | undefined, local: string): XmlElement[] {
  const found = children(el, NS.rim, local);
  return found.length ? found : children(el, '', local);
}

/** How much one query may ask for; checked before any Slot is read. */
export interface AdhocQueryBounds {
  maxSlots: number;
  maxValues: number;
}

function canonicalName(name: string): string {
  const n = name.trim();
  return n.startsWith('$') ? n : `$${n}`;
}

/**
 * Parses `query:AdhocQueryRequest` leniently (any prefixes, rim children in the rim or no
 * namespace, `urn:oid:` or a bare OID on @home). Throws RegistryErrorException (XDSRegistryError)
 * for what cannot be interpreted: no AdhocQuery, no ResponseOption or an unsupported returnType;
 * XDSRegistryOutOfResources for more Slots or Values than `bounds` allow.
 */
export function parseAdhocQueryRequest(body: XmlElement, bounds: AdhocQueryBounds): AdhocQueryCommand {
  if (body.local !== 'AdhocQueryRequest') throw registryError('XDSRegistryError', 'The request is not an AdhocQueryRequest.');
  const option = child(body, NS.query, 'ResponseOption') ?? child(body, '', 'ResponseOption');
  const rawType = attr(option, 'returnType')?.trim();
  if (!option || !rawType) {
    throw registryError('XDSRegistryError', 'ResponseOption/@returnType is required (LeafClass or ObjectRef).');
  }
  let returnType: ReturnType;
  if (rawType === 'LeafClass' || rawType === 'LeafClassWithRepositoryItem') returnType = 'LeafClass';
  else if (rawType === 'ObjectRef') returnType = 'ObjectRef';
  else throw registryError('XDSRegistryError', `returnType "${rawType.slice(0, 40)}" is not supported; use LeafClass or ObjectRef.`);

  const query = rimChildren(body, 'AdhocQuery')[0];
  const id = attr(query, 'id')?.trim();
  if (!query || !id) throw registryError('XDSRegistryError', 'AdhocQuery with an id attribute is required.');
  const home = attr(query, 'home')?.trim();

  const slots = rimChildren(query, 'Slot');
  if (slots.length > bounds.maxSlots) {
    throw registryError('XDSRegistryOutOfResources', `At most ${bounds.maxSlots} query parameters (Slots) are accepted in one query.`);
  }
  const params = new Map<string, string[][]>();
  let valueCount = 0;
  for (const slot of slots) {
    const name = attr(slot, 'name');
    if (!name) continue;
    const valueEls = rimChildren(rimChildren(slot, 'ValueList')[0], 'Value');
    valueCount += valueEls.length;
    if (valueCount > bounds.maxValues) {
      throw registryError('XDSRegistryOutOfResources', `At most ${bounds.maxValues} parameter values are accepted in one query.`);
    }
    const values = valueEls.map((v) => text(v) ?? '').filter((v) => v !== '');
    if (!values.length) continue;
    const key = canonicalName(name);
    const list = params.get(key);
    if (list) list.push(values);
    else params.set(key, [values]);
  }
  return { returnType, queryId: id.toLowerCase(), home: home ? toUrnOid(stripUrnOid(home)) : undefined, params };
}
