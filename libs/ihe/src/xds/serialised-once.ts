/**
 * A serialiser that keeps the XML of each frozen object it was given: a frozen registry object
 * cannot change, so the registry view reused across queries (PatientRegistryFactory) is serialised
 * once rather than per answer. Objects that are not frozen are serialised on every call. The
 * WeakMap lets the XML go with its object.
 */
export function serialisedOnce<T extends object>(build: (o: T) => string): (o: T) => string {
  const kept = new WeakMap<T, string>();
  return (o) => {
    if (!Object.isFrozen(o)) return build(o);
    let xml = kept.get(o);
    if (xml === undefined) {
      xml = build(o);
      kept.set(o, xml);
    }
    return xml;
  };
}
