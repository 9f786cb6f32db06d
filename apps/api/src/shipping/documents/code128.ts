import bwipjs from 'bwip-js/node';
import type { Box } from './document.text';

/**
 * Code 128 barcodes drawn as vector bars. bwip-js (the maintained port of BWIPP) chooses the code
 * sets and the check digit; we draw its bar widths as filled rectangles, so the bars stay sharp at
 * any printer's resolution and on a scaled A4 sheet, where a bitmap would blur or alias.
 */

/** Bars and spaces in modules, alternating, starting with a bar (start, data, check and stop). */
export interface Code128Pattern {
  text: string;
  widths: readonly number[];
  /** Total width in modules, without quiet zones. */
  modules: number;
}

/** Scanners need this many modules of white either side (ISO/IEC 15417). */
export const QUIET_ZONE_MODULES = 10;

// Printable ASCII without space: every AWB and order number format we know fits, and a space or a
// control character would be invisible under the bars. bwip-js itself silently encodes anything
// (UTF-8 bytes through FNC4), so the check must be ours.
const PRINTABLE = /^[\x21-\x7E]+$/;

export function isCode128Text(text: string): boolean {
  return PRINTABLE.test(text);
}

/** Encodes `text`; returns undefined when it is not printable ASCII. */
export function encodeCode128(text: string): Code128Pattern | undefined {
  if (!isCode128Text(text)) return undefined;
  const [symbol] = bwipjs.raw('code128', text, {});
  if (!symbol || !('sbs' in symbol)) return undefined;
  const widths = symbol.sbs;
  return { text, widths, modules: widths.reduce((sum, w) => sum + w, 0) };
}

/** The module width a pattern gets in `width` points (quiet zones included), capped at `maxModule`. */
export function moduleWidthFor(pattern: Code128Pattern, width: number, maxModule: number): number {
  return Math.min(maxModule, width / (pattern.modules + 2 * QUIET_ZONE_MODULES));
}

/**
 * Draws the bars centred in `box` with modules of `moduleWidth` points; the box must leave room
 * for the quiet zones (see moduleWidthFor). Returns the bars' left edge and width.
 */
export function drawCode128(
  doc: PDFKit.PDFDocument,
  pattern: Code128Pattern,
  box: Box,
  moduleWidth: number,
): { x: number; width: number } {
  const width = pattern.modules * moduleWidth;
  const left = box.x + (box.width - width) / 2;
  let x = left;
  pattern.widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(x, box.y, w * moduleWidth, box.height);
    x += w * moduleWidth;
  });
  doc.fillColor('black').fill();
  return { x: left, width };
}
