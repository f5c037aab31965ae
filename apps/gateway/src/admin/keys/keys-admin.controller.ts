import { ConflictException, Controller, Get, HttpCode, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { CacheWriteError } from '@gw/cache';
import { KeyRotationError, KeyRotationService, SigningKeyService, type KeyStatus } from '@gw/auth';
import { AdminApi } from '../admin-api.decorator';
import { AdminBrowserView } from '../admin-browser-view.decorator';

export interface KeysAnswer {
  keys: KeyStatus[];
}

/** The NHS signing keys: their ids, states and dates (never key material), and `keys rotate`. */
@AdminApi('keys')
@Controller('admin/keys')
export class KeysAdminController {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly rotation: KeyRotationService,
  ) {}

  @Get()
  @AdminBrowserView()
  @ApiOperation({ summary: 'NHS signing keys: kid, state (pending, active, previous), createdAt, activeFrom, retireAfter' })
  @ApiOkResponse({ description: '{ keys: [...] }' })
  async list(): Promise<KeysAnswer> {
    await this.keys.refresh();
    return { keys: this.keys.statuses() };
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create the next NHS signing key: published in the JWKS now, signing after NHS_KEY_ROTATION_OVERLAP_S',
  })
  @ApiOkResponse({ description: '{ keys: [...] } after the rotation' })
  @ApiConflictResponse({ description: 'Rotation not enabled (NHS_KEY_STORE=config), a key already pending, or another rotation running' })
  @ApiServiceUnavailableResponse({ description: 'The key ring store could not be read or written' })
  async rotate(): Promise<KeysAnswer> {
    try {
      return { keys: await this.rotation.rotate() };
    } catch (e) {
      if (e instanceof KeyRotationError && e.reason !== 'unavailable') throw new ConflictException(e.message);
      if (e instanceof KeyRotationError || e instanceof CacheWriteError)
        throw new ServiceUnavailableException(`The key ring store is unavailable: ${e.message}`);
      throw e;
    }
  }
}
