import type { Logger } from '../../logger.ts';
import type { ChartFile } from '../charts/trendsChartFile.ts';

/**
 * Sends a message with the chart, and again without it if Discord refuses the first (a chart
 * must never cost the message it decorates). `send(null)` must build the message without any
 * chart; with no chart it is the only call. Errors of the chart-less send reach the caller.
 */
export async function sendWithChartFallback<M>(chart: ChartFile | null, logger: Logger, send: (chart: ChartFile | null) => Promise<M>): Promise<M> {
  if (!chart) return send(null);
  try {
    return await send(chart);
  } catch (err) {
    logger.warn({ err }, 'the message with the trend chart was refused; sending it without');
    return send(null);
  }
}
