import { IsIn, IsInt, Max, Min } from 'class-validator';
import { EnvConfig } from '@gw/config';

/** XCA request limits, and how ITI-38 answers a patient who has not consented to sharing. */
@EnvConfig()
export class XcaConfig {
  /** Most DocumentRequests accepted in one ITI-39 request (IHE: at least 10; Epic sends up to 9). */
  @IsInt()
  @Min(10)
  @Max(1000)
  XCA_RETRIEVE_MAX_DOCUMENTS: number = 50;

  /** Most Slots accepted in one ITI-38 AdhocQuery (FindDocuments has about 15 parameters). More → XDSRegistryOutOfResources. */
  @IsInt()
  @Min(20)
  @Max(10_000)
  XCA_QUERY_MAX_SLOTS: number = 100;

  /** Most Slot Value elements accepted in one ITI-38 AdhocQuery, over all its Slots. More → XDSRegistryOutOfResources. */
  @IsInt()
  @Min(20)
  @Max(100_000)
  XCA_QUERY_MAX_SLOT_VALUES: number = 1000;

  /**
   * GP Connect NO_PATIENT_CONSENT: `error` answers Failure + XDSRegistryError with a plain-language
   * reason; `empty` answers Success with no documents.
   */
  @IsIn(['error', 'empty'])
  XCA_NO_CONSENT_POLICY: 'error' | 'empty' = 'error';
}
