import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The fonts labels and manifests are set in: Noto Sans and Noto Sans Devanagari (Google Fonts'
 * builds, shipped as TTF in the @expo-google-fonts packages from the npm registry). PDFKit embeds a
 * subset of each and shapes text through fontkit, so Devanagari conjuncts and matras come out
 * right (राहुल शर्मा) and the rupee sign is a real glyph. The standard PDF fonts have neither.
 */

export type FontWeight = 'regular' | 'bold';
type Family = 'sans' | 'devanagari';

const require = createRequire(import.meta.url);

const FILES: Record<Family, Record<FontWeight, string>> = {
  sans: {
    regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  },
  devanagari: {
    regular: '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf',
  },
};

/** Vertical metrics in ems (hhea), as PDFKit uses them to place a line. */
export interface FontMetrics {
  ascender: number;
  descender: number;
  lineGap: number;
}

interface LoadedFont {
  /** Name registered with each PDFKit document. */
  name: string;
  bytes: Buffer;
  metrics: FontMetrics;
  covers(codePoint: number): boolean;
}

let loaded: Record<Family, Record<FontWeight, LoadedFont>> | undefined;

function load(family: Family, weight: FontWeight): LoadedFont {
  const bytes = readFileSync(require.resolve(FILES[family][weight]));
  const font = fontkit.create(bytes);
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`${FILES[family][weight]} is a font collection`);
  const em = font.unitsPerEm;
  return {
    name: `${family}-${weight}`,
    bytes,
    metrics: { ascender: font.ascent / em, descender: font.descent / em, lineGap: font.lineGap / em },
    covers: (cp) => font.hasGlyphForCodePoint(cp),
  };
}

/** Reads the four font files once per process (about 1.5 MB); every document reuses the bytes. */
function fonts(): Record<Family, Record<FontWeight, LoadedFont>> {
  loaded ??= {
    sans: { regular: load('sans', 'regular'), bold: load('sans', 'bold') },
    devanagari: { regular: load('devanagari', 'regular'), bold: load('devanagari', 'bold') },
  };
  return loaded;
}

/** Registers the fonts with a new document; call once per document before any text. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const family of Object.values(fonts()))
    for (const font of Object.values(family)) doc.registerFont(font.name, font.bytes);
}

/**
 * Metrics of a registered font. Noto Sans Devanagari sits its baseline lower in the line than Noto
 * Sans (ascender 0.896 em against 1.069), so text that mixes the two aligns on these.
 */
export function metricsOf(name: string): FontMetrics {
  if (!metricsByName) {
    metricsByName = new Map();
    for (const family of Object.values(fonts()))
      for (const font of Object.values(family)) metricsByName.set(font.name, font.metrics);
  }
  const metrics = metricsByName.get(name);
  if (!metrics) throw new Error(`unknown font ${name}`);
  return metrics;
}
let metricsByName: Map<string, FontMetrics> | undefined;

/** The registered name of the Latin font, whose metrics every single line is placed by. */
export const REFERENCE_FONT = 'sans-regular';

// Devanagari, Devanagari Extended and Vedic Extensions (ranges, as code points: a regex class that
// starts on a combining sign reads ambiguously).
const DEVANAGARI_RANGES: [number, number][] = [
  [0x0900, 0x097f],
  [0xa8e0, 0xa8ff],
  [0x1cd0, 0x1cff],
];
function hasDevanagari(text: string): boolean {
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (DEVANAGARI_RANGES.some(([from, to]) => cp >= from && cp <= to)) return true;
  }
  return false;
}
// Whitespace, zero-width spaces and joiners (ZWJ/ZWNJ steer Devanagari conjuncts) need no glyph of their own.
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const needsNoGlyph = (char: string, cp: number) => INVISIBLE.has(cp) || /\s/u.test(char);

/**
 * The registered font name to set `text` in: Noto Sans Devanagari when the text has Devanagari
 * (its Latin, digits and ₹ cover the rest of a mixed line), else Noto Sans; whichever of the two
 * covers every character, else the one that covers most (a script neither has, such as Tamil,
 * shows missing-glyph boxes).
 */
export function fontFor(text: string, weight: FontWeight): string {
  const all = fonts();
  const order: Family[] = hasDevanagari(text) ? ['devanagari', 'sans'] : ['sans', 'devanagari'];
  let best = all[order[0] ?? 'sans'][weight];
  let bestMissing = Number.POSITIVE_INFINITY;
  for (const family of order) {
    const font = all[family][weight];
    let missing = 0;
    for (const char of text) {
      const cp = char.codePointAt(0) ?? 0;
      if (!needsNoGlyph(char, cp) && !font.covers(cp)) missing++;
    }
    if (missing === 0) return font.name;
    if (missing < bestMissing) {
      best = font;
      bestMissing = missing;
    }
  }
  return best.name;
}
