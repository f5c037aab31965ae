import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList } from '@gw/config';

/** Settings of the SOAP edge. Property names are the environment variable names. */
@EnvConfig()
export class SoapConfig {
  /** Largest accepted SOAP/MTOM request body in bytes; larger bodies get HTTP 413. */
  @IsInt()
  @Min(1024)
  SOAP_MAX_BODY_BYTES: number = 20 * 1024 * 1024;

  /** Deepest accepted XML element nesting. */
  @IsInt()
  @Min(16)
  @Max(10_000)
  SOAP_MAX_XML_DEPTH: number = 100;

  /**
   * Non-anonymous wsa:ReplyTo addresses the gateway may call back (exact URLs, comma-separated).
   * A request with any other non-anonymous ReplyTo gets an OnlyAnonymousAddressSupported fault,
   * so the gateway can never be used to POST to arbitrary hosts.
   */
  @EnvList()
  @IsString({ each: true })
  WSA_REPLYTO_ALLOWLIST: string[] = [];

  /** Fault requests that carry no wsa:MessageID (some partner profiles require it). Default: answer without RelatesTo. */
  @EnvBoolean()
  @IsBoolean()
  WSA_REQUIRE_MESSAGE_ID: boolean = false;

  /**
   * Public base URL written into the WSDL soap:address (e.g. https://gw.example.org). Unset: the
   * forwarded proto and host when TRUST_PROXY_HOPS > 0, else the address the request arrived on
   * (never the caller's own Host header).
   */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  SOAP_PUBLIC_BASE_URL?: string = undefined;
}
