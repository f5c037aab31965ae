export * from './metrics';
export * from './tracing';
export * from './observability.config';
export * from './redaction';
export * from './logging.options';
export * from './tracing-sdk';
export * from './http.metrics';
export * from './safe-error.util';
