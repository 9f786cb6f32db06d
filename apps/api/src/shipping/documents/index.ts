// Labels and the pickup manifest as PDFs: pure functions, data in, bytes out. The lead's routes
// (GET /api/labels.pdf, GET /api/manifest.pdf) turn DocumentError into a 4xx with its message.
export { renderLabels, mergeLabelPdfs, renderManifest } from './renderers.lazy';
export { summarizeManifest, type CourierSummary, type ManifestSummary } from './manifest.summary';
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
