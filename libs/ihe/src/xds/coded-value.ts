/** A coded DocumentEntry attribute: the code, its coding scheme and its display name. */
export interface CodedValue {
  code: string;
  scheme: string;
  display: string;
}

/** Parses the `code|codingScheme|display` configuration form. */
export function parseCodedValue(value: string): CodedValue {
  const [code, scheme, display] = value.split('|').map((s) => s.trim());
  if (!code || !scheme || !display) throw new Error('coded value must be "code|codingScheme|display name"');
  return { code, scheme, display };
}
