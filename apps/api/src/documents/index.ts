// Labels and the pickup manifest as PDFs: pure functions, data in, bytes out. The lead's routes
// (GET /api/labels.pdf, GET /api/manifest.pdf) turn DocumentError into a 4xx with its message.
export { renderLabels, LABEL_WIDTH, LABEL_HEIGHT, A4_LABEL_SCALE } from './label.renderer';
export { mergeLabelPdfs } from './label.merge';
export { renderManifest, summarizeManifest, type CourierSummary, type ManifestSummary } from './manifest.renderer';
export { DocumentError, type DocumentErrorCode, type DocumentIssue } from './document.error';
export {
  MAX_LABELS_PER_PDF,
  MAX_MANIFEST_SHIPMENTS,
  labelDataSchema,
  manifestDataSchema,
  paperSchema,
  type LabelData,
  type LabelOptions,
  type LabelPaper,
  type ManifestData,
  type ManifestShipment,
} from './document.schema';
