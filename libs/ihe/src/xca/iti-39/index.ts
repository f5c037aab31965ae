export * from './retrieve.request';
export * from './retrieve.response';
export * from './iti-39-retrieve.service';
export * from './iti-39.handler';
