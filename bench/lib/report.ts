import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One measured number. `ratio` is value / baseline: for throughput higher is better (target
 * ">= 0.5x"), for times lower is better. `met` is null when the figure has no target.
 */
export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineLabel?: string;
  target: string;
  met: boolean | null;
  note?: string;
}

export function ratioOf(f: Figure): number | null {
  return f.baseline === null || f.baseline === 0 ? null : f.value / f.baseline;
}

export function fmt(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

function cells(f: Figure): string[] {
  const ratio = ratioOf(f);
  return [
    f.name,
    fmt(f.value, f.unit),
    f.baseline === null ? '—' : `${fmt(f.baseline, f.unit)}${f.baselineLabel ? ` (${f.baselineLabel})` : ''}`,
    ratio === null ? '—' : `${ratio.toFixed(2)}x`,
    f.target || '—',
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
  ];
}

const HEAD = ['figure', 'value', 'baseline', 'ratio', 'target', 'met?'];

export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map(cells);
  return [
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function textTable(figures: readonly Figure[]): string {
  const rows = [HEAD, ...figures.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

/** Prints a figure the moment it is measured, so a run that dies later still shows it. */
export function printFigure(f: Figure): void {
  const ratio = ratioOf(f);
  const parts = [
    `  ${f.name}: ${fmt(f.value, f.unit)}`,
    f.baseline === null
      ? ''
      : ` | baseline ${fmt(f.baseline, f.unit)}${f.baselineLabel ? ` (${f.baselineLabel})` : ''}`,
    ratio === null ? '' : ` | ratio ${ratio.toFixed(2)}x`,
    f.target ? ` | target ${f.target}: ${f.met === null ? '—' : f.met ? 'met' : 'MISSED'}` : '',
    f.note ? `\n      ${f.note}` : '',
  ];
  console.log(`[figure] ${parts.join('')}`);
}

export class Report {
  readonly figures: Figure[] = [];
  readonly notes: { suite: string; text: string }[] = [];
  readonly failures: { suite: string; error: string }[] = [];

  add(figure: Figure): Figure {
    this.figures.push(figure);
    printFigure(figure);
    return figure;
  }

  note(suite: string, text: string): void {
    this.notes.push({ suite, text });
    console.log(`[${suite}] ${text.split('\n').join(`\n[${suite}] `)}`);
  }

  save(dir: string, meta: Record<string, unknown>): string {
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = join(dir, `bench-${stamp}`);
    writeFileSync(
      `${base}.json`,
      JSON.stringify({ meta, figures: this.figures, notes: this.notes, failures: this.failures }, null, 2),
    );
    const md = [
      `# Benchmark run ${new Date().toISOString()}`,
      '',
      '```json',
      JSON.stringify(meta, null, 2),
      '```',
      '',
      markdownTable(this.figures),
      '',
      ...this.notes.map((n) => `- **${n.suite}**: ${n.text}`),
      ...this.failures.map((f) => `- **${f.suite} could not run**: ${f.error}`),
      '',
    ].join('\n');
    writeFileSync(`${base}.md`, md);
    return base;
  }
}
