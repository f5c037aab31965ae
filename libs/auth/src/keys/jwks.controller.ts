import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeyService } from './signing-key.service';
import type { Jwks } from './rsa-keys.util';

/** Publishes the public half of our NHS signing key(s); NHS England fetches it to verify client assertions. */
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeyService) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): Jwks {
    return this.keys.jwks();
  }
}
