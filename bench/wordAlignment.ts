/**
 * Aligns hypothesis words to reference words (Levenshtein with a backtrace).
 * @returns for each reference word, the index of the identical hypothesis word it aligns with, or -1
 *   (substituted or deleted)
 */
export function wordAlignment(reference: string[], hypothesis: string[]): number[] {
  const rows = reference.length + 1;
  const cols = hypothesis.length + 1;
  const d = new Uint32Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const sub = (d[(i - 1) * cols + j - 1] as number) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      d[i * cols + j] = Math.min(sub, (d[(i - 1) * cols + j] as number) + 1, (d[i * cols + j - 1] as number) + 1);
    }
  }
  const out = new Array<number>(reference.length).fill(-1);
  let i = reference.length;
  let j = hypothesis.length;
  while (i > 0 && j > 0) {
    const here = d[i * cols + j] as number;
    const same = reference[i - 1] === hypothesis[j - 1];
    if (here === (d[(i - 1) * cols + j - 1] as number) + (same ? 0 : 1)) {
      if (same) out[i - 1] = j - 1;
      i--;
      j--;
    } else if (here === (d[(i - 1) * cols + j] as number) + 1) {
      i--;
    } else {
      j--;
    }
  }
  return out;
}
