import { PDFDocument, degrees, grayscale, type PDFEmbeddedPage, type PDFPage } from 'pdf-lib';
import { DocumentError } from './document.error';
import { A4_HEIGHT, A4_WIDTH } from './document.pdf';
import { MAX_LABELS_PER_PDF, type LabelData, type LabelOptions } from './document.schema';
import {
  A4_LABEL_SCALE,
  LABEL_HEIGHT,
  LABEL_WIDTH,
  a4Cell,
  parsePaper,
  prepareLabel,
  renderLabels,
} from './label.renderer';

/**
 * One print job for a mixed selection: iCarry's own label PDFs (fetched from its label URL) and
 * labels we render, in the order given. On 4x6 paper a page that already is 4x6 is copied as it
 * is; any other size is scaled to fit the label (a 6x4 landscape page is turned upright). On A4
 * every label, theirs and ours, takes a quarter of a sheet as renderLabels' own A4 layout does.
 */

interface Source {
  doc: PDFDocument;
  /** The part this document came from, for error messages. */
  part: number;
}

interface PageRef {
  source: Source;
  index: number;
}

/** Within 2% of a 4x6 inch portrait page, as a viewer shows it (after /Rotate). */
function isFourBySix(page: PDFPage): boolean {
  const { width, height } = page.getSize();
  const turned = page.getRotation().angle % 180 !== 0;
  const [w, h] = turned ? [height, width] : [width, height];
  return Math.abs(w - LABEL_WIDTH) <= LABEL_WIDTH * 0.02 && Math.abs(h - LABEL_HEIGHT) <= LABEL_HEIGHT * 0.02;
}

interface Rect {
  /** PDF user space: origin bottom-left. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Draws `embedded` as large as fits in `box`, centred, oriented as a viewer shows the source page
 * (its /Rotate, which embedding drops) and turned a quarter if its long side lies across the box's.
 */
function place(target: PDFPage, embedded: PDFEmbeddedPage, sourceRotation: number, box: Rect): void {
  // /Rotate turns the page clockwise for display; drawing turns counter-clockwise.
  let ccw = (360 - (((sourceRotation % 360) + 360) % 360)) % 360;
  let shownW = ccw % 180 === 0 ? embedded.width : embedded.height;
  let shownH = ccw % 180 === 0 ? embedded.height : embedded.width;
  if (shownW !== shownH && shownW > shownH !== box.width > box.height) {
    ccw = (ccw + 90) % 360;
    [shownW, shownH] = [shownH, shownW];
  }
  const scale = Math.min(box.width / shownW, box.height / shownH);
  const left = box.x + (box.width - shownW * scale) / 2;
  const bottom = box.y + (box.height - shownH * scale) / 2;
  const sw = embedded.width * scale;
  const sh = embedded.height * scale;
  // Rotation turns about (x, y), the source page's lower-left corner: put that corner where the
  // turned page ends up filling [left, bottom, shown size].
  const anchor: Record<number, [number, number]> = {
    0: [left, bottom],
    90: [left + sh, bottom],
    180: [left + sw, bottom + sh],
    270: [left, bottom + sw],
  };
  const [x, y] = anchor[ccw] ?? [left, bottom];
  target.drawPage(embedded, { x, y, xScale: scale, yScale: scale, rotate: degrees(ccw) });
}

function drawCutLines(page: PDFPage): void {
  const line = { thickness: 0.5, color: grayscale(0.55), dashArray: [4, 3] };
  page.drawLine({ ...line, start: { x: A4_WIDTH / 2, y: 6 }, end: { x: A4_WIDTH / 2, y: A4_HEIGHT - 6 } });
  page.drawLine({ ...line, start: { x: 6, y: A4_HEIGHT / 2 }, end: { x: A4_WIDTH - 6, y: A4_HEIGHT / 2 } });
}

async function loadPart(bytes: Uint8Array, part: number): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    const encrypted = err instanceof Error && err.name === 'EncryptedPDFError';
    throw new DocumentError(
      'INVALID_PDF',
      `Part ${part + 1} is not a PDF that can be printed${encrypted ? ' (it is encrypted)' : ''}.`,
      part,
      [],
      { cause: err },
    );
  }
  if (doc.getPageCount() === 0)
    throw new DocumentError('INVALID_PDF', `Part ${part + 1} is a PDF with no pages.`, part);
  // A page without a content stream is blank paper, not a label (and pdf-lib cannot embed it).
  if (doc.getPages().some((page) => !page.node.Contents()))
    throw new DocumentError('INVALID_PDF', `Part ${part + 1} has a blank page.`, part);
  return doc;
}

