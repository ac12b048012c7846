/**
 * `npm run bench`: runs every bench module in turn and prints ONE JSON object merging their
 * figures. Progress goes to stderr. To add a bench, add one line to BENCHES: a module whose
 * default export is `() => Promise<Record<string, unknown>>`.
 */
type BenchModule = { default: () => Promise<Record<string, unknown>> };

const BENCHES: Array<[name: string, load: () => Promise<BenchModule>]> = [
  ['voice throughput and memory', () => import('./voiceThroughput.ts')],
  ['voice STT cost', () => import('./voiceSttCost.ts')],
  ['voice WER', () => import('./voiceWer.ts')],
  ['caption lag of continuous speech', () => import('./voiceCaptionLag.ts')],
  ['turn latency through the local Discord', () => import('./turnLatency.ts')],
  ['turn taking through the local Discord', () => import('./turnTaking.ts')],
  ['PDF burst through the worker pool', () => import('./pdfBurst.ts')],
  ['PDF reads: fresh vs warm worker threads', () => import('./pdfWarm.ts')],
  ['scale: concurrent interviews in one bot process', () => import('./scale.ts')],
];

const results: Record<string, unknown> = {};
for (const [name, load] of BENCHES) {
  const started = Date.now();
  process.stderr.write(`bench: ${name}...\n`);
  Object.assign(results, await (await load()).default());
  process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
