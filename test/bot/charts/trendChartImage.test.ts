import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ChartFontMissingError, chartFontFiles } from '../../../src/bot/charts/chartFont.ts';
import { renderChartPng } from '../../../src/bot/charts/renderChartPng.ts';
import { CRITERION_COLORS, TREND_CHART, xOf, yOf } from '../../../src/bot/charts/trendChartLayout.ts';
import { trendChartSvg } from '../../../src/bot/charts/trendChartSvg.ts';
import { buildTrendsChartFile, TRENDS_FILE_NAME } from '../../../src/bot/charts/trendsChartFile.ts';
import { sampleSeries } from './trendSample.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hotseat-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasTesseract = await run('tesseract', ['--version']).then(() => true, () => false);
const ocrIt = hasTesseract ? it : it.skip;
const OCR_REASON = hasTesseract ? '' : ' [SKIPPED: tesseract is not installed; Debian tesseract-ocr + tesseract-ocr-eng, see scripts/setup-test-deps.sh]';

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Pixels of exactly this colour inside the rectangle. */
function countColor(png: PNG, hex: string, box: { left: number; right: number; top: number; bottom: number }): number {
  const [r, g, b] = rgb(hex);
  let n = 0;
  for (let y = Math.ceil(box.top); y < box.bottom; y++) {
    for (let x = Math.ceil(box.left); x < box.right; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) n++;
    }
  }
  return n;
}

/** Pixels darker than mid-grey inside the rectangle (drawn text). */
function darkPixels(png: PNG, box: { left: number; right: number; top: number; bottom: number }): number {
  let n = 0;
  for (let y = box.top; y < box.bottom; y++) {
    for (let x = box.left; x < box.right; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 3 * 100) n++;
    }
  }
  return n;
}

