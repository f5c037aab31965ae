import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList } from '@gw/config';

/** Settings of the SOAP edge. Property names are the environment variable names. */
@EnvConfig()
export class SoapConfig {
  /**
   * Largest accepted SOAP/MTOM request body in bytes; larger bodies get HTTP 413 and a Sender fault
   * naming the size limit. ITI-47/55/38/39 requests are a few KB; 4 MiB leaves room for large
   * queries and assertions while bounding what one request can cost.
   */
  @IsInt()
  @Min(1024)
  SOAP_MAX_BODY_BYTES: number = 4 * 1024 * 1024;

  /** Deepest accepted XML element nesting (checked while parsing). */
  @IsInt()
  @Min(16)
  @Max(10_000)
  SOAP_MAX_XML_DEPTH: number = 100;

  /** Most XML elements in one request envelope (checked while parsing; a large ITI-55 or ITI-38 has a few hundred). */
  @IsInt()
  @Min(100)
  SOAP_MAX_XML_ELEMENTS: number = 10_000;

  /** Most attributes on one XML element, namespace declarations included (checked while parsing). */
  @IsInt()
  @Min(16)
  SOAP_MAX_XML_ATTRIBUTES_PER_ELEMENT: number = 64;

  /** Most attributes in one request envelope, namespace declarations included (checked while parsing). */
  @IsInt()
  @Min(100)
  SOAP_MAX_XML_ATTRIBUTES: number = 20_000;

  /** Longest text content of one element or one attribute value, in characters (checked while parsing). */
  @IsInt()
  @Min(1024)
  SOAP_MAX_XML_TEXT_LENGTH: number = 1024 * 1024;

  /**
   * Longest SAML assertion, in characters (checked while parsing). Only the assertion is parsed a
   * second time, for its signature, so this bounds the cost of XUA verification; XUA assertions are
   * a few KB.
   */
  @IsInt()
  @Min(1024)
  SOAP_MAX_SAML_ASSERTION_LENGTH: number = 64 * 1024;

  /**
   * XML parse worker threads for large envelopes (0 = every envelope is parsed on the event loop).
   * A few MB of XML is tens of ms of CPU; in a worker it no longer delays small requests and health checks.
   */
  @IsInt()
  @Min(0)
  @Max(16)
  SOAP_PARSE_WORKERS: number = 1;

  /** Envelopes of at least this many characters are parsed in a worker; smaller ones on the event loop, with no thread round trip. */
  @IsInt()
  @Min(1024)
  SOAP_PARSE_WORKER_MIN_CHARS: number = 256 * 1024;

  /**
   * Large envelopes that may wait for a busy parse worker; one more is answered at once with a
   * retryable 503 Receiver fault and Retry-After, so a flood of large bodies cannot queue without bound.
   */
  @IsInt()
  @Min(0)
  SOAP_PARSE_QUEUE_LENGTH: number = 8;

  /** A parse worker that has not finished one envelope after this long is ended and replaced; the request gets a Receiver fault. */
  @IsInt()
  @Min(100)
  SOAP_PARSE_WORKER_DEADLINE_MS: number = 5000;

  /**
   * Scheduling priority (Linux nice value, 0–19) of the parse worker threads. Above the event loop's 0,
   * so on contended cores health checks and small requests run before a large parse; 0 = the same priority.
   */
  @IsInt()
  @Min(0)
  @Max(19)
  SOAP_PARSE_WORKER_NICE: number = 10;

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

  /**
   * Folder of the XML schemas the WSDLs include (HL7 v3, ebRS, XDS.b), served under /SOAP/schemas/.
   * Unset: libs/soap/schemas/ihe/schemas of the repository or image. Without it the WSDLs declare
   * every payload open (xs:any).
   */
  @IsOptional()
  @IsString()
  SOAP_SCHEMA_DIR?: string = undefined;
}
