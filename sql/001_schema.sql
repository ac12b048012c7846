-- Hotseat schema: interviews, their questions, per-server settings.
-- The one source of the schema for PGlite, PostgreSQL and Supabase (see src/db/migrate.ts).
-- Every row carries its guild_id; every query filters on it.

create table interviews (
  id                uuid primary key default gen_random_uuid(),
  guild_id          text not null,
  candidate_user_id text not null,
  candidate_name    text not null,
  text_channel_id   text,
  voice_channel_id  text,
  job_title         text not null,
  type              text not null check (type in ('technical', 'hr')),
  language          text not null,
  status            text not null default 'in_progress'
                    check (status in ('in_progress', 'completed', 'abandoned', 'interrupted', 'failed')),
  question_count    integer not null check (question_count between 1 and 100),
  final_score       double precision check (final_score between 0 and 10),
  started_at        timestamptz not null default now(),
  completed_at      timestamptz,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  -- Lets questions reference (id, guild_id), so a question can never cross guilds.
  unique (id, guild_id)
);

-- History: newest first, per guild (mentors) and per guild + candidate.
create index interviews_guild_created_idx on interviews (guild_id, created_at desc, id desc);
create index interviews_guild_user_created_idx on interviews (guild_id, candidate_user_id, created_at desc, id desc);
-- Start-up recovery looks for interviews still marked in progress.
create index interviews_in_progress_idx on interviews (guild_id) where status = 'in_progress';

create table questions (
  id                 uuid primary key default gen_random_uuid(),
  interview_id       uuid not null,
  guild_id           text not null,
  number             integer not null check (number >= 1),
  question_text      text not null,
  is_fallback        boolean not null default false,
  answer_status      text not null check (answer_status in ('answered', 'unanswered', 'skipped')),
  answer_transcript  text,
  evaluation_status  text not null default 'pending'
                     check (evaluation_status in ('pending', 'scored', 'unscored', 'not_applicable')),
  score              double precision check (score between 0 and 10),
  feedback           text,
  strengths          jsonb not null default '[]' check (jsonb_typeof(strengths) = 'array'),
  improvements       jsonb not null default '[]' check (jsonb_typeof(improvements) = 'array'),
  evidence           text,
  -- Why the last evaluation attempt failed (an error kind, never answer text).
  evaluation_error   text,
  answer_duration_ms integer check (answer_duration_ms >= 0),
  analytics          jsonb check (analytics is null or jsonb_typeof(analytics) = 'object'),
  asked_at           timestamptz not null,
  answered_at        timestamptz,
  evaluated_at       timestamptz,
  unique (interview_id, number),
  foreign key (interview_id, guild_id) references interviews (id, guild_id) on delete cascade,
  check (evaluation_status <> 'scored' or score is not null)
);

create index questions_guild_idx on questions (guild_id, interview_id);
-- The background evaluation retry scans only what still needs a score.
create index questions_needs_score_idx on questions (answered_at)
  where evaluation_status in ('pending', 'unscored');

create table guild_settings (
  guild_id          text primary key,
  mentor_role_id    text,
  default_questions integer check (default_questions between 1 and 100),
  default_type      text check (default_type in ('technical', 'hr')),
  default_language  text,
  updated_at        timestamptz not null default now()
);

-- Row-level security on every table with no policies: only roles that bypass RLS (the owner,
-- superusers, Supabase's service_role) can read or write. Supabase's anon and authenticated
-- roles see nothing, and their default table privileges are revoked below as well.
alter table interviews enable row level security;
alter table questions enable row level security;
alter table guild_settings enable row level security;

do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    execute 'revoke all on table interviews, questions, guild_settings from anon';
  end if;
  if exists (select 1 from pg_roles where rolname = 'authenticated') then
    execute 'revoke all on table interviews, questions, guild_settings from authenticated';
  end if;
end
$$;
