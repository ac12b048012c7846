import { ConfigError, loadConfig, type Config } from './config.ts';

/**
 * The configuration for an entry point (`npm start`, `npm run start:sharded`): an invalid or
 * missing setting prints the message naming it to stderr and exits with 78 (EX_CONFIG), before
 * anything heavy is imported.
 */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
