import { drawCode128, encodeCode128, moduleWidthFor, type Code128Pattern } from './code128';
import { DocumentError, describeIssues, issuesOf } from './document.error';
import { A4_HEIGHT, A4_WIDTH, collectPdf } from './document.pdf';
import { formatBox, formatIstDate, formatKg, formatRupees } from './document.format';
import {
  MAX_LABELS_PER_PDF,
  labelDataSchema,
  paperSchema,
  type LabelData,
  type LabelOptions,
  type LabelPaper,
  type ValidLabelData,
} from './document.schema';
import { drawLine, drawWrapped, type Box } from './document.text';

/**
 * Our own shipping label, for when iCarry gives none: a 4x6 inch thermal label laid out like the
 * couriers' own (Delhivery, Shiprocket): thick rules between blocks, the AWB as a big Code 128
 * with its characters under it, the pincode and the amount to collect in large type.
 */

/** 4 x 6 inch in points. */
export const LABEL_WIDTH = 288;
export const LABEL_HEIGHT = 432;

// The A4 four-up grid: 14 pt outside, 14 pt between the labels (the cut line runs in the middle).
const A4_MARGIN = 14;
const A4_GUTTER = 14;
/** Labels on an A4 sheet are scaled down to fit four (about 93%); bars stay vector-sharp. */
export const A4_LABEL_SCALE = Math.min(
  (A4_WIDTH - 2 * A4_MARGIN - A4_GUTTER) / 2 / LABEL_WIDTH,
  (A4_HEIGHT - 2 * A4_MARGIN - A4_GUTTER) / 2 / LABEL_HEIGHT,
);

// The AWB's bars. A module narrower than 0.75 pt (0.26 mm, about two dots of a 203 dpi thermal
// printer) stops reading reliably, so an AWB that would need one is refused rather than printed.
const AWB_BARS: Box = { x: 8, y: 62, width: 272, height: 50 };
const AWB_MAX_MODULE = 2.2;
const MIN_MODULE = 0.75;
// The order number's smaller barcode; left out (text only) when it would be too dense.
const ORDER_BARS: Box = { x: 6, y: 321, width: 146, height: 26 };
const ORDER_MAX_MODULE = 1.3;

const GREY = '#555555';
const THICK = 1.5;
const THIN = 0.75;

interface PreparedLabel {
  label: ValidLabelData;
  awb: Code128Pattern;
  awbModule: number;
  order: { pattern: Code128Pattern; module: number } | undefined;
}

function awbOf(input: unknown): string | undefined {
  const awb = (input as { awb?: unknown } | null)?.awb;
  return typeof awb === 'string' && /^[\x21-\x7E]{1,40}$/.test(awb.trim()) ? awb.trim() : undefined;
}

/** Validates one label and encodes its barcodes; throws DocumentError naming the label. */
export function prepareLabel(input: LabelData, index: number): PreparedLabel {
  const parsed = labelDataSchema.safeParse(input);
  const rawAwb = awbOf(input);
  const which = `Label ${index + 1}${rawAwb ? ` (AWB ${rawAwb})` : ''}`;
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new DocumentError('INVALID_LABEL', `${which} is invalid: ${describeIssues(issues)}`, index, issues);
  }
  const label = parsed.data;
  const awb = encodeCode128(label.awb);
  if (!awb)
    throw new DocumentError(
      'AWB_NOT_ENCODABLE',
      `Label ${index + 1}: the AWB has characters a Code 128 barcode cannot carry (letters, digits and ASCII punctuation only, no spaces)`,
      index,
      [{ path: 'awb', message: 'not printable ASCII' }],
    );
  const awbModule = moduleWidthFor(awb, AWB_BARS.width, AWB_MAX_MODULE);
  if (awbModule < MIN_MODULE)
    throw new DocumentError(
      'AWB_NOT_ENCODABLE',
      `${which}: the AWB is too long to print as a barcode a scanner can read on a 4x6 label`,
      index,
      [{ path: 'awb', message: 'too long for a scannable barcode' }],
    );
  const orderPattern = encodeCode128(label.orderNumber);
  const orderModule = orderPattern ? moduleWidthFor(orderPattern, ORDER_BARS.width, ORDER_MAX_MODULE) : 0;
  const order = orderPattern && orderModule >= MIN_MODULE ? { pattern: orderPattern, module: orderModule } : undefined;
  return { label, awb, awbModule, order };
}

