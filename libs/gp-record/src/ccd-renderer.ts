// The port is defined beside its implementation in @gw/ccda; the document service depends on it only.
export { CcdRenderer } from '@gw/ccda';
export type { CcdRenderRequest, RenderedCcd } from '@gw/ccda';
