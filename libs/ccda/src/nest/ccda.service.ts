import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { counter, histogram } from '@gw/observability';
import { convertBundleToCcd, CcdResult } from '../convert-bundle';
import { CcdaConfig } from '../ccda.config';
import { ccdOptionsFromConfig, CcdRequest } from '../ccd-options.from-config';

const conversions = counter('gw_ccda_conversions_total', 'GP Connect bundles converted to a CCD', ['outcome']);
const narrativeOnly = counter('gw_ccda_narrative_only_items_total', 'Clinical items rendered in narrative only (no coded entry)', [
  'section',
]);
const duration = histogram('gw_ccda_conversion_seconds', 'Time to convert one bundle to a CCD');

/** Nest face of the converter: fills the custodian and id roots from configuration, counts outcomes. */
@Injectable()
export class CcdaService {
  private readonly logger = new Logger(CcdaService.name);

  constructor(private readonly cfg: CcdaConfig) {}

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
}
