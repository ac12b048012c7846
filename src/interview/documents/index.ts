/** Resume and job-description documents: download, type and size checks, text extraction (PDF, OCR of scans, Word, text). */
export { documentLimitsFromConfig, formatMegabytes, type DocumentLimits, type DocumentRole } from './DocumentLimits.ts';
export type { ExtractedDocument } from './ExtractedDocument.ts';
export { extractDocument, type DocumentInput, type ExtractDocumentOptions } from './extractDocument.ts';
export { documentFromText } from './documentFromText.ts';
export { downloadAttachment, type AttachmentInfo, type DownloadAttachmentOptions } from './downloadAttachment.ts';
export { detectDocumentKind, type DocumentKind } from './detectDocumentKind.ts';
export type { PdfTextExtractor } from './runDocumentWorker.ts';
export { PdfWorkerPool, type PdfWorkerPoolOptions } from './PdfWorkerPool.ts';
export { detectOcr } from './detectOcr.ts';
export { createOcrReader, type OcrReader, type OcrPdfOptions } from './ocrPdf.ts';
export { sniffDocument, type SniffedFormat } from './sniffDocument.ts';
