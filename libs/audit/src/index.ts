export * from './audit-event';
export * from './audit.config';
export * from './audit.service';
export * from './audit.module';
