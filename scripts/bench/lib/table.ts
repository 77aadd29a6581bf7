/**
 * Plain-text table pieces: aligned rows, number formats, met/missed marks and growth ratios.
 *
 *   const t = new Table([28, 10, 10]);  t.row('lexical', ms(1.2), ms(3.4));  console.log(t.toString());
 */

export class Table {
  private readonly lines: string[] = [];
  constructor(private readonly widths: number[]) {}

  /** A row: first cell left-aligned, the rest right-aligned; cells past the widths are appended as-is. */
  row(...cells: string[]): this {
    this.lines.push(
      cells
        .map((c, i) => (i >= this.widths.length ? ' ' + c : i === 0 ? c.padEnd(this.widths[0]) : c.padStart(this.widths[i])))
        .join(' ')
        .trimEnd(),
    );
    return this;
  }

  line(text = ''): this {
    this.lines.push(text);
    return this;
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

const finite = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Milliseconds: 3 significant digits below 10, whole numbers above. */
export function ms(x: number | undefined): string {
  if (!finite(x)) return 'n/a';
  if (x < 0.1) return x.toFixed(3);
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}

export function sec(msValue: number | undefined): string {
  return finite(msValue) ? `${(msValue / 1000).toFixed(2)} s` : 'n/a';
}

export function mib(x: number | undefined): string {
  return finite(x) ? `${x.toFixed(0)} MiB` : 'n/a';
}

export function num(x: number | undefined, digits = 0): string {
  return finite(x) ? x.toFixed(digits) : 'n/a';
}

/** `b / a` as "×1.23", for growth per 10× and for side-by-side comparisons. */
export function ratio(b: number | undefined, a: number | undefined): string {
  return finite(a) && finite(b) && a > 0 ? `×${(b / a).toFixed(b / a < 10 ? 2 : 1)}` : 'n/a';
}

export interface TargetCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

/** "met" / "MISSED" / "n/a" for a measured value against an upper bound. */
export function check(name: string, value: number | undefined, limit: number, show: (x: number | undefined) => string): TargetCheck {
  const met = finite(value) ? value <= limit : null;
  return { name, met, detail: `${show(value)} (target ≤ ${show(limit)})` };
}

export function mark(t: TargetCheck): string {
  return t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED';
}
