import type { Config } from '../../config.ts';

/** Limits applied to every resume and job description, from `Config.documents`. */
export interface DocumentLimits {
  /** Largest accepted file, in bytes; checked before and while downloading. */
  maxBytes: number;
  /** Only the first `maxPdfPages` pages of a PDF are read (the user is told). */
  maxPdfPages: number;
  /** Extracted text is cut at a word boundary to at most this many characters (the user is told). */
  maxChars: number;
}

/** Which document this is; used in the messages shown to the user. */
export type DocumentRole = 'resume' | 'job description';

/** The limits configured for this deployment. */
export function documentLimitsFromConfig(config: Pick<Config, 'documents'>): DocumentLimits {
  return {
    maxBytes: config.documents.maxUploadBytes,
    maxPdfPages: config.documents.maxPdfPages,
    maxChars: config.documents.maxChars,
  };
}

/** "5 MB", "0.5 MB", "12.5 MB": a byte count in mebibytes as users read it. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const rounded = mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10;
  return `${rounded === 0 ? '< 0.1' : rounded} MB`;
}