describe('the trend chart as an image', async () => {
  const file = await buildTrendsChartFile('Alice <Anderson> & "Co"', sampleSeries());
  const png = PNG.sync.read(file.attachment);
  const pngPath = join(dir, TRENDS_FILE_NAME);
  writeFileSync(pngPath, file.attachment);

  it('is an 800×450 PNG under 200 KB, named trends.png with alt text', () => {
    expect(file.name).toBe('trends.png');
    expect(file.contentType).toBe('image/png');
    expect([png.width, png.height]).toEqual([TREND_CHART.widthPx, TREND_CHART.heightPx]);
    expect(file.attachment.length).toBeLessThan(200 * 1024);
    expect(file.description).toBe('Score trends over 8 interviews: overall, Problem solving, Communication, Trade-offs');
  });

  it('is not blank: many colours, real variance, mostly white background', () => {
    const colours = new Set<number>();
    let sum = 0;
    let sumSq = 0;
    let white = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      const lum = (r + g + b) / 3;
      sum += lum;
      sumSq += lum * lum;
      if (r === 255 && g === 255 && b === 255) white++;
    }
    const pixels = png.width * png.height;
    const variance = sumSq / pixels - (sum / pixels) ** 2;
    expect(colours.size).toBeGreaterThan(200);
    expect(variance).toBeGreaterThan(200);
    expect(white / pixels).toBeGreaterThan(0.6);
    expect(white / pixels).toBeLessThan(0.99);
  });

  it('draws each line in its colour inside the plot area, through its points', () => {
    const plot = TREND_CHART.plot;
    for (const colour of [TREND_CHART.overallColor, ...CRITERION_COLORS.slice(0, 3)]) {
      expect(countColor(png, colour, plot), colour).toBeGreaterThan(100);
    }
    // A colour with no line is absent from the plot.
    expect(countColor(png, CRITERION_COLORS[3], plot)).toBe(0);
    // The overall line passes through its newest point: that pixel has its colour.
    const series = sampleSeries();
    const last = series.points.length - 1;
    const [x, y] = [Math.round(xOf(last, series.points.length)), Math.round(yOf(series.points[last]!.overall!))];
    const i = (y * png.width + x) * 4;
    expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual(rgb(TREND_CHART.overallColor));
  });

  it('draws its text (title, axis titles, tick labels, legend) with the installed font', () => {
    expect(darkPixels(png, { left: 20, right: 300, top: 12, bottom: 38 })).toBeGreaterThan(300); // title
    expect(darkPixels(png, { left: 20, right: 70, top: 62, bottom: 80 })).toBeGreaterThan(40); // "Score"
    expect(darkPixels(png, { left: 280, right: 380, top: 408, bottom: 428 })).toBeGreaterThan(60); // "Interview"
    expect(darkPixels(png, { left: 640, right: 790, top: 90, bottom: 200 })).toBeGreaterThan(300); // legend
  });

  ocrIt(`reads back by OCR: title with the name, axis titles, legend names, dates${OCR_REASON}`, async () => {
    const { stdout } = await run('tesseract', [pngPath, 'stdout'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    expect(stdout).toContain('Score trends: Alice <Anderson> & "Co"');
    expect(stdout).toMatch(/^Score$/m);
    expect(stdout).toMatch(/^Interview$/m);
    for (const name of ['Overall', 'Problem solving', 'Communication', 'Trade-offs']) expect(stdout).toContain(name);
    expect(stdout).toContain('Nov 22');
  });
});

describe('the trend chart SVG', () => {
  it('escapes the name and names, and labels at most 8 dates (the newest always)', () => {
    const series = sampleSeries(20);
    series.criteria[0]!.name = 'Design </text><script>x</script>';
    const svg = trendChartSvg({ candidateName: 'Bob & <Eve>', series });
    expect(svg).toContain('Score trends: Bob &amp; &lt;Eve&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<Eve>');
    const dates = [...svg.matchAll(/>(Nov|Dec|Jan) \d+</g)];
    expect(dates.length).toBeLessThanOrEqual(TREND_CHART.maxDateLabels);
    expect(svg).toContain('>Dec 28<'); // the 20th interview: Nov 1 + 19 × 3 days
    for (const tick of ['0', '2', '4', '6', '8', '10']) expect(svg).toContain(`>${tick}</text>`);
  });

  it('renders a name with markup and control characters (valid XML), and one point', async () => {
    const one = sampleSeries(1);
    const png = PNG.sync.read(await renderChartPng(trendChartSvg({ candidateName: 'x</text>\u0001<svg>', series: one })));
    expect(png.width).toBe(TREND_CHART.widthPx);
  });
});

describe('the trend chart at its busiest', () => {
  it('20 interviews × 8 crossing criteria with a 45-character name: still 800×450 and under 200 KB', async () => {
    const idx = Array.from({ length: 20 }, (_, i) => i);
    const criteria = Array.from({ length: 8 }, (_, k) => ({ key: `c${k}`, name: k === 0 ? 'A criterion name of forty-five characters, yes' : `Criterion ${k}`, values: idx.map((i) => ((i + k) * 13) % 11) }));
    const series = { points: idx.map((i) => ({ interviewId: `i${i}`, startedAt: new Date(Date.UTC(2026, 9, 1 + i * 4)), overall: (i * 37) % 11 })), criteria };
    const file = await buildTrendsChartFile('A display name of 32 characters.', series);
    const png = PNG.sync.read(file.attachment);
    expect([png.width, png.height]).toEqual([800, 450]);
    expect(file.attachment.length).toBeLessThan(200 * 1024);
    for (const colour of CRITERION_COLORS) expect(countColor(png, colour, TREND_CHART.plot), colour).toBeGreaterThan(50);
  });
});

describe('the chart font', () => {
  it('is found where fonts-dejavu-core puts it', () => {
    expect(chartFontFiles().map((f) => f.split('/').pop())).toEqual(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']);
  });

  it('missing: a clear error saying what to install, not a chart without text', async () => {
    expect(() => chartFontFiles(['/nonexistent/fonts'])).toThrow(ChartFontMissingError);
    expect(() => chartFontFiles(['/nonexistent/fonts'])).toThrow(/fonts-dejavu-core.*|.*fonts-dejavu-core/);
  });
});
