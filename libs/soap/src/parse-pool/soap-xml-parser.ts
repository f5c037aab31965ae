import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SoapConfig } from '../soap.config';
import { parseXmlDocumentInSlices, type ParsedXml, type XmlParseOptions } from '../xml/parse-xml';
import { XmlParsePool } from './xml-parse-pool';

/**
 * Where the SOAP edge parses an envelope: a small one on the event loop (in slices; a worker round
 * trip would cost it more than the parse), a large one in the parse pool, so a few MB of XML never
 * holds the loop that answers everything else. Same limits, same result either way.
 */
@Injectable()
export class SoapXmlParser implements OnModuleDestroy {
  readonly pool: XmlParsePool;

  constructor(private readonly cfg: SoapConfig) {
    this.pool = new XmlParsePool({
      size: cfg.SOAP_PARSE_WORKERS,
      queueLength: cfg.SOAP_PARSE_QUEUE_LENGTH,
      deadlineMs: cfg.SOAP_PARSE_WORKER_DEADLINE_MS,
      nice: cfg.SOAP_PARSE_WORKER_NICE,
    });
  }

  parse(xml: string, options: XmlParseOptions): Promise<ParsedXml> {
    if (this.cfg.SOAP_PARSE_WORKERS === 0 || xml.length < this.cfg.SOAP_PARSE_WORKER_MIN_CHARS) {
      return parseXmlDocumentInSlices(xml, options);
    }
    return this.pool.parse(xml, options);
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