function rule(doc: PDFKit.PDFDocument, y: number, width = THICK): void {
  doc
    .moveTo(4, y)
    .lineTo(LABEL_WIDTH - 4, y)
    .lineWidth(width)
    .strokeColor('black')
    .stroke();
}

function vrule(doc: PDFKit.PDFDocument, x: number, y0: number, y1: number): void {
  doc.moveTo(x, y0).lineTo(x, y1).lineWidth(THIN).strokeColor('black').stroke();
}

function caption(doc: PDFKit.PDFDocument, text: string, box: Box, color = GREY): void {
  drawLine(doc, text, box, { size: 6.5, weight: 'bold', color, characterSpacing: 0.3, valign: 'top' });
}

function addressBlock(address: ValidLabelData['returnAddress']): string {
  const place = `${address.city}, ${address.state} - ${address.pincode}`;
  return [...address.addressLines, place, address.phone ? `Ph: ${address.phone}` : ''].filter(Boolean).join('\n');
}

/** Draws one label in a 288 x 432 box at the current origin (the caller translates and scales). */
function drawLabel(doc: PDFKit.PDFDocument, prepared: PreparedLabel): void {
  const { label } = prepared;
  doc
    .rect(4, 4, LABEL_WIDTH - 8, LABEL_HEIGHT - 8)
    .lineWidth(THICK)
    .strokeColor('black')
    .stroke();

  // Header: the store (branding) and the booking day.
  drawLine(doc, label.storeName, { x: 10, y: 6, width: 176, height: 23 }, { size: 11, minSize: 7, weight: 'bold' });
  if (label.bookedAt)
    drawLine(
      doc,
      `Booked ${formatIstDate(label.bookedAt)}`,
      { x: 190, y: 6, width: 88, height: 23 },
      { size: 7.5, minSize: 6, align: 'right' },
    );
  rule(doc, 30);

  // Courier, and its sort code when iCarry gives one.
  drawLine(
    doc,
    label.courierName,
    { x: 10, y: 31, width: label.routingCode ? 176 : 268, height: 25 },
    { size: 14, minSize: 8, weight: 'bold' },
  );
  if (label.routingCode)
    drawLine(
      doc,
      label.routingCode,
      { x: 190, y: 31, width: 88, height: 25 },
      { size: 14, minSize: 7, weight: 'bold', align: 'right' },
    );
  rule(doc, 56, THIN);

  // The AWB: bars, then its characters for a courier typing it in.
  drawCode128(doc, prepared.awb, AWB_BARS, prepared.awbModule);
  drawLine(
    doc,
    label.awb,
    { x: 10, y: 113, width: 268, height: 18 },
    { size: 13, minSize: 7, weight: 'bold', align: 'center', characterSpacing: 1 },
  );
  rule(doc, 132);

  // Deliver to: the consignee on the left, the pincode and payment mode large on the right.
  caption(doc, 'DELIVER TO', { x: 10, y: 135, width: 186, height: 9 });
  const nameHeight = drawWrapped(
    doc,
    label.consignee.name,
    { x: 10, y: 144, width: 186, height: 33 },
    { size: 12, minSize: 8, weight: 'bold' },
  );
  const addressTop = 144 + nameHeight + 1;
  drawWrapped(
    doc,
    label.consignee.addressLines.join('\n'),
    { x: 10, y: addressTop, width: 186, height: 225 - addressTop },
    { size: 9, minSize: 6 },
  );
  drawLine(
    doc,
    `${label.consignee.city}, ${label.consignee.state}`,
    { x: 10, y: 225, width: 186, height: 13 },
    { size: 9, minSize: 6, weight: 'bold' },
  );
  drawLine(
    doc,
    `Ph: ${label.consignee.phone}`,
    { x: 10, y: 238, width: 186, height: 13 },
    { size: 9, minSize: 6, weight: 'bold' },
  );
  vrule(doc, 200, 132, 252);
  caption(doc, 'PIN', { x: 204, y: 135, width: 76, height: 9 });
  drawLine(
    doc,
    label.consignee.pincode,
    { x: 204, y: 146, width: 76, height: 32 },
    { size: 22, minSize: 12, weight: 'bold', align: 'center' },
  );
  const isCod = label.payment.kind === 'cod';
  if (isCod) doc.rect(208, 196, 68, 48).fillColor('black').fill();
  else doc.rect(208, 196, 68, 48).lineWidth(THICK).strokeColor('black').stroke();
  drawLine(
    doc,
    isCod ? 'COD' : 'PREPAID',
    { x: 210, y: 198, width: 64, height: 44 },
    { size: isCod ? 22 : 13, minSize: 8, weight: 'bold', align: 'center', color: isCod ? 'white' : 'black' },
  );
  rule(doc, 252);

  // What the courier does about money, in the largest type on the label.
  if (label.payment.kind === 'cod') {
    doc
      .rect(4, 252, LABEL_WIDTH - 8, 40)
      .fillColor('black')
      .fill();
    drawLine(
      doc,
      `COD ${formatRupees(label.payment.amountPaise)}`,
      { x: 10, y: 253, width: 268, height: 29 },
      { size: 22, minSize: 12, weight: 'bold', align: 'center', color: 'white' },
    );
    drawLine(
      doc,
      'COLLECT CASH ON DELIVERY',
      { x: 10, y: 281, width: 268, height: 10 },
      { size: 6.5, weight: 'bold', align: 'center', color: 'white', characterSpacing: 0.5 },
    );
  } else {
    drawLine(
      doc,
      'PREPAID',
      { x: 10, y: 253, width: 268, height: 29 },
      { size: 20, weight: 'bold', align: 'center', characterSpacing: 2 },
    );
    drawLine(
      doc,
      'DO NOT COLLECT CASH',
      { x: 10, y: 281, width: 268, height: 10 },
      { size: 6.5, weight: 'bold', align: 'center', color: GREY, characterSpacing: 0.5 },
    );
  }
  rule(doc, 292);

  // Order: number and its barcode on the left; weight, box and contents on the right.
  caption(doc, 'ORDER', { x: 10, y: 295, width: 140, height: 9 });
  drawLine(doc, label.orderNumber, { x: 10, y: 304, width: 140, height: 16 }, { size: 11, minSize: 7, weight: 'bold' });
  if (prepared.order) drawCode128(doc, prepared.order.pattern, ORDER_BARS, prepared.order.module);
  vrule(doc, 154, 292, 362);
  const facts: [string, string][] = [
    ['Weight', formatKg(label.weightGrams)],
    ...(label.box ? ([['Box', formatBox(label.box)]] as [string, string][]) : []),
    ['Items', String(label.itemCount)],
  ];
  let y = 296;
  for (const [name, value] of facts) {
    drawLine(doc, name, { x: 158, y, width: 34, height: 12 }, { size: 7, color: GREY });
    drawLine(doc, value, { x: 192, y, width: 88, height: 12 }, { size: 9, minSize: 6, weight: 'bold' });
    y += 12;
  }
  if (label.contents)
    drawWrapped(doc, label.contents, { x: 158, y: y + 1, width: 122, height: 360 - y - 1 }, { size: 7, minSize: 5.5 });
  rule(doc, 362, THIN);

  // Return address for an undelivered parcel (RTO).
  caption(doc, 'IF UNDELIVERED, RETURN TO', { x: 10, y: 365, width: 268, height: 9 });
  drawLine(
    doc,
    label.returnAddress.name,
    { x: 10, y: 374, width: 268, height: 12 },
    { size: 8, minSize: 6, weight: 'bold' },
  );
  drawWrapped(
    doc,
    addressBlock(label.returnAddress),
    { x: 10, y: 386, width: 268, height: 39 },
    { size: 7, minSize: 5.5 },
  );
}

