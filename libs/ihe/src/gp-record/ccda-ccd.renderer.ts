import { Injectable } from '@nestjs/common';
import type { Bundle, Organization } from 'fhir/r3';
import { convertBundleToCcd } from '@gw/ccda';
import { IheConfig, oidOf } from '../ihe.config';
import { CcdRenderer, type CcdRenderRequest, type RenderedCcd } from './ccd-renderer';

const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

function practiceName(bundle: Bundle, ods: string): string | undefined {
  for (const e of bundle.entry ?? []) {
    const r = e.resource as Organization | undefined;
    if (r?.resourceType !== 'Organization') continue;
    if (r.identifier?.some((i) => i.system === ODS_SYSTEM && i.value?.trim().toUpperCase() === ods.toUpperCase()))
      return r.name?.trim() || undefined;
  }
  return undefined;
}

function titleOf(xml: string): string | undefined {
  // The CDA title precedes the body; its text is escaped XML, unescaped here for the metadata.
  const m = /<title>([^<]*)<\/title>/.exec(xml.slice(0, 20_000));
  return (
    m?.[1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
      .trim() || undefined
  );
}

/** The converter from @gw/ccda with the gateway's organisation as custodian. */
@Injectable()
export class CcdaCcdRenderer extends CcdRenderer {
  constructor(private readonly ihe: IheConfig) {
    super();
  }

  render(bundle: Bundle, req: CcdRenderRequest): RenderedCcd {
    const { xml, report } = convertBundleToCcd(bundle, {
      documentId: { root: req.uniqueId },
      effectiveTime: req.effectiveTime,
      custodian: { name: this.ihe.GATEWAY_ORGANIZATION_NAME, root: oidOf(this.ihe.HOME_COMMUNITY_ID) },
      warnings: req.warnings,
    });
    const name = practiceName(bundle, req.practiceOdsCode);
    return {
      xml,
      title: titleOf(xml) ?? `GP record summary (${req.practiceOdsCode})`,
      practiceName: name,
      notices: [...new Set(report.sections.flatMap((s) => s.notices))],
      summary: { mapped: report.mapped, narrativeOnly: report.narrativeOnly, issues: report.issues.length },
    };
  }
}
