-- Three guarantees the application could not keep on its own:
-- 1. The daily limit counts starts in a ledger that deleting interviews does not shrink.
-- 2. At most one interview is in progress per guild, whatever the number of bot processes.
-- 3. The queue of waiting candidates survives a crash, so they can be told after a restart.

-- 1. One row per interview that actually started (documents read, voice joined). No foreign key
-- to interviews: /interview delete removes the interview, never its start. No personal content:
-- who, where, when.
create table interview_starts (
  id         bigint generated always as identity primary key,
  guild_id   text not null,
  user_id    text not null,
  started_at timestamptz not null default now()
);
create index interview_starts_guild_user_idx on interview_starts (guild_id, user_id, started_at);

-- Interviews started before this migration count too (otherwise everyone gets a fresh day).
insert into interview_starts (guild_id, user_id, started_at)
select guild_id, candidate_user_id, started_at from interviews
 where started_at > now() - interval '1 day' and status <> 'failed';

create function record_interview_start(p_guild_id text, p_user_id text, p_started_at timestamptz default null)
returns void
language sql set search_path from current as $$
  insert into interview_starts (guild_id, user_id, started_at) values (p_guild_id, p_user_id, coalesce(p_started_at, now()));
$$;

-- 2. Before the unique index can exist, a guild with several interviews in progress (possible
-- until now) keeps only its newest; the others are marked interrupted with the final score
-- start-up recovery would give them (see 004).
update interviews i
   set status = 'interrupted', completed_at = coalesce(i.completed_at, now()), updated_at = now(),
       final_score = case
         when exists (select 1 from questions q
                       where q.interview_id = i.id and q.guild_id = i.guild_id
                         and q.answer_status = 'answered' and q.evaluation_status <> 'scored') then null
         else round((coalesce((select sum(q.score) from questions q
                                where q.interview_id = i.id and q.guild_id = i.guild_id
                                  and q.answer_status = 'answered'), 0) / i.question_count)::numeric, 2)::double precision
       end
 where i.status = 'in_progress'
   and exists (select 1 from interviews n
                where n.guild_id = i.guild_id and n.status = 'in_progress'
                  and (n.started_at, n.id) > (i.started_at, i.id));

-- Replaces the plain index of 001 (recovery's lookups use this one just as well).
drop index if exists interviews_in_progress_idx;
create unique index interviews_one_running_per_guild on interviews (guild_id) where status = 'in_progress';

-- 3. Candidates waiting for their turn. Only what is needed to find and tell them after a
-- restart: never the resume or the job description (personal data, not stored). entry_id
-- changes each time a candidate is queued, so recovery removes exactly the entry it announced.
-- position orders the queue (timestamps can tie within a clock tick).
create sequence interview_queue_position_seq;
create table interview_queue (
  guild_id         text not null,
  user_id          text not null,
  text_channel_id  text not null,
  voice_channel_id text,
  entry_id         uuid not null default gen_random_uuid(),
  position         bigint not null default nextval('interview_queue_position_seq'),
  enqueued_at      timestamptz not null default now(),
  primary key (guild_id, user_id)
);
create index interview_queue_order_idx on interview_queue (guild_id, position);

create function enqueue_candidate(p_guild_id text, p_user_id text, p_text_channel_id text, p_voice_channel_id text)
returns interview_queue
language sql set search_path from current as $$
  insert into interview_queue (guild_id, user_id, text_channel_id, voice_channel_id)
  values (p_guild_id, p_user_id, p_text_channel_id, p_voice_channel_id)
  on conflict (guild_id, user_id) do update set
    text_channel_id = excluded.text_channel_id, voice_channel_id = excluded.voice_channel_id,
    entry_id = gen_random_uuid(), position = nextval('interview_queue_position_seq'), enqueued_at = now()
  returning *;
$$;

-- p_entry_id null: whatever entry the candidate has; otherwise only that entry.
create function dequeue_candidate(p_guild_id text, p_user_id text, p_entry_id uuid default null)
returns boolean
language plpgsql set search_path from current as $$
begin
  delete from interview_queue
   where guild_id = p_guild_id and user_id = p_user_id and (p_entry_id is null or entry_id = p_entry_id);
  return found;
end
$$;

-- p_guild_ids: a JSON array of guild ids (one shard's), or null for all. Oldest first per guild.
create function list_queued(p_guild_ids jsonb default null) returns setof interview_queue
language sql stable set search_path from current as $$
  select * from interview_queue
   where p_guild_ids is null or guild_id in (select jsonb_array_elements_text(p_guild_ids))
   order by guild_id, position;
$$;

alter table interview_starts enable row level security;
alter table interview_queue enable row level security;

do $$
declare
  fn text;
  fns text[] := array[
    'record_interview_start(text, text, timestamptz)',
    'enqueue_candidate(text, text, text, text)',
    'dequeue_candidate(text, text, uuid)',
    'list_queued(jsonb)'
  ];
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    execute 'revoke all on table interview_starts, interview_queue from anon';
    execute 'revoke all on sequence interview_queue_position_seq from anon';
  end if;
  if exists (select 1 from pg_roles where rolname = 'authenticated') then
    execute 'revoke all on table interview_starts, interview_queue from authenticated';
    execute 'revoke all on sequence interview_queue_position_seq from authenticated';
  end if;
  foreach fn in array fns loop
    execute format('revoke all on function %s from public', fn);
    if exists (select 1 from pg_roles where rolname = 'anon') then
      execute format('revoke all on function %s from anon', fn);
    end if;
    if exists (select 1 from pg_roles where rolname = 'authenticated') then
      execute format('revoke all on function %s from authenticated', fn);
    end if;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', fn);
    end if;
  end loop;
end
$$;
