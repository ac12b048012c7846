import type { TrendSeries } from '../../interview/trends/buildTrendSeries.ts';
import { escapeXml } from '../../util/escapeXml.ts';
import { clip, CRITERION_COLORS, labelledIndexes, shortDate, TREND_CHART as C, xOf, yOf } from './trendChartLayout.ts';

/** What a trend chart shows. */
export interface TrendChartInput {
  /** Whose trend (a display name: any text, escaped here). */
  candidateName: string;
  series: TrendSeries;
}

/** One drawn line: its legend label, colour, width and values aligned with the points. */
interface DrawnLine {
  label: string;
  color: string;
  widthPx: number;
  values: Array<number | null>;
}

/**
 * The trend chart as an SVG document (800×450): a title with the candidate's name, the overall
 * score and one line per rubric criterion over the interviews (x: interview dates, y: score
 * 0–10 with ticks and grid), axis titles and a legend. Every text is XML-escaped. Pure; render
 * it with {@link ./renderChartPng.ts}.
 */
export function trendChartSvg(input: TrendChartInput): string {
  const { points, criteria } = input.series;
  const lines: DrawnLine[] = [
    ...criteria.map((c, i) => ({ label: c.name, color: CRITERION_COLORS[i % CRITERION_COLORS.length]!, widthPx: 2.5, values: c.values })),
    { label: 'Overall', color: C.overallColor, widthPx: 4, values: points.map((p) => p.overall) },
  ];
  const body = [
    `<rect width="${C.widthPx}" height="${C.heightPx}" fill="#ffffff"/>`,
    ...titles(input, criteria.length > 0),
    ...yAxis(),
    ...xAxis(points.map((p) => p.startedAt)),
    // Criteria first, the overall line on top of them.
    ...lines.map((l) => drawLine(l, points.length)),
    ...legend([lines[lines.length - 1]!, ...lines.slice(0, -1)]),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${C.widthPx}" height="${C.heightPx}" viewBox="0 0 ${C.widthPx} ${C.heightPx}">`,
    `<g font-family="${C.fontFamily}" fill="${C.textColor}">`,
    ...body,
    '</g>',
    '</svg>',
  ].join('\n');
}

function titles(input: TrendChartInput, hasCriteria: boolean): string[] {
  const n = input.series.points.length;
  const subtitle = hasCriteria
    ? `Mean score per rubric criterion and overall, last ${n} scored interview${n === 1 ? '' : 's'}`
    : `Overall score, last ${n} scored interview${n === 1 ? '' : 's'} (criterion lines appear once answers are scored by criterion)`;
  return [
    text(C.plot.left - 44, 32, `Score trends: ${clip(input.candidateName, 48)}`, { size: 20, weight: 'bold' }),
    text(C.plot.left - 44, 54, subtitle, { size: 12, fill: C.mutedColor }),
  ];
}

function yAxis(): string[] {
  const { left, right, top, bottom } = C.plot;
  const out = [text(left - 44, top - 16, 'Score', { size: 14, weight: 'bold' })];
  for (let score = 0; score <= 10; score += 2) {
    const y = yOf(score);
    out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${C.gridColor}" stroke-width="1"/>`);
    out.push(`<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="${C.axisColor}" stroke-width="1"/>`);
    out.push(text(left - 9, y + 4, String(score), { size: 12, anchor: 'end' }));
  }
  out.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="${C.axisColor}" stroke-width="1.5"/>`);
  return out;
}

function xAxis(dates: readonly Date[]): string[] {
  const { left, right, bottom } = C.plot;
  const out = [`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="${C.axisColor}" stroke-width="1.5"/>`];
  const labelled = labelledIndexes(dates.length);
  dates.forEach((at, i) => {
    const x = xOf(i, dates.length);
    out.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="${C.axisColor}" stroke-width="1"/>`);
    if (labelled.has(i)) out.push(text(x, bottom + 20, shortDate(at), { size: 12, anchor: 'middle' }));
  });
  out.push(text((left + right) / 2, bottom + 50, 'Interview', { size: 14, weight: 'bold', anchor: 'middle' }));
  return out;
}

/** A polyline through the values that exist (gaps joined), with a dot on each. */
function drawLine(line: DrawnLine, count: number): string {
  const at = line.values.flatMap((v, i) => (v === null ? [] : [[round(xOf(i, count)), round(yOf(v))] as const]));
  const path = at.length > 1
    ? `<polyline points="${at.map(([x, y]) => `${x},${y}`).join(' ')}" fill="none" stroke="${line.color}" stroke-width="${line.widthPx}" stroke-linejoin="round" stroke-linecap="round"/>`
    : '';
  const dots = at.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${line.widthPx + 1.5}" fill="${line.color}" stroke="#ffffff" stroke-width="1"/>`);
  return [path, ...dots].filter(Boolean).join('\n');
}

function legend(lines: readonly DrawnLine[]): string[] {
  const { left, top, rowPx, maxChars } = C.legend;
  return lines.flatMap((l, i) => {
    const y = top + i * rowPx;
    return [
      `<line x1="${left}" y1="${y}" x2="${left + 24}" y2="${y}" stroke="${l.color}" stroke-width="${l.widthPx}" stroke-linecap="round"/>`,
      `<circle cx="${left + 12}" cy="${y}" r="${l.widthPx + 1}" fill="${l.color}"/>`,
      text(left + 32, y + 4.5, clip(l.label, maxChars), { size: 13 }),
    ];
  });
}

function text(x: number, y: number, content: string, o: { size: number; weight?: 'bold'; anchor?: 'middle' | 'end'; fill?: string }): string {
  const attrs = [`x="${round(x)}"`, `y="${round(y)}"`, `font-size="${o.size}"`];
  if (o.weight) attrs.push(`font-weight="${o.weight}"`);
  if (o.anchor) attrs.push(`text-anchor="${o.anchor}"`);
  if (o.fill) attrs.push(`fill="${o.fill}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

const round = (n: number): number => Math.round(n * 10) / 10;
