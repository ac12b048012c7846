import type { TrendSeries } from '../../interview/trends/buildTrendSeries.ts';
import { renderChartPng, type RenderChartOptions } from './renderChartPng.ts';
import { trendChartSvg } from './trendChartSvg.ts';

/** The chart's file name; an embed shows it with `image: { url: 'attachment://trends.png' }`. */
export const TRENDS_FILE_NAME = 'trends.png';

/** A PNG for a message's `files` (discord.js accepts `{ attachment, name }`). */
export interface ChartFile {
  name: string;
  attachment: Buffer;
  contentType: 'image/png';
  description: string;
}

/**
 * The candidate's trend chart ({@link trendChartSvg}) rendered to `trends.png`, with a short
 * description (Discord's alt text).
 * @throws ChartFontMissingError when the chart font is not installed
 */
export async function buildTrendsChartFile(candidateName: string, series: TrendSeries, opts: RenderChartOptions = {}): Promise<ChartFile> {
  const png = await renderChartPng(trendChartSvg({ candidateName, series }), opts);
  const criteria = series.criteria.map((c) => c.name).join(', ');
  const description = `Score trends over ${series.points.length} interviews: overall${criteria ? `, ${criteria}` : ''}`;
  return { name: TRENDS_FILE_NAME, attachment: png, contentType: 'image/png', description: description.slice(0, 1024) };
}
