import { describe, expect, it } from 'vitest';
import { chunk, labelsPdfUrl, manifestPdfUrl } from './pdf-urls';

describe('the packing PDF URLs', () => {
  it('names the orders, and A4 or a return only when asked', () => {
    expect(labelsPdfUrl(['12', '7'])).toBe('/api/labels.pdf?orderIds=12%2C7');
    expect(labelsPdfUrl(['12'], { paper: 'a4', direction: 'return' })).toBe(
      '/api/labels.pdf?orderIds=12&paper=a4&direction=return',
    );
    expect(labelsPdfUrl(['12'], { paper: '4x6', direction: 'forward' })).toBe('/api/labels.pdf?orderIds=12');
    expect(manifestPdfUrl('2026-12-01')).toBe('/api/manifest.pdf?date=2026-12-01');
  });

  it('splits a long list into PDFs of at most the given size, keeping the order', () => {
    expect(chunk(['1', '2', '3', '4', '5'], 2)).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(chunk(['1'], 250)).toEqual([['1']]);
    expect(chunk([], 250)).toEqual([]);
  });
});
