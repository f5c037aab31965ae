import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AuditService, type AuditRecord } from '@gw/audit';
import { AdminApi } from '../admin-api.decorator';

export interface AuditAnswer {
  /** Where the records are durable: the Redis stream every instance shares, or this instance's journal. */
  outbox: string;
  /** Records not yet delivered to the audit sink. */
  backlog: number;
  records: AuditRecord[];
}

const MAX_LIMIT = 1000;

/** The audit trail as the outbox holds it (pseudonyms, never NHS numbers); reading it is audited too. */
@AdminApi('audit')
@Controller('admin/audit')
export class AuditAdminController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: `The newest audit records from the outbox (every instance's with Redis), newest last; at most ${MAX_LIMIT}` })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({ description: '{ outbox, backlog, records }' })
  async list(@Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number): Promise<AuditAnswer> {
    const n = Math.min(Math.max(limit, 1), MAX_LIMIT);
    const [records, backlog] = await Promise.all([this.audit.stored(n), this.audit.backlog()]);
    return { outbox: this.audit.outboxKind, backlog, records };
  }
}
