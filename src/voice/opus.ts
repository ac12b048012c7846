import opus from '@discordjs/opus';

/**
 * libopus bindings. @discordjs/opus is CommonJS whose exports Node cannot detect statically,
 * so a named ESM import fails at run time (it only works under bundlers such as vitest).
 */
export const OpusEncoder = opus.OpusEncoder;
/** A libopus encoder/decoder from @discordjs/opus. */
export type OpusEncoder = InstanceType<typeof opus.OpusEncoder>;
