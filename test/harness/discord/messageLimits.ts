import type { UploadedFile } from './MessageLog.ts';
import type { Json } from './payloads.ts';
import type { RestResponse } from './RestServer.ts';

/** Discord's per-file upload limit for bots in servers without boosts (10 MiB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Discord's rules for a string select menu (type 3): 1–25 options, lengths, min/max values. */
function checkStringSelect(c: Json, at: string, problems: Record<string, string>, max: (path: string, value: unknown, limit: number) => void): void {
  const options = Array.isArray(c.options) ? (c.options as Json[]) : [];
  if (!str(c.custom_id)) problems[`${at}.custom_id`] = 'This field is required';
  if (options.length < 1 || options.length > 25) problems[`${at}.options`] = 'Must be between 1 and 25 in length.';
  max(`${at}.placeholder`, c.placeholder, 150);
  const minValues = c.min_values === undefined ? 1 : Number(c.min_values);
  const maxValues = c.max_values === undefined ? 1 : Number(c.max_values);
  if (!(minValues >= 0 && minValues <= 25)) problems[`${at}.min_values`] = 'int value should be between 0 and 25.';
  if (!(maxValues >= 1 && maxValues <= 25)) problems[`${at}.max_values`] = 'int value should be between 1 and 25.';
  if (maxValues > options.length || minValues > maxValues) problems[`${at}.max_values`] = 'Must be less than or equal to the number of options.';
  const values = new Set<string>();
  options.forEach((o, k) => {
    for (const key of ['label', 'value'] as const) {
      if (!str(o[key])) problems[`${at}.options.${k}.${key}`] = 'This field is required';
      max(`${at}.options.${k}.${key}`, o[key], 100);
    }
    max(`${at}.options.${k}.description`, o.description, 100);
    if (values.has(str(o.value))) problems[`${at}.options.${k}.value`] = 'Select options must have unique values';
    values.add(str(o.value));
  });
}

/**
 * The answer to an autocomplete interaction (callback type 8): at most 25 choices, each with a
 * name of 1–100 characters and a value (a string of at most 100, or a number). Returns Discord's
 * error, or null when fine.
 */
export function checkAutocompleteChoices(data: Json | null): RestResponse | null {
  const problems: Record<string, string> = {};
  const choices = data?.choices;
  if (!Array.isArray(choices)) problems['data.choices'] = 'This field is required';
  else {
    if (choices.length > 25) problems['data.choices'] = 'Must be 25 or fewer in length.';
    (choices as Json[]).forEach((c, i) => {
      const name = str(c.name);
      if (name.length < 1 || name.length > 100) problems[`data.choices.${i}.name`] = 'Must be between 1 and 100 in length.';
      if (typeof c.value === 'string' ? c.value.length > 100 : typeof c.value !== 'number') problems[`data.choices.${i}.value`] = 'Must be a string of 100 or fewer in length, or a number.';
    });
  }
  return invalidForm(problems);
}

/** Discord's 400 Invalid Form Body for these problems, or null when there are none. */
function invalidForm(problems: Record<string, string>): RestResponse | null {
  if (Object.keys(problems).length === 0) return null;
  const errors = Object.fromEntries(Object.entries(problems).map(([path, message]) => [path, { _errors: [{ code: 'BASE_TYPE_INVALID', message }] }]));
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

/**
 * Checks a message body against Discord's limits (content 2000; up to 10 embeds with title 256,
 * description 4096, 25 fields of name 256 / value 1024, footer 2048, author 256, 6000 in all;
 * up to 5 action rows of up to 5 buttons or one select menu, custom ids of at most 100
 * characters, unique, labels of 80; string selects as {@link checkStringSelect}; files up to 10 MiB). Returns the error Discord answers, or null when the body is fine.
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
        // String, user, role, mentionable and channel selects take a whole row.
        if (children.length > 1 && children.some((c) => [3, 5, 6, 7, 8].includes(Number(c.type)))) {
          problems[`components.${i}.components`] = 'An action row containing a select menu cannot contain other components.';
        }
        children.forEach((c, j) => {
          max(`components.${i}.components.${j}.custom_id`, c.custom_id, 100);
          max(`components.${i}.components.${j}.label`, c.label, 80);
          if (c.type === 3) checkStringSelect(c, `components.${i}.components.${j}`, problems, max);
          const id = str(c.custom_id);
          if (id && ids.has(id)) problems[`components.${i}.components.${j}.custom_id`] = 'Component custom id cannot be duplicated';
          if (id) ids.add(id);
        });
      });
    }
  }
  const tooBig = files.find((f) => f.bytes.length > MAX_UPLOAD_BYTES);
  if (tooBig) return { status: 413, body: { message: 'Request entity too large', code: 40005 } };
  return invalidForm(problems);
}
