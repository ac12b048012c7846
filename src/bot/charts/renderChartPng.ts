import { renderAsync } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, chartFontFiles } from './chartFont.ts';

/** Options of {@link renderChartPng}. */
export interface RenderChartOptions {
  /** The font files to load (default: {@link chartFontFiles}, which throws when they are missing). */
  fontFiles?: readonly string[];
  /** Abandons the render. */
  signal?: AbortSignal;
}

/**
 * Renders a chart's SVG to PNG with resvg, off the event loop (resvg renders on libuv's thread
 * pool, so voice timing is not disturbed). Only the chart font is loaded (no system fonts: the
 * same picture on every machine, and no text silently missing).
 * @throws ChartFontMissingError when the font is not installed
 */
export async function renderChartPng(svg: string, opts: RenderChartOptions = {}): Promise<Buffer> {
  const fontFiles = [...(opts.fontFiles ?? chartFontFiles())];
  const rendered = await renderAsync(
    svg,
    {
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
      fitTo: { mode: 'original' },
      background: '#ffffff',
      logLevel: 'off',
    },
    opts.signal ?? null,
  );
  return rendered.asPng();
}
