export * from './xml-escape';
