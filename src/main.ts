import { loadConfigOrExit } from './loadConfigOrExit.ts';

/** Entry point: validate the configuration first (fast, before heavy imports), then start. */
const config = loadConfigOrExit();

const { startBot } = await import('./startBot.ts');
await startBot(config);
