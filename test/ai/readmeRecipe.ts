import { readFileSync } from 'node:fs';

/**
 * The variables of one "Self-hosted models" recipe in README.md (the first ```env block after
 * `### <heading>`), with its `http://localhost:PORT/v1` pointed at `baseUrl`: the tests run
 * exactly what the README tells people to set.
 */
export function readmeRecipe(heading: string, baseUrl: string): Record<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`### ${heading}`);
  if (start < 0) throw new Error(`README.md has no "### ${heading}" recipe`);
  const block = /```env\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`the "${heading}" recipe has no env block`);
  const env: Record<string, string> = {};
  for (const line of block[1]!.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!.replace(/^http:\/\/localhost:\d+\/v1$/, baseUrl);
  }
  return env;
}
