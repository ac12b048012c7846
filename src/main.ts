import { ConfigError, loadConfig, type Config } from './config.ts';

/** Entry point: validate the configuration first (fast, before heavy imports), then start. */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

const { startBot } = await import('./bot/startBot.ts');
await startBot(config);
