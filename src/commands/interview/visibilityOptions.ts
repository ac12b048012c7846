import type { GuildSettings } from '../../interview/Store.ts';

/** The `/interview config` options about who sees what (see the command definition). */
export interface VisibilityArgs {
  results?: 'channel' | 'private' | undefined;
  /** The channel's id, already checked (the bot can post there). */
  mentorsChannelId?: string | undefined;
  clearMentorsChannel?: boolean | undefined;
  captions?: 'on' | 'off' | undefined;
  /** Integer percent, 0–100 (Discord enforces the range; checked again here). */
  bankSharePercent?: number | undefined;
}

/** Whether any visibility option was given. */
export function hasVisibilityArgs(a: VisibilityArgs): boolean {
  return a.results !== undefined || a.mentorsChannelId !== undefined || a.clearMentorsChannel === true || a.captions !== undefined || a.bankSharePercent !== undefined;
}

/**
 * The settings with the given visibility options applied (others untouched). The bank share is
 * stored as a fraction 0–1.
 * @throws RangeError for a bank share outside 0–100 (Discord refuses it before it gets here)
 */
export function applyVisibilityArgs(current: GuildSettings, a: VisibilityArgs): GuildSettings {
  if (a.bankSharePercent !== undefined && !(Number.isInteger(a.bankSharePercent) && a.bankSharePercent >= 0 && a.bankSharePercent <= 100)) {
    throw new RangeError('bank_share must be an integer percent from 0 to 100');
  }
  return {
    ...current,
    resultsVisibility: a.results ?? current.resultsVisibility,
    mentorsChannelId: a.clearMentorsChannel ? null : (a.mentorsChannelId ?? current.mentorsChannelId),
    liveCaptions: a.captions === undefined ? current.liveCaptions : a.captions === 'on',
    bankShare: a.bankSharePercent === undefined ? current.bankShare : a.bankSharePercent / 100,
  };
}

/** The reply's lines for the visibility settings, saying which values are the bot's defaults. */
export function describeVisibility(s: GuildSettings): string[] {
  const results = s.resultsVisibility === 'private'
    ? `private (sent to the candidate by DM${s.mentorsChannelId ? ` and to <#${s.mentorsChannelId}>` : ''}; the channel gets a short notice)`
    : `in the interview’s channel${s.resultsVisibility === null ? ' (bot default)' : ''}`;
  return [
    `• Results: ${results}`,
    `• Mentors’ channel: ${s.mentorsChannelId ? `<#${s.mentorsChannelId}>${s.resultsVisibility === 'private' ? '' : ' (used once results are private)'}` : 'none'}`,
    `• Live captions: ${s.liveCaptions === false ? 'off (the card shows only the status while the candidate speaks)' : `on${s.liveCaptions === null ? ' (bot default)' : ''}`}`,
    `• Question bank share: ${s.bankShare === null ? 'bot default' : `${Math.round(s.bankShare * 100)}%`}`,
  ];
}
