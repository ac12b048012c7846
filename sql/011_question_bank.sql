-- A server's question bank (`/interview bank`): questions mentors wrote, asked as written in
-- some interviews (GuildSettings.bankShare). A question is scoped to a job title
-- (case-insensitive), an interview type, both, or neither (= any interview). The same text
-- (ignoring case and runs of spaces) is stored once per guild and scope.

create table bank_questions (
  id         uuid primary key default gen_random_uuid(),
  -- Insertion order (rows of one insert share created_at).
  seq        bigint generated always as identity,
  guild_id   text not null,
  job_title  text check (job_title is null or char_length(job_title) between 1 and 100),
  type       text check (type is null or type in ('technical', 'hr')),
  text       text not null check (char_length(text) between 10 and 500),
  created_by text not null,
  created_at timestamptz not null default now()
);

create unique index bank_questions_unique_text on bank_questions (
  guild_id, lower(coalesce(job_title, '')), coalesce(type, ''), lower(regexp_replace(btrim(text), '\s+', ' ', 'g'))
);
create index bank_questions_guild on bank_questions (guild_id, seq);

select restrict_table('bank_questions');

-- Which questions of an interview came from the bank (results say so).
alter table questions add column from_bank boolean not null default false;

-- Adds the texts (a json array of strings) in one scope; texts already there are skipped.
-- Returns how many were inserted.
create function add_bank_questions(
  p_guild_id text, p_job_title text, p_type text, p_texts jsonb, p_created_by text
) returns integer
language plpgsql set search_path from current as $$
declare
  v_count integer;
begin
  insert into bank_questions (guild_id, job_title, type, text, created_by)
  select p_guild_id, nullif(btrim(p_job_title), ''), p_type, btrim(t.value), p_created_by
    from jsonb_array_elements_text(p_texts) with ordinality as t(value, n)
   order by t.n
  on conflict do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

-- The guild's questions in the order they were added. Null filters match everything; p_job_title matches
-- case-insensitively, p_text an id that starts with it or a text that contains it (literally).
create function list_bank_questions(
  p_guild_id text, p_limit integer, p_offset integer default 0,
  p_job_title text default null, p_type text default null, p_text text default null
) returns setof bank_questions
language sql stable set search_path from current as $$
  with needle as (
    select replace(replace(replace(coalesce(p_text, ''), '\', '\\'), '%', '\%'), '_', '\_') as t
  )
  select b.* from bank_questions b, needle
   where b.guild_id = p_guild_id
     and (p_job_title is null or lower(b.job_title) = lower(btrim(p_job_title)))
     and (p_type is null or b.type = p_type)
     and (needle.t = '' or b.id::text like lower(needle.t) || '%' or b.text ilike '%' || needle.t || '%')
   order by b.seq
   limit p_limit offset p_offset;
$$;

-- How many list_bank_questions pages through with the same filters.
create function count_bank_questions(
  p_guild_id text, p_job_title text default null, p_type text default null, p_text text default null
) returns integer
language sql stable set search_path from current as $$
  with needle as (
    select replace(replace(replace(coalesce(p_text, ''), '\', '\\'), '%', '\%'), '_', '\_') as t
  )
  select count(*)::int from bank_questions b, needle
   where b.guild_id = p_guild_id
     and (p_job_title is null or lower(b.job_title) = lower(btrim(p_job_title)))
     and (p_type is null or b.type = p_type)
     and (needle.t = '' or b.id::text like lower(needle.t) || '%' or b.text ilike '%' || needle.t || '%');
$$;

-- True when the question existed in this guild.
create function remove_bank_question(p_guild_id text, p_id uuid) returns boolean
language plpgsql set search_path from current as $$
begin
  delete from bank_questions where guild_id = p_guild_id and id = p_id;
  return found;
end
$$;

-- Candidates for one interview: questions for this job title (any type or this type) first,
-- then for this type, then unscoped ones; random order within each tier.
create function pick_bank_questions(p_guild_id text, p_job_title text, p_type text, p_limit integer)
returns setof bank_questions
language sql volatile set search_path from current as $$
  select b.* from bank_questions b
   where b.guild_id = p_guild_id
     and (b.job_title is null or lower(b.job_title) = lower(btrim(p_job_title)))
     and (b.type is null or b.type = p_type)
   order by case when b.job_title is not null then 0 when b.type is not null then 1 else 2 end, random()
   limit p_limit;
$$;

-- Marks an answered question as asked from the bank (after save_answer stored it).
create function mark_bank_question(p_guild_id text, p_interview_id uuid, p_number integer) returns boolean
language plpgsql set search_path from current as $$
begin
  update questions set from_bank = true
   where guild_id = p_guild_id and interview_id = p_interview_id and number = p_number;
  return found;
end
$$;

-- Only the owner and Supabase's service_role may call these.
select restrict_functions(array[
    'add_bank_questions(text, text, text, jsonb, text)',
    'list_bank_questions(text, integer, integer, text, text, text)',
    'count_bank_questions(text, text, text, text)',
    'remove_bank_question(text, uuid)',
    'pick_bank_questions(text, text, text, integer)',
    'mark_bank_question(text, uuid, integer)'
]);