/**
 * Combines, in order, label PDFs from iCarry (bytes) and labels to render (LabelData) into one PDF.
 * Throws DocumentError: NO_LABELS, TOO_MANY_LABELS, INVALID_PDF (naming the part), and for
 * LabelData parts the errors of renderLabels (INVALID_LABEL, AWB_NOT_ENCODABLE) naming the part.
 */
export async function mergeLabelPdfs(
  parts: readonly (Uint8Array | LabelData)[],
  options: LabelOptions = { paper: '4x6' },
): Promise<Uint8Array> {
  const paper = parsePaper(options);
  if (parts.length === 0) throw new DocumentError('NO_LABELS', 'There are no labels to print.');

  // Ours are checked with their position in `parts`, then rendered together (fonts embedded once).
  const ours: LabelData[] = [];
  parts.forEach((part, i) => {
    if (part instanceof Uint8Array) return;
    prepareLabel(part, i);
    ours.push(part);
  });
  const oursSource: Source | undefined =
    ours.length > 0 ? { doc: await PDFDocument.load(await renderLabels(ours, { paper: '4x6' })), part: -1 } : undefined;

  const pages: PageRef[] = [];
  let next = 0;
  for (const [i, part] of parts.entries()) {
    if (part instanceof Uint8Array) {
      const source = { doc: await loadPart(part, i), part: i };
      for (let p = 0; p < source.doc.getPageCount(); p++) pages.push({ source, index: p });
    } else if (oursSource) {
      pages.push({ source: oursSource, index: next++ });
    }
    if (pages.length > MAX_LABELS_PER_PDF)
      throw new DocumentError('TOO_MANY_LABELS', `The labels come to more than ${MAX_LABELS_PER_PDF} pages.`, i);
  }

  const out = await PDFDocument.create();
  out.setTitle('Shipping labels');
  out.setCreator('iCarry shipping');

  // One copy or embed call per source document, so the fonts and images it shares across pages
  // are copied once, not once a page.
  const bySource = new Map<Source, number[]>();
  for (const ref of pages) {
    const indices = bySource.get(ref.source) ?? [];
    indices.push(ref.index);
    bySource.set(ref.source, indices);
  }
  const copied = new Map<PageRef, PDFPage>();
  const embedded = new Map<PageRef, PDFEmbeddedPage>();
  for (const [source, indices] of bySource) {
    const unique = [...new Set(indices)];
    const toCopy = paper === '4x6' ? unique.filter((i) => isFourBySix(source.doc.getPage(i))) : [];
    const toEmbed = unique.filter((i) => !toCopy.includes(i));
    let copies: PDFPage[];
    let embeds: PDFEmbeddedPage[];
    try {
      copies = await out.copyPages(source.doc, toCopy);
      embeds = await out.embedPages(toEmbed.map((i) => source.doc.getPage(i)));
    } catch (err) {
      // A page pdf-lib cannot take over (no content stream, a broken object): that part is unusable.
      if (source.part < 0) throw err;
      throw new DocumentError(
        'INVALID_PDF',
        `Part ${source.part + 1} has a page that cannot be printed.`,
        source.part,
        [],
        {
          cause: err,
        },
      );
    }
    for (const ref of pages) {
      if (ref.source !== source) continue;
      const c = toCopy.indexOf(ref.index);
      const e = toEmbed.indexOf(ref.index);
      const copy = copies[c];
      const embed = embeds[e];
      if (c >= 0 && copy) copied.set(ref, copy);
      else if (e >= 0 && embed) embedded.set(ref, embed);
    }
  }

  const cellW = LABEL_WIDTH * A4_LABEL_SCALE;
  const cellH = LABEL_HEIGHT * A4_LABEL_SCALE;
  let sheet: PDFPage | undefined;
  pages.forEach((ref, n) => {
    const copy = copied.get(ref);
    if (copy) {
      out.addPage(copy);
      return;
    }
    const embed = embedded.get(ref);
    if (!embed) return;
    const rotation = ref.source.doc.getPage(ref.index).getRotation().angle;
    if (paper === '4x6') {
      place(out.addPage([LABEL_WIDTH, LABEL_HEIGHT]), embed, rotation, {
        x: 0,
        y: 0,
        width: LABEL_WIDTH,
        height: LABEL_HEIGHT,
      });
      return;
    }
    if (n % 4 === 0 || !sheet) {
      sheet = out.addPage([A4_WIDTH, A4_HEIGHT]);
      drawCutLines(sheet);
    }
    const { x, y } = a4Cell(n % 4);
    place(sheet, embed, rotation, { x, y: A4_HEIGHT - y - cellH, width: cellW, height: cellH });
  });
  return out.save();
}
