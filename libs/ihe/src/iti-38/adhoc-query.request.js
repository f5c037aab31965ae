"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseAdhocQueryRequest = parseAdhocQueryRequest;
const soap_1 = require("../../../soap/src/index.js");
const xds_1 = require("../xds");
/** Accepts rim elements in the rim namespace or, leniently, with no namespace at all. */
function rimChildren(el, local) {
    const found = (0, soap_1.children)(el, xds_1.NS.rim, local);
    return found.length ? found : (0, soap_1.children)(el, '', local);
}
function canonicalName(name) {
    const n = name.trim();
    return n.startsWith('$') ? n : `$${n}`;
}
/**
 * Parses `query:AdhocQueryRequest` leniently (any prefixes, rim children in the rim or no
 * namespace, `urn:oid:` or a bare OID on @home). Throws RegistryErrorException (XDSRegistryError)
 * for what cannot be interpreted: no AdhocQuery, no ResponseOption or an unsupported returnType.
 */
function parseAdhocQueryRequest(body) {
    if (body.local !== 'AdhocQueryRequest')
        throw (0, xds_1.registryError)('XDSRegistryError', 'The request is not an AdhocQueryRequest.');
    const option = (0, soap_1.child)(body, xds_1.NS.query, 'ResponseOption') ?? (0, soap_1.child)(body, '', 'ResponseOption');
    const rawType = (0, soap_1.attr)(option, 'returnType')?.trim();
    if (!option || !rawType) {
        throw (0, xds_1.registryError)('XDSRegistryError', 'ResponseOption/@returnType is required (LeafClass or ObjectRef).');
    }
    let returnType;
    if (rawType === 'LeafClass' || rawType === 'LeafClassWithRepositoryItem')
        returnType = 'LeafClass';
    else if (rawType === 'ObjectRef')
        returnType = 'ObjectRef';
    else
        throw (0, xds_1.registryError)('XDSRegistryError', `returnType "${rawType.slice(0, 40)}" is not supported; use LeafClass or ObjectRef.`);
    const query = rimChildren(body, 'AdhocQuery')[0];
    const id = (0, soap_1.attr)(query, 'id')?.trim();
    if (!query || !id)
        throw (0, xds_1.registryError)('XDSRegistryError', 'AdhocQuery with an id attribute is required.');
    const home = (0, soap_1.attr)(query, 'home')?.trim();
    const params = new Map();
    for (const slot of rimChildren(query, 'Slot')) {
        const name = (0, soap_1.attr)(slot, 'name');
        if (!name)
            continue;
        const values = rimChildren(rimChildren(slot, 'ValueList')[0], 'Value')
            .map((v) => (0, soap_1.text)(v) ?? '')
            .filter((v) => v !== '');
        if (!values.length)
            continue;
        const key = canonicalName(name);
        params.set(key, [...(params.get(key) ?? []), values]);
    }
    return { returnType, queryId: id.toLowerCase(), home: home ? (0, xds_1.toUrnOid)((0, xds_1.stripUrnOid)(home)) : undefined, params };
}
//# sourceMappingURL=adhoc-query.request.js.map