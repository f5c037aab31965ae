import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Bundle } from 'fhir/r3';
import { counter, histogram } from '@gw/observability';
import { convertBundleToCcd, CcdResult } from '../convert-bundle';
import { CcdaConfig } from '../ccda.config';
import { ccdOptionsFromConfig, CcdRequest } from '../ccd-options.from-config';
import { CcdRenderer, CcdRenderRequest, RenderedCcd } from './ccd-renderer.port';

const conversions = counter('gw_ccda_conversions_total', 'GP Connect bundles converted to a CCD', ['outcome']);
const narrativeOnly = counter('gw_ccda_narrative_only_items_total', 'Clinical items rendered in narrative only (no coded entry)', [
  'section',
]);
const duration = histogram('gw_ccda_conversion_seconds', 'Time to convert one bundle to a CCD');

/**
 * The gateway's converter: options from CcdaConfig through `ccdOptionsFromConfig`, the same function
 * the CLI uses, so both give the same document for the same bundle, id and time. Counts outcomes.
 */
@Injectable()
export class CcdaService extends CcdRenderer {
  private readonly logger = new Logger(CcdaService.name);

  constructor(private readonly cfg: CcdaConfig) {
    super();
  }

  /** Converts a bundle; throws CcdaInputError for input that cannot become a document. */
  convert(bundle: unknown, req: CcdRequest = {}): CcdResult {
    const end = duration.startTimer();
    try {
      const result = convertBundleToCcd(bundle, {
        ...ccdOptionsFromConfig(this.cfg, req),
        documentId: req.documentId ?? randomUUID(),
        effectiveTime: req.effectiveTime ?? new Date(),
      });
      conversions.inc({ outcome: 'ok' });
      for (const s of result.report.sections) if (s.narrativeOnly) narrativeOnly.inc({ section: s.code }, s.narrativeOnly);
      if (result.report.narrativeOnly || result.report.unresolvedReferences.length) {
        // Counts and GP-system resource ids only: never patient data.
        this.logger.warn(
          `CCD built with ${result.report.narrativeOnly} narrative-only item(s) and ${result.report.unresolvedReferences.length} unresolved reference(s)`,
        );
      }
      return result;
    } catch (err) {
      conversions.inc({ outcome: 'rejected' });
      throw err;
    } finally {
      end();
    }
  }

  render(bundle: Bundle, req: CcdRenderRequest): RenderedCcd {
    const { xml, report } = this.convert(bundle, {
      documentId: { root: req.uniqueId },
      effectiveTime: req.effectiveTime,
      warnings: req.warnings,
    });
    const { header } = report;
    // The practice is named only when the header's practice is the one PDS registers the patient with.
    const practice = header.practice;
    const samePractice = practice?.odsCode?.trim().toUpperCase() === req.practiceOdsCode.trim().toUpperCase();
    return {
      xml,
      header,
      title: header.title,
      practiceName: samePractice ? practice?.name?.trim() || undefined : undefined,
      notices: [...new Set(report.sections.flatMap((s) => s.notices))],
      summary: { mapped: report.mapped, narrativeOnly: report.narrativeOnly, issues: report.issues.length },
    };
  }
}
