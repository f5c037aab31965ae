import { Injectable, Module } from '@nestjs/common';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import { escapeText } from '@gw/xml-escape';

/** The test transaction's action, answered at /SOAP/who. */
export const WHO_ACTION = 'urn:test:Who';

/** Answers with the identity the edge handed over, so an XUA test sees exactly what handlers get. */
@IheTransaction({ transaction: 'TEST-XUA', actions: [WHO_ACTION], endpoint: 'who', service: 'RespondingGateway' })
@Injectable()
class WhoHandler implements IheHandler {
  async handle(req: SoapRequest): Promise<SoapReply> {
    return {
      action: 'urn:test:WhoResponse',
      bodyXml: `<t:Who xmlns:t="urn:test">${escapeText(JSON.stringify(req.identity))}</t:Who>`,
      report: { status: 'ok', audit: [] },
    };
  }
}

@Module({ providers: [WhoHandler] })
export class WhoModule {}