function drawCutLines(doc: PDFKit.PDFDocument): void {
  const midX = A4_WIDTH / 2;
  const midY = A4_HEIGHT / 2;
  doc.save().lineWidth(0.5).strokeColor('#888888').dash(4, { space: 3 });
  doc
    .moveTo(midX, 6)
    .lineTo(midX, A4_HEIGHT - 6)
    .stroke();
  doc
    .moveTo(6, midY)
    .lineTo(A4_WIDTH - 6, midY)
    .stroke();
  doc.undash().restore();
}

/** Top-left corner of cell 0..3 on an A4 sheet (left to right, then top to bottom). */
export function a4Cell(cell: number): { x: number; y: number } {
  const w = LABEL_WIDTH * A4_LABEL_SCALE;
  const h = LABEL_HEIGHT * A4_LABEL_SCALE;
  const col = cell % 2;
  const row = Math.floor(cell / 2) % 2;
  const halfW = A4_WIDTH / 2;
  const halfH = A4_HEIGHT / 2;
  return {
    x: col === 0 ? halfW - A4_GUTTER / 2 - w : halfW + A4_GUTTER / 2,
    y: row === 0 ? halfH - A4_GUTTER / 2 - h : halfH + A4_GUTTER / 2,
  };
}

export function parsePaper(options: LabelOptions | undefined): LabelPaper {
  const paper = paperSchema.safeParse(options?.paper ?? '4x6');
  if (!paper.success) throw new DocumentError('INVALID_OPTIONS', 'paper must be "4x6" or "a4"');
  return paper.data;
}

