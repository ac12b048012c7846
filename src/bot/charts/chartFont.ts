import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The chart font's files: DejaVu Sans regular and bold (Debian `fonts-dejavu-core`). */
const FONT_FILE_NAMES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

/**
 * Where distributions put DejaVu Sans: Debian/Ubuntu (`fonts-dejavu-core`; what .ci/run,
 * scripts/setup-test-deps.sh and deploy/Dockerfile install), Fedora, Arch.
 */
export const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/TTF'] as const;

/** The font family the chart's SVG names. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** Charts cannot be drawn: the font is not installed (text would silently be missing). */
export class ChartFontMissingError extends Error {
  override name = 'ChartFontMissingError';
  constructor(searched: readonly string[]) {
    super(`The chart font (DejaVu Sans: ${FONT_FILE_NAMES.join(', ')}) is not installed; looked in ${searched.join(', ')}. Install Debian's fonts-dejavu-core (or your system's DejaVu fonts).`);
  }
}

/**
 * The chart font's files, from the first of `dirs` that holds all of them.
 * @throws ChartFontMissingError when none does
 */
export function chartFontFiles(dirs: readonly string[] = FONT_DIRS): string[] {
  for (const dir of dirs) {
    const files = FONT_FILE_NAMES.map((name) => join(dir, name));
    if (files.every((f) => existsSync(f))) return files;
  }
  throw new ChartFontMissingError(dirs);
}
