import type { InteractionRecord } from './InteractionRegistry.ts';
import { interactionBase } from './interactionPayloads.ts';
import type { Json } from './payloads.ts';
import type { RestResponse } from './RestServer.ts';
import type { World } from './World.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The text inputs (type 4) of a modal, each in its own action row. */
function textInputs(data: Json): Json[] {
  const rows = Array.isArray(data.components) ? (data.components as Json[]) : [];
  return rows.flatMap((r) => (Array.isArray(r.components) ? (r.components as Json[]) : []));
}

/**
 * Discord's rules for a modal (interaction callback type 9): custom_id 1–100, title 1–45, 1–5
 * action rows, each holding exactly one text input (type 4) with a unique custom_id (1–100),
 * style 1 (short) or 2 (paragraph), label 1–45, min_length 0–4000, max_length 1–4000,
 * placeholder ≤ 100 and a prefilled value ≤ 4000 (and within max_length). Returns Discord's
 * 400 Invalid Form Body, or null when fine.
 */
export function checkModal(data: Json | null): RestResponse | null {
  const problems: Record<string, string> = {};
  const len = (path: string, value: unknown, min: number, max: number): void => {
    const n = str(value).length;
    if (n < min || n > max) problems[path] = min === 0 ? `Must be ${max} or fewer in length.` : `Must be between ${min} and ${max} in length.`;
  };
  if (!data) problems.data = 'This field is required';
  else {
    len('data.custom_id', data.custom_id, 1, 100);
    len('data.title', data.title, 1, 45);
    const rows = Array.isArray(data.components) ? (data.components as Json[]) : [];
    if (rows.length < 1 || rows.length > 5) problems['data.components'] = 'Must be between 1 and 5 in length.';
    const ids = new Set<string>();
    rows.forEach((row, r) => {
      const inner = Array.isArray(row.components) ? (row.components as Json[]) : [];
      if (row.type !== 1) problems[`data.components.${r}.type`] = 'Value must be one of {1}.';
      if (inner.length !== 1) problems[`data.components.${r}.components`] = 'Must be 1 in length.';
      inner.forEach((c, k) => {
        const at = `data.components.${r}.components.${k}`;
        if (c.type !== 4) problems[`${at}.type`] = 'Value must be one of {4}.';
        len(`${at}.custom_id`, c.custom_id, 1, 100);
        if (ids.has(str(c.custom_id))) problems[`${at}.custom_id`] = 'Component custom id cannot be duplicated';
        ids.add(str(c.custom_id));
        if (c.style !== 1 && c.style !== 2) problems[`${at}.style`] = 'Value must be one of {1, 2}.';
        len(`${at}.label`, c.label, 1, 45);
        const min = c.min_length === undefined ? 0 : Number(c.min_length);
        const max = c.max_length === undefined ? 4000 : Number(c.max_length);
        if (!(Number.isInteger(min) && min >= 0 && min <= 4000)) problems[`${at}.min_length`] = 'int value should be between 0 and 4000.';
        if (!(Number.isInteger(max) && max >= 1 && max <= 4000)) problems[`${at}.max_length`] = 'int value should be between 1 and 4000.';
        if (c.placeholder !== undefined) len(`${at}.placeholder`, c.placeholder, 0, 100);
        if (c.value !== undefined && str(c.value).length > Math.min(4000, max)) problems[`${at}.value`] = `Must be ${Math.min(4000, max)} or fewer in length.`;
      });
    });
  }
  if (Object.keys(problems).length === 0) return null;
  const errors = Object.fromEntries(Object.entries(problems).map(([path, message]) => [path, { _errors: [{ code: 'BASE_TYPE_INVALID', message }] }]));
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

/** The modal an interaction was answered with (its type 9 callback), or undefined. */
export function shownModal(record: InteractionRecord | undefined): Json | undefined {
  return record?.callbacks.find((c) => c.type === 9)?.data ?? undefined;
}

/**
 * The interaction record (not yet dispatched) of a member submitting the modal the bot showed
 * in answer to `shownBy`: INTERACTION_CREATE type 5 with `data.custom_id` and the rows of
 * `{ type: 4, custom_id, value }`. Inputs not in `values` are submitted with their prefilled
 * value (or empty).
 * @throws Error for what Discord's client would not allow: no modal shown, another member
 *   submitting, an unknown input, a required input left empty, a value outside its lengths
 */
export function modalSubmit(
  world: World,
  shownBy: InteractionRecord,
  input: { userId: string; values: Record<string, string> },
): Omit<InteractionRecord, 'dispatchedAtMs' | 'callbacks' | 'respondedAfterMs' | 'originalMessageId' | 'followupMessageIds'> {
  const modal = shownModal(shownBy);
  if (!modal) throw new Error(`local Discord: interaction ${shownBy.id} was not answered with a modal`);
  if (input.userId !== shownBy.userId) throw new Error(`local Discord: only user ${shownBy.userId} sees this modal`);
  if (!shownBy.guildId) throw new Error('local Discord: modals in DMs are not supported');
  const inputs = textInputs(modal);
  for (const id of Object.keys(input.values)) {
    if (!inputs.some((c) => c.custom_id === id)) throw new Error(`local Discord: modal ${str(modal.custom_id)} has no input ${id}`);
  }
  const rows = inputs.map((c) => {
    const value = input.values[str(c.custom_id)] ?? str(c.value);
    const min = c.min_length === undefined ? 0 : Number(c.min_length);
    const max = c.max_length === undefined ? 4000 : Number(c.max_length);
    const required = c.required !== false;
    if (required && value === '') throw new Error(`local Discord: input ${str(c.custom_id)} is required`);
    if (value !== '' && (value.length < min || value.length > max)) throw new Error(`local Discord: input ${str(c.custom_id)} takes ${min}–${max} characters, not ${value.length}`);
    return { type: 1, components: [{ type: 4, custom_id: str(c.custom_id), value }] };
  });
  const { id, token, base } = interactionBase(world, shownBy.guildId, shownBy.channelId, input.userId);
  const customId = str(modal.custom_id);
  const payload: Json = {
    ...base, type: 5, data: { custom_id: customId, components: rows },
    ...(shownBy.type === 3 && shownBy.payload.message ? { message: shownBy.payload.message } : {}),
  };
  return {
    id, token, type: 5, guildId: shownBy.guildId, channelId: shownBy.channelId, userId: input.userId, customId,
    ...(shownBy.type === 3 && shownBy.messageId ? { messageId: shownBy.messageId } : {}), payload,
  };
}
