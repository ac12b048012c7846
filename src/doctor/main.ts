/**
 * `npm run doctor`: checks the configuration in .env against the real services, one line per
 * check, and exits 1 if any check failed (78 if the configuration itself is invalid).
 */
import { loadConfigOrExit } from '../loadConfigOrExit.ts';

const config = loadConfigOrExit();
const { runDoctor } = await import('./runDoctor.ts');
const results = await runDoctor(config);
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(failed === 0 ? `All ${results.length} checks passed.\n` : `${failed} of ${results.length} checks failed.\n`);
process.exitCode = failed === 0 ? 0 : 1;
