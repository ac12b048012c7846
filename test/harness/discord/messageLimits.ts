import type { UploadedFile } from './MessageLog.ts';
import type { Json } from './payloads.ts';
import type { RestResponse } from './RestServer.ts';

/** Discord's per-file upload limit for bots in servers without boosts (10 MiB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Checks a message body against Discord's limits (content 2000; up to 10 embeds with title 256,
 * description 4096, 25 fields of name 256 / value 1024, footer 2048, author 256, 6000 in all;
 * up to 5 action rows of up to 5 buttons, custom ids of at most 100 characters, unique, labels
 * of 80; files up to 10 MiB). Returns the error Discord answers, or null when the body is fine.
 */
export function checkMessageLimits(body: Json | null, files: UploadedFile[] = []): RestResponse | null {
  const problems: Record<string, string> = {};
  const max = (path: string, value: unknown, limit: number): void => {
    if (str(value).length > limit) problems[path] = `Must be ${limit} or fewer in length.`;
  };
  if (body) {
    max('content', body.content, 2000);
    const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
    if (embeds.length > 10) problems.embeds = 'Must be 10 or fewer in length.';
    let total = 0;
    embeds.forEach((e, i) => {
      max(`embeds.${i}.title`, e.title, 256);
      max(`embeds.${i}.description`, e.description, 4096);
      const footer = (e.footer ?? {}) as Json;
      const author = (e.author ?? {}) as Json;
      max(`embeds.${i}.footer.text`, footer.text, 2048);
      max(`embeds.${i}.author.name`, author.name, 256);
      const fields = Array.isArray(e.fields) ? (e.fields as Json[]) : [];
      if (fields.length > 25) problems[`embeds.${i}.fields`] = 'Must be 25 or fewer in length.';
      fields.forEach((f, j) => {
        max(`embeds.${i}.fields.${j}.name`, f.name, 256);
        max(`embeds.${i}.fields.${j}.value`, f.value, 1024);
        if (!str(f.name) || !str(f.value)) problems[`embeds.${i}.fields.${j}`] = 'Field name and value are required.';
        total += str(f.name).length + str(f.value).length;
      });
      total += str(e.title).length + str(e.description).length + str(footer.text).length + str(author.name).length;
    });
    if (total > 6000) problems.embeds = 'Embed size exceeds maximum size of 6000';
    const isComponentsV2 = (Number(body.flags ?? 0) & 32768) !== 0;
    const rows = Array.isArray(body.components) ? (body.components as Json[]) : [];
    if (!isComponentsV2) {
      if (rows.length > 5) problems.components = 'Must be 5 or fewer in length.';
      const ids = new Set<string>();
      rows.forEach((row, i) => {
        const children = Array.isArray(row.components) ? (row.components as Json[]) : [];
        if (row.type !== 1) problems[`components.${i}.type`] = 'Top-level components must be action rows.';
        if (children.length > 5) problems[`components.${i}.components`] = 'Must be 5 or fewer in length.';
        children.forEach((c, j) => {
          max(`components.${i}.components.${j}.custom_id`, c.custom_id, 100);
          max(`components.${i}.components.${j}.label`, c.label, 80);
          const id = str(c.custom_id);
          if (id && ids.has(id)) problems[`components.${i}.components.${j}.custom_id`] = 'Component custom id cannot be duplicated';
          if (id) ids.add(id);
        });
      });
    }
  }
  const tooBig = files.find((f) => f.bytes.length > MAX_UPLOAD_BYTES);
  if (tooBig) return { status: 413, body: { message: 'Request entity too large', code: 40005 } };
  if (Object.keys(problems).length === 0) return null;
  const errors = Object.fromEntries(Object.entries(problems).map(([path, message]) => [path, { _errors: [{ code: 'BASE_TYPE_INVALID', message }] }]));
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}
