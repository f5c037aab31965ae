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
  who: FhirResource;
}

function participants(ctx: ConversionContext, im: FhirResource): Participant[] {
  const out: Participant[] = [];
  for (const p of arr(im.practitioner)) {
    if (!isObj(p)) continue;
    const who = ctx.index.peek(p.actor);
    if (!who) continue;
    const role = codings(isObj(p.role) ? (p.role as Json) : undefined)
      .map((c) => str(c.code))
      .find(Boolean);
    out.push({ role, who });
  }
  return out;
}

/**
 * The recorder: the EP practitioner, else the only practitioner listed (the recorder is always
 * listed). With several and no EP, nobody is claimed.
 */
export function immunizationRecorder(ctx: ConversionContext, im: FhirResource): FhirResource | undefined {
  const list = participants(ctx, im);
  return (list.find((p) => p.role === 'EP') ?? (list.length === 1 ? list[0] : undefined))?.who;
}

/** The performer: the AP practitioner, else the first listed that is not only the recorder (EP). */
export function immunizationPerformer(ctx: ConversionContext, im: FhirResource): FhirResource | undefined {
  const list = participants(ctx, im);
  return (list.find((p) => p.role === 'AP') ?? list.find((p) => p.role !== 'EP'))?.who;
}

/** When the immunisation was entered on the clinical system (GP Connect `recordedDate`; both published extension names). */
export function immunizationRecordedDate(im: FhirResource): string | undefined {
  const ext = extension(im, 'Extension-CareConnect-GPC-DateRecorded-1') ?? extension(im, 'Extension-CareConnect-DateRecorded-1');
  return str(ext?.valueDateTime);
}
