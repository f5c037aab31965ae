import { ConversionContext } from '../conversion-context';
import { arr, codings, extension, FhirResource, isObj, Json, str } from '../fhir/fhir-access.util';

/**
 * Who recorded and who gave an immunisation, from `Immunization.practitioner` as GP Connect fills it:
 * the practitioner who recorded the vaccination MUST be listed, with `role` EP (Entering Provider);
 * the one who administered it has role AP (Administering Provider), and a single practitioner who
 * did both is listed once with AP; no role means the system cannot tell which they did.
 */

interface Participant {
  role?: string;
  /** The listed practitioner, when the bundle holds it. */
  who?: FhirResource;
}

/**
 * Every listed practitioner, resolved or not: who is "the only one listed" is decided by the record's
 * list, not by which of them the bundle happens to carry.
 */
function participants(ctx: ConversionContext, im: FhirResource): Participant[] {
  const out: Participant[] = [];
  for (const p of arr(im.practitioner)) {
    if (!isObj(p)) continue;
    const role = codings(isObj(p.role) ? (p.role as Json) : undefined)
      .map((c) => str(c.code))
      .find(Boolean);
    out.push({ role, who: ctx.index.peek(p.actor) });
  }
  return out;
}

/**
 * The recorder: the EP practitioner, else the only practitioner listed (the recorder is always
 * listed). With several and no EP, or an EP the bundle does not hold, nobody is claimed.
 */
export function immunizationRecorder(ctx: ConversionContext, im: FhirResource): FhirResource | undefined {
  const list = participants(ctx, im);
  return (list.find((p) => p.role === 'EP') ?? (list.length === 1 ? list[0] : undefined))?.who;
}

/**
 * The performer: the AP practitioner, else the only practitioner listed unless they are listed only as
 * the recorder (EP). With several and no AP, the record does not say who gave it: nobody is claimed.
 */
export function immunizationPerformer(ctx: ConversionContext, im: FhirResource): FhirResource | undefined {
  const list = participants(ctx, im);
  const only = list.length === 1 && list[0].role !== 'EP' ? list[0] : undefined;
  return (list.find((p) => p.role === 'AP') ?? only)?.who;
}

/** When the immunisation was entered on the clinical system (GP Connect `recordedDate`; both published extension names). */
export function immunizationRecordedDate(im: FhirResource): string | undefined {
  const ext = extension(im, 'Extension-CareConnect-GPC-DateRecorded-1') ?? extension(im, 'Extension-CareConnect-DateRecorded-1');
  return str(ext?.valueDateTime);
}
