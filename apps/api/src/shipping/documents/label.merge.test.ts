import { PDFDocument, StandardFonts, degrees, rgb } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentError } from './document.error';
import { LABEL_HEIGHT, LABEL_WIDTH, renderLabels } from './label.renderer';
import { mergeLabelPdfs } from './label.merge';
import { buildLabel } from './testing/document.fixtures';
import {
  decodeCode128,
  fontObjects,
  inkRatio,
  pageSizes,
  pageTexts,
  rasterize,
  type Raster,
} from './testing/pdf.testing';

/**
 * Stand-ins for iCarry's own label PDFs, made with pdf-lib: a text marker to find the page again
 * and a black square in the top-left corner (as a viewer shows the page) to check orientation.
 */
async function icarryPdf(pages: { marker: string; size: [number, number]; rotate?: number }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const { marker, size, rotate = 0 } of pages) {
    const page = doc.addPage(size);
    const [w, h] = size;
    // The square goes where the top-left corner will be once the viewer applies /Rotate.
    const square = 60;
    const corner: Record<number, [number, number]> = {
      0: [0, h - square],
      90: [0, 0],
      180: [w - square, 0],
      270: [w - square, h - square],
    };
    const [sx, sy] = corner[rotate] ?? [0, 0];
    page.drawRectangle({ x: sx, y: sy, width: square, height: square, color: rgb(0, 0, 0) });
    page.drawText(marker, { x: w / 2 - 60, y: h / 2, size: 14, font });
    if (rotate) page.setRotation(degrees(rotate));
  }
  return doc.save();
}

/** Ink in each corner quarter-by-quarter of the page (the marker text sits in the middle). */
const corners = (r: Raster) => {
  const w = Math.round(r.width / 4);
  const h = Math.round(r.height / 4);
  const at = (x: number, y: number) => inkRatio(r, { x, y, width: w, height: h });
  return {
    topLeft: at(0, 0),
    topRight: at(r.width - w, 0),
    bottomLeft: at(0, r.height - h),
    bottomRight: at(r.width - w, r.height - h),
  };
};

async function rejection(promise: Promise<unknown>): Promise<DocumentError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DocumentError);
  return err as DocumentError;
}

describe('mergeLabelPdfs on 4x6', () => {
  let merged: Uint8Array;

  beforeAll(async () => {
    const fourBySix = await icarryPdf([{ marker: 'ICARRY-A', size: [288, 432] }]);
    const twoPages = await icarryPdf([
      { marker: 'ICARRY-B', size: [432, 288] },
      { marker: 'ICARRY-C', size: [595.28, 841.89], rotate: 90 },
    ]);
    merged = await mergeLabelPdfs(
      [buildLabel({ awb: '1490900000001' }), fourBySix, buildLabel({ awb: '1490900000002' }), twoPages],
      { paper: '4x6' },
    );
  });

  it('keeps the order given, one label a page, every page 4x6', async () => {
    const texts = await pageTexts(merged);
    expect(texts).toHaveLength(5);
    expect(texts[0]).toContain('1490900000001');
    expect(texts[1]).toContain('ICARRY-A');
    expect(texts[2]).toContain('1490900000002');
    expect(texts[3]).toContain('ICARRY-B');
    expect(texts[4]).toContain('ICARRY-C');
    expect(await pageSizes(merged)).toEqual(Array.from({ length: 5 }, () => [LABEL_WIDTH, LABEL_HEIGHT]));
  });

  it('copies a 4x6 page as it is', async () => {
    const c = corners(await rasterize(merged, 2, 72));
    expect(c.topLeft).toBeGreaterThan(0.2);
    expect(c.topRight + c.bottomLeft + c.bottomRight).toBe(0);
  });

  it('turns a 6x4 landscape label upright (a quarter turn anticlockwise)', async () => {
    // Turned anticlockwise, the source's top-left corner ends up bottom-left.
    const c = corners(await rasterize(merged, 4, 72));
    expect(c.bottomLeft).toBeGreaterThan(0.2);
    expect(c.topLeft + c.topRight + c.bottomRight).toBe(0);
  });

  it("honours a page's /Rotate before fitting it", async () => {
    // Shown landscape (A4 with /Rotate 90), then turned upright: its shown top-left lands bottom-left.
    const c = corners(await rasterize(merged, 5, 72));
    expect(c.bottomLeft).toBeGreaterThan(0.05);
    expect(c.topLeft + c.topRight + c.bottomRight).toBe(0);
  });

  it('still scans our own labels after merging', async () => {
    expect(decodeCode128(await rasterize(merged, 3, 200))).toContain('1490900000002');
  });
});

