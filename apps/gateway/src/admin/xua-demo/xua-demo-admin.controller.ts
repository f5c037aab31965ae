import { Controller, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { XuaConfig } from '@gw/xua';
import { DEMO_ASSERTION_LIFETIME_S, demoAssertion, demoClaims } from '../../embedded/demo-assertion';
import { trustedDemoSigner } from '../../embedded/demo-signer-trust';
import { AdminApi } from '../admin-api.decorator';

export interface DemoAssertionAnswer {
  /** The signed saml2:Assertion, to put in wsse:Security (with a wsu:Timestamp) of each request. */
  assertion: string;
  issuer: string;
  subjectId: string;
  validForSeconds: number;
}

@AdminApi('xua')
@Controller('admin/xua')
export class XuaDemoAdminController {
  constructor(private readonly xua: XuaConfig) {}

  @Post('demo-assertion')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mint a signed XUA assertion with the demo signer (embedded NHS sandbox only)',
    description:
      'The assertion npm run demo sends, signed by the demo signer the gateway trusts while it runs on the embedded NHS sandbox. Not available with real NHS endpoints.',
  })
  @ApiOkResponse({ description: '{ assertion, issuer, subjectId, validForSeconds }' })
  @ApiNotFoundResponse({ description: 'The demo signer is not trusted here (real NHS endpoints, or XUA_DEMO_SIGNER=false)' })
  mint(): DemoAssertionAnswer {
    const signer = trustedDemoSigner(this.xua.XUA_TRUSTED_CERTS);
    if (!signer) throw new NotFoundException('The demo signer is trusted with the embedded NHS sandbox only');
    const claims = demoClaims(this.xua.XUA_AUDIENCE[0]);
    return {
      assertion: demoAssertion(signer, this.xua.XUA_AUDIENCE[0]),
      issuer: claims.issuer,
      subjectId: claims.subjectId,
      validForSeconds: DEMO_ASSERTION_LIFETIME_S,
    };
  }
}
