import { escapeAttr, escapeText } from '@gw/xml-escape';
import type { CodedValue } from './coded-value';
import { nameBasedUuid } from './xds-format.util';
import { OBJECT_TYPE } from './xds.constants';

/** ebRIM LongName (Slot values, ExternalIdentifier values) and FreeFormText limits. */
const LONG_NAME = 256;
const FREE_FORM_TEXT = 1024;

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

/** The ebRIM pieces every registry object is written from; the `rim` prefix is bound by the enclosing element. */
export function slot(name: string, values: readonly string[]): string {
  const v = values.map((x) => `<rim:Value>${escapeText(clip(x, LONG_NAME))}</rim:Value>`).join('');
  return `<rim:Slot name="${name}"><rim:ValueList>${v}</rim:ValueList></rim:Slot>`;
}

export function localized(value: string): string {
  return `<rim:LocalizedString value="${escapeAttr(clip(value, FREE_FORM_TEXT))}"/>`;
}

/** A Classification with a stable id derived from the object, the scheme and the code. */
export function classification(objectId: string, scheme: string, nodeRepresentation: string, inner: string): string {
  const id = `urn:uuid:${nameBasedUuid(objectId, scheme, nodeRepresentation)}`;
  return (
    `<rim:Classification id="${id}" objectType="${OBJECT_TYPE.classification}" classificationScheme="${scheme}" ` +
    `classifiedObject="${escapeAttr(objectId)}" nodeRepresentation="${escapeAttr(nodeRepresentation)}">${inner}</rim:Classification>`
  );
}

/** A coded attribute: the code in nodeRepresentation, its scheme in Slot codingScheme, the display name in Name. */
export function coded(objectId: string, scheme: string, c: CodedValue): string {
  return classification(objectId, scheme, c.code, `${slot('codingScheme', [c.scheme])}<rim:Name>${localized(c.display)}</rim:Name>`);
}

export function externalIdentifier(objectId: string, scheme: string, value: string, name: string): string {
  const id = `urn:uuid:${nameBasedUuid(objectId, scheme)}`;
  return (
    `<rim:ExternalIdentifier id="${id}" objectType="${OBJECT_TYPE.externalIdentifier}" identificationScheme="${scheme}" ` +
    `value="${escapeAttr(clip(value, LONG_NAME))}" registryObject="${escapeAttr(objectId)}"><rim:Name>${localized(name)}</rim:Name></rim:ExternalIdentifier>`
  );
}
