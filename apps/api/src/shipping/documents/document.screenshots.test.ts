import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderLabels } from './label.renderer';
import { renderManifest } from './manifest.renderer';
import { buildLabel, buildManifest } from './testing/document.fixtures';
import { decodeCode128, pageTexts, rasterize } from './testing/pdf.testing';

// UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/label-4x6.png and manifest.png; otherwise the
// pictures are still made and checked, and the tree stays clean.
const SCREENSHOTS = fileURLToPath(new URL('../../../../../docs/screenshots/', import.meta.url));
const update = process.env.UPDATE_SCREENSHOTS === '1';

function save(name: string, png: Buffer): void {
  if (!update) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(`${SCREENSHOTS}${name}`, png);
}

describe('screenshots', () => {
  it('label-4x6.png: a COD label for a Devanagari name, readable by a scanner', async () => {
    const pdf = await renderLabels([buildLabel()], { paper: '4x6' });
    const raster = await rasterize(pdf, 1, 200);
    expect([raster.width, raster.height]).toEqual([800, 1200]);
    expect(decodeCode128(raster)).toContain('1490912345678');
    save('label-4x6.png', raster.png);
  });

  it('manifest.png: the first page of a pickup manifest', async () => {
    const pdf = await renderManifest(buildManifest(40));
    expect((await pageTexts(pdf))[0]).toContain('PICKUP MANIFEST');
    const raster = await rasterize(pdf, 1, 110);
    save('manifest.png', raster.png);
  });
});
