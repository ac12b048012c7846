-- A server's own rubric per interview type (`/interview rubric`); without a row the defaults of
-- src/interview/rubric.ts apply. `criteria` is an array of 1–5 objects
-- { key, name, anchors: { low, mid, high } } (a Discord modal holds five inputs).

-- The access rules every later table and function gets, written once (sql/009 on):
-- restrict_table: row-level security on with no policies, nothing for Supabase's anon and
-- authenticated roles (only roles that bypass RLS — the owner, service_role — read or write);
-- restrict_functions: callable only by the owner and service_role.
create function restrict_table(p_table text) returns void
language plpgsql set search_path from current as $$
begin
  execute format('alter table %I enable row level security', p_table);
  if exists (select 1 from pg_roles where rolname = 'anon') then
    execute format('revoke all on table %I from anon', p_table);
  end if;
  if exists (select 1 from pg_roles where rolname = 'authenticated') then
    execute format('revoke all on table %I from authenticated', p_table);
  end if;
end
$$;

create function restrict_functions(p_functions text[]) returns void
language plpgsql set search_path from current as $$
declare
  fn text;
begin
  foreach fn in array p_functions loop
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

select restrict_functions(array['restrict_table(text)', 'restrict_functions(text[])']);

create table rubrics (
  guild_id   text not null,
  type       text not null check (type in ('technical', 'hr')),
  criteria   jsonb not null
             check (jsonb_typeof(criteria) = 'array' and jsonb_array_length(criteria) between 1 and 5),
  updated_at timestamptz not null default now(),
  primary key (guild_id, type)
);

select restrict_table('rubrics');

create function get_rubric(p_guild_id text, p_type text) returns setof rubrics
language sql stable set search_path from current as $$
  select * from rubrics where guild_id = p_guild_id and type = p_type;
$$;

create function save_rubric(p_guild_id text, p_type text, p_criteria jsonb) returns void
language plpgsql set search_path from current as $$
begin
  if (select count(distinct c->>'key') from jsonb_array_elements(p_criteria) c) <> jsonb_array_length(p_criteria) then
    raise exception 'new row for relation "rubrics" violates check constraint "rubrics_criteria_check"' using errcode = '23514';
  end if;
  insert into rubrics (guild_id, type, criteria) values (p_guild_id, p_type, p_criteria)
  on conflict (guild_id, type) do update set criteria = excluded.criteria, updated_at = now();
end
$$;

-- True when the server had a rubric of its own for the type.
create function reset_rubric(p_guild_id text, p_type text) returns boolean
language plpgsql set search_path from current as $$
begin
  delete from rubrics where guild_id = p_guild_id and type = p_type;
  return found;
end
$$;

-- Only the owner and Supabase's service_role may call these.
select restrict_functions(array[
    'get_rubric(text, text)',
    'save_rubric(text, text, jsonb)',
    'reset_rubric(text, text)'
]);
