-- History filters (type, since) and the search behind the `id` autocomplete of /interview
-- show and delete. Same rules as 007: `stable`, every read filters on guild_id, optional
-- arguments have defaults and come last (Supabase sends reads as GET, which cannot send null).

-- 007's versions take fewer arguments; replaced rather than overloaded (a call with only the
-- old arguments would be ambiguous between two overloads).
drop function list_interviews(text, integer, integer, text);
drop function count_interviews(text, text);

-- One page of history, newest first. Null filters match everything: p_user_id every candidate
-- of the guild, p_type every type, p_since every start time.
create function list_interviews(
  p_guild_id text, p_limit integer, p_offset integer,
  p_user_id text default null, p_type text default null, p_since timestamptz default null
)
returns setof interviews
language sql stable set search_path from current as $$
  select * from interviews
   where guild_id = p_guild_id
     and (p_user_id is null or candidate_user_id = p_user_id)
     and (p_type is null or type = p_type)
     and (p_since is null or started_at >= p_since)
   order by created_at desc, id desc
   limit p_limit offset p_offset;
$$;

-- How many interviews list_interviews pages through with the same filters.
create function count_interviews(p_guild_id text, p_user_id text default null, p_type text default null, p_since timestamptz default null)
returns integer
language sql stable set search_path from current as $$
  select count(*)::int from interviews
   where guild_id = p_guild_id
     and (p_user_id is null or candidate_user_id = p_user_id)
     and (p_type is null or type = p_type)
     and (p_since is null or started_at >= p_since);
$$;

-- The newest interviews whose id starts with p_text or whose job title or candidate name
-- contains it (case-insensitive; p_text is matched literally, % and _ included). Null or ''
-- p_text: the newest. p_user_id null: every candidate of the guild.
create function search_interviews(p_guild_id text, p_limit integer, p_user_id text default null, p_text text default null)
returns setof interviews
language sql stable set search_path from current as $$
  with needle as (
    select replace(replace(replace(coalesce(p_text, ''), '\', '\\'), '%', '\%'), '_', '\_') as t
  )
  select i.* from interviews i, needle
   where i.guild_id = p_guild_id
     and (p_user_id is null or i.candidate_user_id = p_user_id)
     and (needle.t = ''
          or i.id::text like lower(needle.t) || '%'
          or i.job_title ilike '%' || needle.t || '%'
          or i.candidate_name ilike '%' || needle.t || '%')
   order by i.created_at desc, i.id desc
   limit p_limit;
$$;

-- Only the owner and Supabase's service_role may call these.
do $$
declare
  fn text;
  fns text[] := array[
    'list_interviews(text, integer, integer, text, text, timestamptz)',
    'count_interviews(text, text, text, timestamptz)',
    'search_interviews(text, integer, text, text)'
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
