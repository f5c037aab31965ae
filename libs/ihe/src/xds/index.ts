export * from './xds.constants';
export * from './xds-format.util';
export * from './coded-value';
export * from './document-entry';
export * from './document-entry.builder';
export * from './adhoc-query-response.builder';
export * from './registry-error';
export * from './xds-metadata.config';
