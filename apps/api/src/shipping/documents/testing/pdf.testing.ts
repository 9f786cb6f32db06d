import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import type * as Zxing from '@zxing/library';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reading our PDFs back the way a person and a scanner would: PDF.js extracts the text and
 * rasterises pages (onto @napi-rs/canvas, Skia, a prebuilt binary inside its npm package), and
 * ZXing decodes Code 128 from the pixels. Test-only: nothing here ships in a request path.
 */

const require = createRequire(import.meta.url);
// ZXing ships CommonJS whose named exports Node's ESM loader cannot see; require() reads them all.
const {
  BarcodeFormat,
  BitArray,
  Code128Reader,
  DecodeHintType,
  GlobalHistogramBinarizer,
  NotFoundException,
  RGBLuminanceSource,
} = require('@zxing/library') as typeof Zxing;
// PDF.js renders pdf-lib's standard-14 fonts (in merge tests) from these files.
const STANDARD_FONTS = pathToFileURL(join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/')).href;

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // PDF.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  return getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: STANDARD_FONTS, verbosity: 0 }).promise;
}

/** Each page's text, items joined by spaces. */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await openPdf(bytes);
  try {
    const texts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      texts.push(
        content.items
          .map((item) => ('str' in item ? item.str : ''))
          .join(' ')
          .replace(/\s+/g, ' '),
      );
    }
    return texts;
  } finally {
    await pdf.destroy();
  }
}

/** Page sizes in points, [width, height], as a viewer shows them. */
export async function pageSizes(bytes: Uint8Array): Promise<[number, number][]> {
  const pdf = await openPdf(bytes);
  try {
    const sizes: [number, number][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const { width, height } = (await pdf.getPage(n)).getViewport({ scale: 1 });
      sizes.push([Math.round(width * 100) / 100, Math.round(height * 100) / 100]);
    }
    return sizes;
  } finally {
    await pdf.destroy();
  }
}

export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows top to bottom. */
  rgba: Uint8ClampedArray;
  png: Buffer;
}

/** Renders page `pageNumber` (1-based) at `dpi` on a white background. */
export async function rasterize(bytes: Uint8Array, pageNumber: number, dpi = 200): Promise<Raster> {
  const pdf = await openPdf(bytes);
  try {
    const page = await pdf.getPage(pageNumber);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // PDF.js draws through the canvas's own 2D context; its types name the DOM's canvas, which
    // this Node project has no types for.
    await page.render({ canvas: canvas as never, viewport }).promise;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, rgba: data, png: canvas.toBuffer('image/png') };
  } finally {
    await pdf.destroy();
  }
}

/**
 * Every distinct Code 128 value found by scanning the image row by row (every `step` pixels), as
 * a handheld scanner's line would. Finds all the barcodes on a page without knowing the layout.
 *
 * ZXing's JavaScript port only tries the first black run of a row as a start pattern (its
 * findStartPattern shrinks a typed array it then writes past), so anything left of a barcode,
 * such as the label's border, hides it. A scanner aims at the barcode; this does the same by
 * blanking the row left of each quiet zone in turn before decoding.
 */
export function decodeCode128(raster: Raster, step = 3): string[] {
  const { width, height, rgba } = raster;
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < width * height; i++)
    luminance[i] =
      ((rgba[i * 4] ?? 255) * 299 + (rgba[i * 4 + 1] ?? 255) * 587 + (rgba[i * 4 + 2] ?? 255) * 114) / 1000;
  const binarizer = new GlobalHistogramBinarizer(new RGBLuminanceSource(luminance, width, height));
  const reader = new Code128Reader();
  const hints = new Map<Zxing.DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]]]);
  const quiet = Math.max(4, Math.round(width / 150));
  const found = new Set<string>();
  for (let y = 0; y < height; y += step) {
    let row: Zxing.BitArray;
    try {
      row = binarizer.getBlackRow(y, new BitArray(width));
    } catch (err) {
      // A row of one shade (blank paper, a solid band) has no black point: nothing to read there.
      if (err instanceof NotFoundException) continue;
      throw err;
    }
    const black = Array.from({ length: width }, (_, x) => row.get(x));
    let white = quiet;
    for (let x = 0; x < width; x++) {
      if (!black[x]) {
        white++;
        continue;
      }
      if (white >= quiet) {
        const segment = new BitArray(width);
        for (let i = x; i < width; i++) if (black[i]) segment.set(i);
        try {
          found.add(reader.decodeRow(y, segment, hints).getText());
        } catch (err) {
          if (!(err instanceof NotFoundException) && !(err instanceof Error && /Checksum|Format/.test(err.name)))
            throw err;
        }
      }
      white = 0;
    }
  }
  return [...found];
}

/** BaseFont names of the font objects in the PDF (subset tags removed), sorted, one per object. */
export async function fontObjects(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  const names: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const base = object.get(PDFName.of('BaseFont'));
    if (base instanceof PDFName) names.push(base.decodeText().replace(/^[A-Z]{6}\+/, ''));
  }
  return names.sort();
}

/** BaseFont names of every font embedded in the PDF (subset tags removed), sorted, each once. */
export async function embeddedFonts(bytes: Uint8Array): Promise<string[]> {
  return [...new Set(await fontObjects(bytes))];
}

/** The fraction of pixels darker than mid-grey in a region (0..1), to tell ink from blank paper. */
export function inkRatio(raster: Raster, region: { x: number; y: number; width: number; height: number }): number {
  let dark = 0;
  let total = 0;
  for (let y = Math.max(0, region.y); y < Math.min(raster.height, region.y + region.height); y++)
    for (let x = Math.max(0, region.x); x < Math.min(raster.width, region.x + region.width); x++) {
      const i = (y * raster.width + x) * 4;
      total++;
      if ((raster.rgba[i] ?? 255) < 128) dark++;
    }
  return total === 0 ? 0 : dark / total;
}

/** Each text item of each page with its box in points (origin bottom left), and the page's size. */
export async function pageTextBoxes(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; items: { text: string; x: number; y: number; w: number; h: number }[] }[]> {
  const pdf = await openPdf(bytes);
  try {
    const pages = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) =>
        'str' in item && item.str.trim() !== ''
          ? [
              {
                text: item.str,
                x: item.transform[4] as number,
                y: item.transform[5] as number,
                w: item.width,
                h: item.height,
              },
            ]
          : [],
      );
      pages.push({ width, height, items });
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}
