-- Rubric scoring: each answer is scored per criterion of the server's rubric (see 009), with a
-- verbatim quote as evidence; the question's score is their mean. An answer too short or empty
-- of content to judge is `not_enough` (with the reason in `feedback`): final, never a number,
-- counted 0. The final score is the mean over the questions ASKED (a row exists for each).

-- criteria: [{ key, name, score (0-10), evidence }], [] before rubric scoring or without a score.
alter table questions
  add column criteria jsonb not null default '[]' check (jsonb_typeof(criteria) = 'array');

alter table questions drop constraint questions_evaluation_status_check;
alter table questions add constraint questions_evaluation_status_check
  check (evaluation_status in ('pending', 'scored', 'unscored', 'not_applicable', 'not_enough'));
-- Not enough to score never carries a number.
alter table questions add constraint questions_not_enough_unscored_check
  check (evaluation_status <> 'not_enough' or score is null);

-- As in 002, and a changed answer also drops its criteria.
create or replace function save_answer(
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
           evidence = null, criteria = '[]', evaluation_error = null, evaluated_at = null
     where interview_id = p_interview_id and number = p_number;
  end if;
  update interviews set updated_at = now() where id = p_interview_id;
  return true;
end
$$;

-- Replaces 002's version. p_kind: 'scored' | 'unscored' | 'not_enough'.
-- A score or a not-enough verdict replaces what was there; a failure never overwrites either.
-- p_reason: the failure's error kind (unscored) or why the answer could not be scored (not_enough).
drop function save_evaluation(text, uuid, integer, boolean, double precision, text, jsonb, jsonb, text, text);
create function save_evaluation(
  p_guild_id text, p_interview_id uuid, p_number integer, p_kind text,
  p_score double precision default null, p_feedback text default null, p_strengths jsonb default '[]',
  p_improvements jsonb default '[]', p_evidence text default null, p_criteria jsonb default '[]',
  p_reason text default null
) returns boolean
language plpgsql set search_path from current as $$
begin
  if p_kind not in ('scored', 'unscored', 'not_enough') then
    raise exception 'save_evaluation: kind must be scored, unscored or not_enough' using errcode = '22023';
  end if;
  if p_kind = 'scored' and (jsonb_typeof(coalesce(p_criteria, '[]')) <> 'array' or exists (
        select 1 from jsonb_array_elements(p_criteria) c
         where jsonb_typeof(c) <> 'object' or jsonb_typeof(c->'score') <> 'number'
            or (c->>'score')::double precision not between 0 and 10)) then
    raise exception 'new row for relation "questions" violates check constraint "questions_criteria_check"' using errcode = '23514';
  end if;
  if p_kind = 'scored' then
    update questions
       set evaluation_status = 'scored', score = p_score, feedback = p_feedback,
           strengths = coalesce(p_strengths, '[]'), improvements = coalesce(p_improvements, '[]'),
           evidence = p_evidence, criteria = coalesce(p_criteria, '[]'), evaluation_error = null, evaluated_at = now()
     where guild_id = p_guild_id and interview_id = p_interview_id and number = p_number;
  elsif p_kind = 'not_enough' then
    update questions
       set evaluation_status = 'not_enough', score = null, feedback = p_reason, strengths = '[]', improvements = '[]',
           evidence = null, criteria = '[]', evaluation_error = null, evaluated_at = now()
     where guild_id = p_guild_id and interview_id = p_interview_id and number = p_number;
  else
    update questions
       set evaluation_status = 'unscored', evaluation_error = p_reason, evaluated_at = now()
     where guild_id = p_guild_id and interview_id = p_interview_id and number = p_number
       and evaluation_status not in ('scored', 'not_enough');
  end if;
  if not found then
    return false;
  end if;
  update interviews set updated_at = now() where id = p_interview_id;
  return true;
end
$$;

-- Start-up recovery's final score, as src/interview/finalScore.ts: the mean over the questions
-- asked (unanswered, skipped and not enough = 0; never-asked ones do not count), or null when
-- none was asked or while an answered one is not scored yet. 004 divided by question_count.
create or replace function mark_interrupted(p_guild_ids jsonb default null) returns setof interviews
language sql set search_path from current as $$
  update interviews i
     set status = 'interrupted', completed_at = coalesce(i.completed_at, now()), updated_at = now(),
         final_score = case
           when exists (select 1 from questions q
                         where q.interview_id = i.id and q.guild_id = i.guild_id
                           and q.answer_status = 'answered' and q.evaluation_status not in ('scored', 'not_enough')) then null
           else (select round((sum(case when q.answer_status = 'answered' and q.evaluation_status = 'scored' then q.score else 0 end)
                               / count(*))::numeric, 2)::double precision
                   from questions q where q.interview_id = i.id and q.guild_id = i.guild_id)
         end
   where i.status = 'in_progress'
     and (p_guild_ids is null or i.guild_id in (select jsonb_array_elements_text(p_guild_ids)))
  returning i.*;
$$;

-- Only the owner and Supabase's service_role may call the new save_evaluation.
select restrict_functions(array['save_evaluation(text, uuid, integer, text, double precision, text, jsonb, jsonb, text, jsonb, text)']);