/**
 * One label per parcel: a 4x6 inch page each (`paper: '4x6'`, the default), or four to an A4 sheet
 * (`'a4'`, 2x2 at about 93% with dashed cut lines). Throws DocumentError: NO_LABELS,
 * TOO_MANY_LABELS, INVALID_LABEL (with the fields), AWB_NOT_ENCODABLE, INVALID_OPTIONS; each
 * before any PDF is made.
 */
export async function renderLabels(
  labels: readonly LabelData[],
  options: LabelOptions = { paper: '4x6' },
): Promise<Uint8Array> {
  const paper = parsePaper(options);
  if (labels.length === 0) throw new DocumentError('NO_LABELS', 'There are no labels to print.');
  if (labels.length > MAX_LABELS_PER_PDF)
    throw new DocumentError(
      'TOO_MANY_LABELS',
      `${labels.length} labels asked for; one PDF holds at most ${MAX_LABELS_PER_PDF}.`,
    );
  const prepared = labels.map((label, i) => prepareLabel(label, i));
  return collectPdf({ info: { Title: 'Shipping labels', Creator: 'iCarry shipping' } }, (doc) => {
    if (paper === '4x6') {
      for (const label of prepared) {
        doc.addPage({ size: [LABEL_WIDTH, LABEL_HEIGHT], margin: 0 });
        drawLabel(doc, label);
      }
      return;
    }
    prepared.forEach((label, i) => {
      if (i % 4 === 0) {
        doc.addPage({ size: [A4_WIDTH, A4_HEIGHT], margin: 0 });
        drawCutLines(doc);
      }
      const { x, y } = a4Cell(i % 4);
      doc.save().translate(x, y).scale(A4_LABEL_SCALE);
      drawLabel(doc, label);
      doc.restore();
    });
  });
}
