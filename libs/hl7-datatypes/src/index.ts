export * from './dtm.util';
export * from './oid.util';
export * from './cx.util';
