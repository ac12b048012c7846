-- Writes as SQL functions: each runs in one transaction, so Supabase's rpc() and the
-- PGlite/PostgreSQL adapters get the same atomic behaviour from the same code.
-- `set search_path from current` pins each function to the schema it was created in.
-- Functions that address one interview return false when it does not exist in that guild.

create function create_interview(
  p_guild_id text, p_candidate_user_id text, p_candidate_name text,
  p_text_channel_id text, p_voice_channel_id text, p_job_title text,
  p_type text, p_language text, p_question_count integer, p_started_at timestamptz default null
) returns interviews
language sql set search_path from current as $$
  insert into interviews (guild_id, candidate_user_id, candidate_name, text_channel_id, voice_channel_id,
                          job_title, type, language, question_count, started_at)
  values (p_guild_id, p_candidate_user_id, p_candidate_name, p_text_channel_id, p_voice_channel_id,
          p_job_title, p_type, p_language, p_question_count, coalesce(p_started_at, now()))
  returning *;
$$;

-- Upsert by (interview_id, number). Saving the same answer again changes nothing else; a changed
-- answer (status or transcript) drops the old evaluation so it is evaluated again.
create function save_answer(
  p_guild_id text, p_interview_id uuid, p_number integer, p_question_text text, p_is_fallback boolean,
  p_answer_status text, p_answer_transcript text, p_answer_duration_ms integer, p_analytics jsonb,
  p_asked_at timestamptz, p_answered_at timestamptz
) returns boolean
language plpgsql set search_path from current as $$
declare
  v_old_status text;
  v_old_transcript text;
  v_exists boolean;
  v_eval text := case when p_answer_status = 'answered' then 'pending' else 'not_applicable' end;
begin
  perform 1 from interviews where id = p_interview_id and guild_id = p_guild_id for update;
  if not found then
    return false;
  end if;
  select answer_status, answer_transcript into v_old_status, v_old_transcript
    from questions where interview_id = p_interview_id and number = p_number for update;
  v_exists := found;
  insert into questions (interview_id, guild_id, number, question_text, is_fallback, answer_status,
                         answer_transcript, answer_duration_ms, analytics, asked_at, answered_at, evaluation_status)
  values (p_interview_id, p_guild_id, p_number, p_question_text, p_is_fallback, p_answer_status,
          p_answer_transcript, p_answer_duration_ms, p_analytics, p_asked_at, p_answered_at, v_eval)
  on conflict (interview_id, number) do update set
    question_text = excluded.question_text,
    is_fallback = excluded.is_fallback,
    answer_status = excluded.answer_status,
    answer_transcript = excluded.answer_transcript,
    answer_duration_ms = excluded.answer_duration_ms,
    analytics = excluded.analytics,
    asked_at = excluded.asked_at,
    answered_at = excluded.answered_at;
  if v_exists and (v_old_status is distinct from p_answer_status
                   or v_old_transcript is distinct from p_answer_transcript) then
    update questions
       set evaluation_status = v_eval, score = null, feedback = null, strengths = '[]', improvements = '[]',
           evidence = null, evaluation_error = null, evaluated_at = null
     where interview_id = p_interview_id and number = p_number;
  end if;
  update interviews set updated_at = now() where id = p_interview_id;
  return true;
end
$$;

-- A score always wins; a failure (p_scored = false) never overwrites a score.
create function save_evaluation(
  p_guild_id text, p_interview_id uuid, p_number integer, p_scored boolean,
  p_score double precision default null, p_feedback text default null, p_strengths jsonb default '[]',
  p_improvements jsonb default '[]', p_evidence text default null, p_error text default null
) returns boolean
language plpgsql set search_path from current as $$
begin
  if p_scored then
    update questions
       set evaluation_status = 'scored', score = p_score, feedback = p_feedback,
           strengths = coalesce(p_strengths, '[]'), improvements = coalesce(p_improvements, '[]'),
           evidence = p_evidence, evaluation_error = null, evaluated_at = now()
     where guild_id = p_guild_id and interview_id = p_interview_id and number = p_number;
  else
    update questions
       set evaluation_status = 'unscored', evaluation_error = p_error, evaluated_at = now()
     where guild_id = p_guild_id and interview_id = p_interview_id and number = p_number
       and evaluation_status <> 'scored';
  end if;
  if not found then
    return false;
  end if;
  update interviews set updated_at = now() where id = p_interview_id;
  return true;
