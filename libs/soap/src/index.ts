export * from './soap-handler';
export * from './xml/xml-element';
export * from './xml/parse-xml';
export * from './xml/xml-escape';
