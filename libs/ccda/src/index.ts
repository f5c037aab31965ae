// Public surface of the converter: `convertBundleToCcd(bundle, options) → { xml, report }` (pure, no Nest).
export {};
