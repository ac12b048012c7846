/** Where everything sits on a trend chart, in SVG user units (= PNG pixels). */
export const TREND_CHART = {
  widthPx: 800,
  heightPx: 450,
  /** The plot area (inside the axes). */
  plot: { left: 64, right: 590, top: 92, bottom: 372 },
  /** Space between the plot's side and the first / last interview. */
  xPaddingPx: 24,
  /** The legend's left edge and first row. */
  legend: { left: 610, top: 100, rowPx: 24, maxChars: 19 },
  /** Interview date labels shown at most (every k-th otherwise, the newest always). */
  maxDateLabels: 8,
  fontFamily: 'DejaVu Sans',
  /** The overall score's line; criteria take {@link CRITERION_COLORS} in order. */
  overallColor: '#1f2937',
  gridColor: '#e5e7eb',
  axisColor: '#4b5563',
  textColor: '#111827',
  mutedColor: '#4b5563',
} as const;

/** Line colours for criteria (the Okabe–Ito palette, distinguishable with colour blindness, plus two). */
export const CRITERION_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#8c564b', '#7f3c8d'] as const;

/** Pixel x of the `index`-th of `count` interviews. */
export function xOf(index: number, count: number): number {
  const { left, right } = TREND_CHART.plot;
  if (count <= 1) return (left + right) / 2;
  const pad = TREND_CHART.xPaddingPx;
  return left + pad + (index * (right - left - 2 * pad)) / (count - 1);
}

/** Pixel y of a 0–10 score (clamped). */
export function yOf(score: number): number {
  const { top, bottom } = TREND_CHART.plot;
  const clamped = Math.min(10, Math.max(0, score));
  return bottom - (clamped / 10) * (bottom - top);
}

/** Which interviews get a date label: at most `maxDateLabels`, the newest always. */
export function labelledIndexes(count: number): Set<number> {
  const step = Math.max(1, Math.ceil(count / TREND_CHART.maxDateLabels));
  const out = new Set<number>();
  for (let i = count - 1; i >= 0; i -= step) out.add(i);
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 3" (UTC), the same on every machine whatever its locale. */
export function shortDate(at: Date): string {
  return `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}`;
}

/** `text` cut to `max` characters (code points) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
