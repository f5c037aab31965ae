import { Controller, Delete, HttpCode, Logger, NotFoundException, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { KeyValueStore, keyFamily } from '@gw/cache';
import { AdminApi } from '../admin-api.decorator';

@AdminApi('cache')
@Controller('admin/cache')
export class CacheAdminController {
  private readonly logger = new Logger(CacheAdminController.name);

  constructor(private readonly store: KeyValueStore) {}

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Purge one cache key (as the libs write it, e.g. sds:gpc-structured:B82617); URL-encode it' })
  @ApiParam({ name: 'key', example: 'sds:gpc-structured:B82617' })
  @ApiNoContentResponse({ description: 'Key removed' })
  @ApiNotFoundResponse({ description: 'No such key (or the cache backend is unavailable)' })
  async purge(@Param('key') key: string): Promise<void> {
    const removed = await this.store.delete(key);
    // The key may embed an identifier: log its family only.
    this.logger.log(`Admin purge of a "${keyFamily(key)}" cache key: ${removed ? 'removed' : 'not found'}`);
    if (!removed) throw new NotFoundException('No such cache key');
  }
}
