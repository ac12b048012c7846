import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/**
 * The `id` option of `show`, `delete` and `review`: autocompleted with the interviews the member may see
 * (ids are UUIDs; 64 keeps button customIds within Discord's limit).
 */
const INTERVIEW_ID_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'id',
  description: 'The interview: start typing its job title, candidate or id',
  required: true,
  max_length: 64,
  autocomplete: true,
} as const;

/** The job title scope of `/interview bank add` and `import` (none: the question fits any job). */
const BANK_JOB_TITLE_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'job_title',
  description: 'Only for interviews with this job title (any case); default: any job',
  max_length: 100,
} as const;

/**
 * `/interview …`: the one slash command, as plain data. Handlers derive their argument types
 * from it (see `SubcommandArgs`). Discord does not allow permissions per subcommand, so
 * `config` checks Manage Server at run time.
 */
export const InterviewCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'interview',
  description: 'Practise job interviews by voice',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'start',
      description: 'Start a mock interview in your voice channel',
      options: [
        { type: ApplicationCommandOptionType.Attachment, name: 'resume', description: 'Your resume (PDF or text file)', required: true },
        { type: ApplicationCommandOptionType.Attachment, name: 'jd', description: 'The job description (PDF or text file)' },
        { type: ApplicationCommandOptionType.String, name: 'jd_text', description: 'The job description as text (instead of a file)', max_length: 6000 },
        { type: ApplicationCommandOptionType.String, name: 'type', description: 'Kind of interview (default: the server default, else technical)', choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
        { type: ApplicationCommandOptionType.Integer, name: 'questions', description: 'Number of questions (1-20)', min_value: 1, max_value: 20 },
        { type: ApplicationCommandOptionType.String, name: 'job_title', description: 'The job title, e.g. Backend Engineer', max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'language', description: 'Interview language (default English)', max_length: 40 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'stop',
      description: 'Stop the interview running in this server (candidate or mentor)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'history',
      description: 'List past interviews in this server',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: "Whose interviews (mentors only; default: yours)" },
        { type: ApplicationCommandOptionType.String, name: 'type', description: 'Only this kind of interview', choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
        { type: ApplicationCommandOptionType.String, name: 'since', description: 'Only since a date (2026-11-01) or a span back from now (7d, 4w, 6m, 1y)', max_length: 20 },
        { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page number', min_value: 1, max_value: 1000 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      description: 'Show one interview: questions, answers, scores and feedback',
      options: [
        INTERVIEW_ID_OPTION,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'delete',
      description: 'Delete one interview and its answers',
      options: [
        INTERVIEW_ID_OPTION,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'config',
      description: 'Server settings: mentor role, defaults, where results go, captions (Manage Server only)',
      options: [
        { type: ApplicationCommandOptionType.Role, name: 'mentor_role', description: 'Members with this role can review everyone’s interviews' },
        { type: ApplicationCommandOptionType.Integer, name: 'default_questions', description: 'Default number of questions (1-20)', min_value: 1, max_value: 20 },
        { type: ApplicationCommandOptionType.String, name: 'default_type', description: 'Default interview type', choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
        { type: ApplicationCommandOptionType.String, name: 'default_language', description: 'Default interview language', max_length: 40 },
        { type: ApplicationCommandOptionType.Boolean, name: 'clear_mentor_role', description: 'Remove the mentor role (then only Manage Server members are mentors)' },
        { type: ApplicationCommandOptionType.String, name: 'results', description: 'Where results go: the interview’s channel, or privately to the candidate (and mentors)', choices: [{ name: 'In the channel', value: 'channel' }, { name: 'Privately (DM to the candidate, copy to the mentors’ channel)', value: 'private' }] },
        { type: ApplicationCommandOptionType.Channel, name: 'mentors_channel', description: 'Where private results are also posted, for mentors', channel_types: [ChannelType.GuildText] },
        { type: ApplicationCommandOptionType.Boolean, name: 'clear_mentors_channel', description: 'Stop posting private results to a mentors’ channel' },
        { type: ApplicationCommandOptionType.String, name: 'captions', description: 'Show the candidate’s words on the question card while they speak', choices: [{ name: 'On', value: 'on' }, { name: 'Off', value: 'off' }] },
        { type: ApplicationCommandOptionType.Integer, name: 'bank_share', description: 'Percent of questions taken from the server’s question bank (0-100)', min_value: 0, max_value: 100 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'queue-leave',
      description: 'Leave the queue of candidates waiting for an interview in this server',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'trends',
      description: 'A chart of your scores per rubric criterion over your interviews',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user', description: "Whose trends (mentors only; default: yours)" },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'review',
      description: 'Mentors: score an interview’s answers yourself, beside the AI, with a note',
      options: [
        INTERVIEW_ID_OPTION,
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'stats',
      description: 'Mentors: how mentors’ scores agree with the AI’s, and interviews per week',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'since', description: 'Only interviews since a date (2026-11-01) or a span back from now (7d, 4w, 6m, 1y)', max_length: 20 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'rubric',
      description: 'View, edit or reset the scoring rubric of an interview type (mentors only)',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'action', description: 'What to do', required: true, choices: [{ name: 'View', value: 'view' }, { name: 'Edit (opens a form)', value: 'edit' }, { name: 'Reset to the defaults', value: 'reset' }] },
        { type: ApplicationCommandOptionType.String, name: 'type', description: 'Which interview type’s rubric', required: true, choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'bank',
      description: 'The server’s question bank: questions mentors wrote, asked in interviews (mentors only)',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'add',
          description: 'Add questions by typing them in a form, one per line',
          options: [
            BANK_JOB_TITLE_OPTION,
            { type: ApplicationCommandOptionType.String, name: 'type', description: 'Only for this kind of interview; default: both', choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'import',
          description: 'Add questions from a .txt file, one per line',
          options: [
            { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'A .txt file, one question per line (at most 64 KiB)', required: true },
            BANK_JOB_TITLE_OPTION,
            { type: ApplicationCommandOptionType.String, name: 'type', description: 'Only for this kind of interview; default: both', choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'list',
          description: 'List the bank’s questions',
          options: [
            { ...BANK_JOB_TITLE_OPTION, description: 'Only questions for this job title' },
            { type: ApplicationCommandOptionType.String, name: 'type', description: 'Only questions for this kind of interview', choices: [{ name: 'Technical', value: 'technical' }, { name: 'HR / behavioural', value: 'hr' }] },
            { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page number', min_value: 1, max_value: 1000 },
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'remove',
          description: 'Remove one question from the bank',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'id', description: 'The question: start typing its text or id', required: true, max_length: 64, autocomplete: true },
          ],
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
