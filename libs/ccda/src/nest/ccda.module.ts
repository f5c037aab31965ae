import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { CcdaConfig } from '../ccda.config';
import { CcdaService } from './ccda.service';

/** Thin Nest wrapper around the pure converter (`@gw/ccda`). */
@Module({
  providers: [configProvider(CcdaConfig), CcdaService],
  exports: [CcdaService],
})
export class CcdaModule {}
