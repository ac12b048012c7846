import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { Attachment } from 'discord.js';
import { candidateVoiceChannel, checkTextChannel } from '../../bot/checkChannels.ts';
import { buildCustomId } from '../../bot/customId.ts';
import {
  documentFromText,
  documentLimitsFromConfig,
  downloadAttachment,
  extractDocument,
  type DocumentLimits,
  type DocumentRole,
  type ExtractedDocument,
  type PdfWorkerPool,
} from '../../interview/documents/index.ts';
import type { InterviewType } from '../../interview/types.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { LANGUAGE_HINT, LANGUAGE_PATTERN } from './interviewLanguage.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `/interview start`: defers at once (Discord allows 3 s), then checks the voice channel, the
 * text channel, the queue and the daily limit (cheap checks first), reads both documents, and
 * starts the interview or queues it. Every refusal is a UserError shown privately.
 *
 * The limit reads the store's ledger of starts; nothing is recorded here. The coordinator records
 * a start once the interview has started, so a refusal (bad document, queue full, …), a failed
 * start or a candidate who leaves the queue uses none, and deleting interviews gives none back.
 */
export const handleStart: SubcommandHandler<'start'> = async (interaction, args, ctx) => {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { config, store, coordinator } = ctx;
  const guild = interaction.guild;
  const candidate = interaction.member;

  const voiceChannel = candidateVoiceChannel(candidate);
  const textChannel = interaction.channel;
  if (!textChannel) throw new UserError('text_no_access', 'I can only run interviews from a server text channel I can see.');
  checkTextChannel(textChannel, guild.members.me);

  if (coordinator.runningIn(guild.id)?.candidateUserId === candidate.id) {
    throw new UserError('already_interviewing', 'You already have an interview running. Use `/interview stop` to end it first.');
  }
  const position = coordinator.positionOf(guild.id, candidate.id);
  if (position !== null) {
    throw new UserError('already_queued', `You are already in the queue (number ${position}). I will ping you here when it is your turn.`);
  }

  if (args.jd && args.jd_text) {
    throw new UserError('jd_twice', 'Give the job description once: either as a file (`jd`) or as text (`jd_text`), not both.');
  }
  if (!args.jd && !args.jd_text?.trim()) {
    throw new UserError('jd_missing', 'Add the job description: attach it as a file (`jd`) or paste it as text (`jd_text`).');
  }

  const settings = await store.getGuildSettings(guild.id);
  const type: InterviewType = args.type ?? settings?.defaultType ?? 'technical';
  const questionCount = args.questions ?? settings?.defaultQuestions ?? config.interview.defaultQuestions;
  const language = args.language?.trim() || settings?.defaultLanguage || 'English';
  if (!LANGUAGE_PATTERN.test(language)) {
    throw new UserError('bad_language', LANGUAGE_HINT);
  }
  const jobTitle = args.job_title?.trim() ?? '';

  // A read only: the start is recorded by the coordinator once the interview runs.
  const limit = config.interview.interviewsPerUserPerDay;
  const recent = await store.countRecentStarts(guild.id, candidate.id, new Date(Date.now() - DAY_MS));
  if (recent >= limit) {
    throw new UserError('rate_limited', `You have started ${recent} interviews in this server in the last 24 hours; the limit is ${limit}. Please try again tomorrow.`);
  }

  const limits = documentLimitsFromConfig(config);
  const fetchFn = ctx.fetch ?? fetch;
  const [resume, jobDescription] = await Promise.all([
    readAttachment(args.resume, limits, 'resume', fetchFn, ctx.pdfPool),
    args.jd ? readAttachment(args.jd, limits, 'job description', fetchFn, ctx.pdfPool) : documentFromText(args.jd_text ?? '', limits, 'job description'),
  ]);

  const decision = await coordinator.request({
    guild,
    candidate,
    voiceChannel,
    textChannel,
    resumeText: resume.text,
    jobDescriptionText: jobDescription.text,
    jobTitle,
    type,
    language,
    questionCount,
  });

  const notices = [...resume.notices, ...jobDescription.notices].map((n) => `ℹ️ ${n}`);
  if (decision.kind === 'start') {
    await interaction.editReply({
      content: [`Your ${questionCount}-question ${type === 'hr' ? 'HR' : 'technical'} interview is starting in <#${voiceChannel.id}>. Questions appear in <#${textChannel.id}>; answer out loud.`, ...notices].join('\n'),
      allowedMentions: { parse: [] },
    });
    return;
  }
  await interaction.editReply({
    content: [
      `Another interview is running in this server. You are **number ${decision.position}** in the queue.`,
      `I will ping you in <#${textChannel.id}> when it is your turn; stay in a voice channel.`,
      ...notices,
    ].join('\n'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Leave queue', custom_id: buildCustomId('queue-leave', guild.id) }],
      },
    ],
    allowedMentions: { parse: [] },
  });
};

/** Downloads and extracts one attachment; DOCS' UserErrors pass through unchanged. */
async function readAttachment(attachment: Attachment, limits: DocumentLimits, role: DocumentRole, fetchFn: typeof fetch, pdfPool: PdfWorkerPool): Promise<ExtractedDocument> {
  const info = { url: attachment.url, size: attachment.size, name: attachment.name, contentType: attachment.contentType };
  const bytes = await downloadAttachment(info, limits, { role, fetch: fetchFn });
  return extractDocument({ bytes, fileName: attachment.name, contentType: attachment.contentType }, limits, role, { pdfPool });
}
