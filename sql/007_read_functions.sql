-- Reads as SQL functions too, so that both adapters go through one door (rpc() on Supabase,
-- `select ... from fn(...)` on PGlite/PostgreSQL) and every read filters on guild_id in one
-- place. They are `stable`, so Supabase may call them with GET (idempotent, retried by
-- supabase-js); a GET cannot send null, so optional arguments have defaults and come last.
-- Single-row reads return a set (empty when not found) rather than a composite, which would
-- come back as a row of nulls through `select *`.

-- One page of history, newest first; p_user_id null means every candidate of the guild.
create function list_interviews(p_guild_id text, p_limit integer, p_offset integer, p_user_id text default null)
returns setof interviews
language sql stable set search_path from current as $$
  select * from interviews
   where guild_id = p_guild_id and (p_user_id is null or candidate_user_id = p_user_id)
   order by created_at desc, id desc
   limit p_limit offset p_offset;
$$;

-- How many interviews list_interviews pages through.
create function count_interviews(p_guild_id text, p_user_id text default null)
returns integer
language sql stable set search_path from current as $$
  select count(*)::int from interviews
   where guild_id = p_guild_id and (p_user_id is null or candidate_user_id = p_user_id);
$$;

create function get_interview(p_guild_id text, p_interview_id uuid)
returns setof interviews
language sql stable set search_path from current as $$
  select * from interviews where guild_id = p_guild_id and id = p_interview_id;
$$;

-- The interview's questions in order.
create function list_questions(p_guild_id text, p_interview_id uuid)
returns setof questions
language sql stable set search_path from current as $$
  select * from questions where guild_id = p_guild_id and interview_id = p_interview_id order by number;
$$;

-- Starts of one member in one guild since p_since (the daily limit's ledger, see 006).
create function count_recent_starts(p_guild_id text, p_user_id text, p_since timestamptz)
returns integer
language sql stable set search_path from current as $$
  select count(*)::int from interview_starts
   where guild_id = p_guild_id and user_id = p_user_id and started_at >= p_since;
$$;

create function get_guild_settings(p_guild_id text)
returns setof guild_settings
language sql stable set search_path from current as $$
  select * from guild_settings where guild_id = p_guild_id;
$$;

-- Only the owner and Supabase's service_role may call these.
do $$
declare
  fn text;
  fns text[] := array[
    'list_interviews(text, integer, integer, text)',
    'count_interviews(text, text)',
    'get_interview(text, uuid)',
    'list_questions(text, uuid)',
    'count_recent_starts(text, text, timestamptz)',
    'get_guild_settings(text)'
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