describe('mergeLabelPdfs on A4', () => {
  it('puts theirs and ours four to a sheet, in order', async () => {
    const theirs = await icarryPdf([{ marker: 'ICARRY-A', size: [288, 432] }]);
    const landscape = await icarryPdf([{ marker: 'ICARRY-B', size: [432, 288] }]);
    const merged = await mergeLabelPdfs(
      [theirs, buildLabel({ awb: '1490900000001' }), buildLabel({ awb: '1490900000002' }), landscape, buildLabel()],
      { paper: 'a4' },
    );
    expect(await pageSizes(merged)).toEqual([
      [595.28, 841.89],
      [595.28, 841.89],
    ]);
    const [page1 = '', page2 = ''] = await pageTexts(merged);
    const order = ['ICARRY-A', '1490900000001', '1490900000002', 'ICARRY-B'].map((m) => page1.indexOf(m));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(page2).toContain('1490912345678');
    expect(decodeCode128(await rasterize(merged, 1, 200))).toEqual(
      expect.arrayContaining(['1490900000001', '1490900000002']),
    );
  });

  it('embeds the fonts of our labels once, not once a label', async () => {
    const labels = Array.from({ length: 20 }, (_, i) => buildLabel({ awb: `14909000000${10 + i}` }));
    const direct = await renderLabels(labels, { paper: 'a4' });
    const merged = await mergeLabelPdfs([await icarryPdf([{ marker: 'ICARRY-A', size: [288, 432] }]), ...labels], {
      paper: 'a4',
    });
    // Each font is one Type0 font and its descendant: as many objects as a direct render has.
    const ours = async (pdf: Uint8Array) => (await fontObjects(pdf)).filter((f) => f.startsWith('NotoSans'));
    expect(await ours(merged)).toEqual(await ours(direct));
  });
});

describe('mergeLabelPdfs with bad parts', () => {
  it('refuses nothing to print', async () => {
    expect((await rejection(mergeLabelPdfs([]))).code).toBe('NO_LABELS');
  });

  it('names a part that is not a PDF', async () => {
    const err = await rejection(
      mergeLabelPdfs([buildLabel(), new TextEncoder().encode('<html>Access denied</html>')], { paper: '4x6' }),
    );
    expect(err.code).toBe('INVALID_PDF');
    expect(err.index).toBe(1);
    expect(err.message).toContain('Part 2');
  });

  it('refuses a PDF without pages', async () => {
    const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
    expect((await rejection(mergeLabelPdfs([empty]))).code).toBe('INVALID_PDF');
  });

  it('refuses a PDF with a blank page', async () => {
    // pdf-lib's default page has no content stream at all.
    const blank = await (await PDFDocument.create()).save();
    const err = await rejection(mergeLabelPdfs([buildLabel(), blank], { paper: 'a4' }));
    expect(err.code).toBe('INVALID_PDF');
    expect(err.index).toBe(1);
  });

  it('names an invalid label by its place among the parts', async () => {
    const good = await icarryPdf([{ marker: 'ICARRY-A', size: [288, 432] }]);
    const err = await rejection(mergeLabelPdfs([good, good, buildLabel({ awb: 'AWB WITH SPACES' })]));
    expect(err.code).toBe('AWB_NOT_ENCODABLE');
    expect(err.index).toBe(2);
  });
});
