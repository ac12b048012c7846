-- The Discord messages the bot posted for an interview (question cards, the recording notice,
-- the results with the transcript, other notices): `/interview delete` removes them from Discord
-- too, and start-up recovery closes the cards of an interview cut off by a crash. Only ids are
-- kept here, never message content. They go with their interview (on delete cascade).

create table interview_messages (
  guild_id     text not null,
  interview_id uuid not null,
  channel_id   text not null,
  message_id   text not null,
  kind         text not null
               check (kind in ('question_card', 'recording_notice', 'results', 'notice')),
  created_at   timestamptz not null default now(),
  primary key (interview_id, message_id),
  foreign key (interview_id, guild_id) references interviews (id, guild_id) on delete cascade
);

create index interview_messages_guild_idx on interview_messages (guild_id, interview_id, created_at);

alter table interview_messages enable row level security;

do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    execute 'revoke all on table interview_messages from anon';
  end if;
  if exists (select 1 from pg_roles where rolname = 'authenticated') then
    execute 'revoke all on table interview_messages from authenticated';
  end if;
end
$$;

-- Recording the same message twice stores it once. Returns false when the interview does not
-- exist in that guild (e.g. it was deleted meanwhile): nothing is stored.
create function record_interview_message(
  p_guild_id text, p_interview_id uuid, p_channel_id text, p_message_id text, p_kind text
) returns boolean
language plpgsql set search_path from current as $$
begin
  perform 1 from interviews where id = p_interview_id and guild_id = p_guild_id;
  if not found then
    return false;
  end if;
  insert into interview_messages (guild_id, interview_id, channel_id, message_id, kind)
  values (p_guild_id, p_interview_id, p_channel_id, p_message_id, p_kind)
  on conflict (interview_id, message_id) do nothing;
  return true;
end
$$;

-- Oldest first (the order they were posted).
create function list_interview_messages(p_guild_id text, p_interview_id uuid) returns setof interview_messages
language sql stable set search_path from current as $$
  select * from interview_messages
   where guild_id = p_guild_id and interview_id = p_interview_id
   order by created_at, message_id;
$$;

-- Only the owner and Supabase's service_role may call these.
do $$
declare
  fn text;
  fns text[] := array[
    'record_interview_message(text, uuid, text, text, text)',
    'list_interview_messages(text, uuid)'
  ];
begin
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
