import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SigningKeyService } from './signing-key.service';
import type { Jwks } from './rsa-keys.util';

/** Publishes the public half of our NHS signing key(s); NHS England fetches it to verify client assertions. */
@ApiTags('nhs-auth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeyService) {}

  @Get('jwks.json')
  @ApiOperation({ summary: 'Public JWKS of the NHS signing key(s): NHS England verifies our client assertions with it' })
  @ApiOkResponse({ description: 'JSON Web Key Set (RFC 7517)' })
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): Jwks {
    return this.keys.jwks();
  }
}
