export * from './upstream-call.util';
