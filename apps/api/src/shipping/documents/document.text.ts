import { REFERENCE_FONT, fontFor, metricsOf, type FontWeight } from './document.fonts';

/**
 * Text that always stays inside its box: a long name or address shrinks first, then wraps or is
 * cut with an ellipsis, and never runs over a rule or off the label. All boxes are in points,
 * y growing downwards (PDFKit's user space), `y` the top of the box.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextStyle {
  /** Preferred size in points. */
  size: number;
  /** Smallest size it may shrink to before it is cut; defaults to `size` (no shrinking). */
  minSize?: number;
  weight?: FontWeight;
  align?: 'left' | 'center' | 'right';
  color?: string;
  lineGap?: number;
  characterSpacing?: number;
  /** Single-line text only: where the line sits in the box's height. Default 'middle'. */
  valign?: 'top' | 'middle' | 'bottom';
}

const SHRINK_STEP = 0.5;
const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function sizesFrom(style: TextStyle): number[] {
  const min = Math.min(style.minSize ?? style.size, style.size);
  const sizes: number[] = [];
  for (let s = style.size; s > min; s -= SHRINK_STEP) sizes.push(s);
  sizes.push(min);
  return sizes;
}

function useFont(doc: PDFKit.PDFDocument, text: string, style: TextStyle, size: number): string {
  const name = fontFor(text, style.weight ?? 'regular');
  doc
    .font(name)
    .fontSize(size)
    .fillColor(style.color ?? 'black');
  return name;
}

/**
 * Cuts `text` at a grapheme boundary (a Devanagari conjunct is never split) so that it and an
 * ellipsis fit `width` at the current font and size.
 */
function cutToWidth(doc: PDFKit.PDFDocument, text: string, width: number, spacing: number): string {
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = parts.slice(0, mid).join('').trimEnd() + ELLIPSIS;
    if (doc.widthOfString(candidate, { characterSpacing: spacing }) <= width) lo = mid;
    else hi = mid - 1;
  }
  return parts.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/**
 * Draws one line of text in `box`: at the largest size from `style.size` down to `style.minSize`
 * at which it fits the width, else at the smallest size cut with an ellipsis. Returns the size used.
 */
export function drawLine(doc: PDFKit.PDFDocument, text: string, box: Box, style: TextStyle): number {
  const spacing = style.characterSpacing ?? 0;
  let line = text.replace(/\s+/g, ' ').trim();
  let size = style.minSize ?? style.size;
  let font = REFERENCE_FONT;
  let fits = false;
  for (const s of sizesFrom(style)) {
    font = useFont(doc, line, style, s);
    if (doc.widthOfString(line, { characterSpacing: spacing }) <= box.width) {
      size = s;
      fits = true;
      break;
    }
  }
  if (!fits) {
    font = useFont(doc, line, style, size);
    line = cutToWidth(doc, line, box.width, spacing);
  }
  // Placed by the Latin font's line box and baseline whatever font is used, so a Devanagari city
  // in a table row sits on the same baseline as its Latin neighbours.
  const ref = metricsOf(REFERENCE_FONT);
  const refHeight = (ref.ascender - ref.descender + ref.lineGap) * size;
  const valign = style.valign ?? 'middle';
  const top =
    valign === 'top'
      ? box.y
      : valign === 'bottom'
        ? box.y + box.height - refHeight
        : box.y + (box.height - refHeight) / 2;
  const y = top + (ref.ascender - metricsOf(font).ascender) * size;
  const lineHeight = doc.currentLineHeight(true);
  // The width is measured above; the slack only absorbs rounding so the wrapper never breaks the line.
  doc.text(line, box.x, y, {
    width: box.width + 1,
    height: lineHeight + 1,
    align: style.align ?? 'left',
    characterSpacing: spacing,
    lineBreak: false,
  });
  return size;
}

/**
 * Draws wrapping text (newlines start new lines) in `box`: at the largest size that fits the box's
 * height, else at the smallest size clipped to the box with an ellipsis on the last line.
 * Returns the height the text took, at most `box.height`.
 */
export function drawWrapped(doc: PDFKit.PDFDocument, text: string, box: Box, style: TextStyle): number {
  const body = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
  if (body === '') return 0;
  const options = { width: box.width, lineGap: style.lineGap ?? 0, align: style.align ?? 'left' } as const;
  for (const s of sizesFrom(style)) {
    useFont(doc, body, style, s);
    const height = doc.heightOfString(body, options);
    if (height <= box.height) {
      // A height keeps PDFKit from ever starting a page of its own, even on rounding.
      doc.text(body, box.x, box.y, { ...options, height: box.height + 1 });
      return height;
    }
  }
  doc.text(body, box.x, box.y, { ...options, height: box.height, ellipsis: ELLIPSIS });
  return box.height;
}

/** Height one line of `text` takes at `size` and `weight`, for laying out rows. */
export function lineHeightOf(doc: PDFKit.PDFDocument, text: string, size: number, weight: FontWeight): number {
  doc.font(fontFor(text, weight)).fontSize(size);
  return doc.currentLineHeight(true);
}