end
$$;

create function finish_interview(
  p_guild_id text, p_interview_id uuid, p_status text, p_final_score double precision
) returns boolean
language plpgsql set search_path from current as $$
begin
  if p_status = 'in_progress' then
    raise exception 'finish_interview: status must be a final status, not in_progress' using errcode = '22023';
  end if;
  update interviews
     set status = p_status, final_score = p_final_score, completed_at = coalesce(completed_at, now()), updated_at = now()
   where id = p_interview_id and guild_id = p_guild_id;
  return found;
end
$$;

create function set_final_score(p_guild_id text, p_interview_id uuid, p_final_score double precision)
returns boolean
language plpgsql set search_path from current as $$
begin
  update interviews set final_score = p_final_score, updated_at = now()
   where id = p_interview_id and guild_id = p_guild_id;
  return found;
end
$$;

-- Questions go with it (on delete cascade), in the same statement.
create function delete_interview(p_guild_id text, p_interview_id uuid) returns boolean
language plpgsql set search_path from current as $$
begin
  delete from interviews where id = p_interview_id and guild_id = p_guild_id;
  return found;
end
$$;

-- Start-up recovery: interviews left in progress by a crash or restart. p_guild_ids is a JSON
-- array of guild ids (only those guilds, e.g. one shard's) or null for all. Questions are kept.
create function mark_interrupted(p_guild_ids jsonb default null) returns setof interviews
language sql set search_path from current as $$
  update interviews
     set status = 'interrupted', completed_at = coalesce(completed_at, now()), updated_at = now()
   where status = 'in_progress'
     and (p_guild_ids is null or guild_id in (select jsonb_array_elements_text(p_guild_ids)))
  returning *;
$$;

-- Answers that still need a score, oldest first. Interviews still in progress are left to their
-- running session, which evaluates its own answers.
create function list_unscored(p_limit integer)
returns table (guild_id text, interview_id uuid, number integer)
language sql stable set search_path from current as $$
  select q.guild_id, q.interview_id, q.number
    from questions q
    join interviews i on i.id = q.interview_id and i.guild_id = q.guild_id
   where q.evaluation_status in ('pending', 'unscored') and i.status <> 'in_progress'
   order by q.answered_at nulls last, q.interview_id, q.number
   limit p_limit;
$$;

create function save_guild_settings(
  p_guild_id text, p_mentor_role_id text, p_default_questions integer, p_default_type text, p_default_language text
) returns guild_settings
language sql set search_path from current as $$
  insert into guild_settings (guild_id, mentor_role_id, default_questions, default_type, default_language)
  values (p_guild_id, p_mentor_role_id, p_default_questions, p_default_type, p_default_language)
  on conflict (guild_id) do update set
    mentor_role_id = excluded.mentor_role_id, default_questions = excluded.default_questions,
    default_type = excluded.default_type, default_language = excluded.default_language, updated_at = now()
  returning *;
$$;

-- Only the owner and Supabase's service_role may call these.
do $$
declare
  fn text;
  fns text[] := array[
    'create_interview(text, text, text, text, text, text, text, text, integer, timestamptz)',
    'save_answer(text, uuid, integer, text, boolean, text, text, integer, jsonb, timestamptz, timestamptz)',
    'save_evaluation(text, uuid, integer, boolean, double precision, text, jsonb, jsonb, text, text)',
    'finish_interview(text, uuid, text, double precision)',
    'set_final_score(text, uuid, double precision)',
    'delete_interview(text, uuid)',
    'mark_interrupted(jsonb)',
    'list_unscored(integer)',
    'save_guild_settings(text, text, integer, text, text)'
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
