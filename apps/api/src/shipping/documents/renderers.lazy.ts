// The PDF stack (pdfkit, pdf-lib, fontkit, bwip-js and the Noto fonts) is loaded with the first
// label or manifest, not at start: a server that has printed nothing does not hold it in memory
// (issue 17, RSS at rest). The build splits it into its own chunk; the first document pays ~0.2 s.
import type * as LabelMerge from './label.merge';
import type * as LabelRenderer from './label.renderer';
import type * as ManifestRenderer from './manifest.renderer';

let loaded: Promise<[typeof LabelRenderer, typeof LabelMerge, typeof ManifestRenderer]> | undefined;

function renderers() {
  loaded ??= Promise.all([import('./label.renderer'), import('./label.merge'), import('./manifest.renderer')]);
  // A failed load (a missing font package) is not kept: the next document tries again.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

export async function renderLabels(...args: Parameters<typeof LabelRenderer.renderLabels>): Promise<Uint8Array> {
  const [labels] = await renderers();
  return labels.renderLabels(...args);
}

export async function mergeLabelPdfs(...args: Parameters<typeof LabelMerge.mergeLabelPdfs>): Promise<Uint8Array> {
  const [, merge] = await renderers();
  return merge.mergeLabelPdfs(...args);
}

export async function renderManifest(...args: Parameters<typeof ManifestRenderer.renderManifest>): Promise<Uint8Array> {
  const [, , manifest] = await renderers();
  return manifest.renderManifest(...args);
}
