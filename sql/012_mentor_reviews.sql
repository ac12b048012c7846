-- Mentors' own scores of answers, beside the AI's (`/interview review`, `/interview show`,
-- `/interview stats`). One review per mentor per question: saving again replaces it. `criteria`
-- is an array of 1–5 objects { key, name, score } (score 0–10 in half points), as the server's
-- rubric was when the mentor scored. Reviews go with their interview (and question) on delete.

create table mentor_reviews (
  guild_id          text not null,
  interview_id      uuid not null,
  number            integer not null check (number >= 1),
  reviewer_user_id  text not null,
  criteria          jsonb not null
                    check (jsonb_typeof(criteria) = 'array' and jsonb_array_length(criteria) between 1 and 5),
  note              text not null default '' check (char_length(note) <= 1000),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (interview_id, number, reviewer_user_id),
  foreign key (interview_id, guild_id) references interviews (id, guild_id) on delete cascade,
  foreign key (interview_id, number) references questions (interview_id, number) on delete cascade
);

create index mentor_reviews_guild_idx on mentor_reviews (guild_id, interview_id);

select restrict_table('mentor_reviews');

-- True when every element is { key: non-empty string, name: string, score: 0–10 in half points }
-- and the keys are unique.
create function review_criteria_valid(p_criteria jsonb) returns boolean
language sql immutable set search_path from current as $$
  select case
    when jsonb_typeof(p_criteria) <> 'array' or jsonb_array_length(p_criteria) not between 1 and 5 then false
    else (select count(distinct c->>'key') = jsonb_array_length(p_criteria)
                 and bool_and(
                   jsonb_typeof(c) = 'object'
                   and coalesce(jsonb_typeof(c->'key') = 'string' and c->>'key' <> '', false)
                   and coalesce(jsonb_typeof(c->'name') = 'string', false)
                   and case when jsonb_typeof(c->'score') = 'number'
                            then (c->>'score')::numeric between 0 and 10
                                 and (c->>'score')::numeric * 2 = trunc((c->>'score')::numeric * 2)
                            else false end)
            from jsonb_array_elements(p_criteria) c)
  end;
$$;

-- Saves (or replaces) one mentor's review of one question. Null when the question does not
-- exist in that guild (nothing is stored); else { replaced, first_for_interview }.
create function save_review(
  p_guild_id text, p_interview_id uuid, p_number integer, p_reviewer_user_id text, p_criteria jsonb, p_note text
) returns jsonb
language plpgsql set search_path from current as $$
declare
  v_replaced boolean;
  v_first boolean;
begin
  if not review_criteria_valid(p_criteria) then
    raise exception 'new row for relation "mentor_reviews" violates check constraint "mentor_reviews_criteria_check"' using errcode = '23514';
  end if;
  perform 1 from questions where interview_id = p_interview_id and guild_id = p_guild_id and number = p_number;
  if not found then
    return null;
  end if;
  select exists (select 1 from mentor_reviews where interview_id = p_interview_id and number = p_number and reviewer_user_id = p_reviewer_user_id),
         not exists (select 1 from mentor_reviews where interview_id = p_interview_id and reviewer_user_id = p_reviewer_user_id)
    into v_replaced, v_first;
  insert into mentor_reviews (guild_id, interview_id, number, reviewer_user_id, criteria, note)
  values (p_guild_id, p_interview_id, p_number, p_reviewer_user_id, p_criteria, coalesce(p_note, ''))
  on conflict (interview_id, number, reviewer_user_id)
  do update set criteria = excluded.criteria, note = excluded.note, updated_at = now();
  return jsonb_build_object('replaced', v_replaced, 'first_for_interview', v_first);
end
$$;

-- By question, then oldest first.
create function list_reviews(p_guild_id text, p_interview_id uuid) returns setof mentor_reviews
language sql stable set search_path from current as $$
  select * from mentor_reviews
   where guild_id = p_guild_id and interview_id = p_interview_id
   order by number, created_at, reviewer_user_id;
$$;

-- A question's AI criterion scores as a json array: the `criteria` column when the schema has one
-- (rubric scoring), else [] (read through to_jsonb so this works before and after it exists).
create function question_ai_criteria(p_question questions) returns jsonb
language sql stable set search_path from current as $$
  select case when jsonb_typeof(to_jsonb(p_question)->'criteria') = 'array' then to_jsonb(p_question)->'criteria' else '[]'::jsonb end;
$$;

-- For `/interview stats`: every mentor review of an AI-scored answer of an interview started at
-- or after p_since, beside the AI's scores; the AI's mean per criterion over those interviews;
-- interviews started per week (Monday 00:00 UTC, 'YYYY-MM-DD') from p_weeks_from.
create function review_stats(p_guild_id text, p_since timestamptz, p_weeks_from timestamptz) returns jsonb
language sql stable set search_path from current as $$
  select jsonb_build_object(
    'pairs', coalesce((
      select jsonb_agg(jsonb_build_object(
               'interview_id', r.interview_id, 'number', r.number, 'reviewer_user_id', r.reviewer_user_id,
               'ai_score', q.score, 'ai_criteria', question_ai_criteria(q), 'mentor_criteria', r.criteria)
             order by i.started_at, r.interview_id, r.number, r.created_at, r.reviewer_user_id)
        from mentor_reviews r
        join questions q on q.interview_id = r.interview_id and q.number = r.number and q.guild_id = r.guild_id
        join interviews i on i.id = r.interview_id and i.guild_id = r.guild_id
       where r.guild_id = p_guild_id and i.started_at >= p_since
         and q.evaluation_status = 'scored' and q.score is not null), '[]'::jsonb),
    'ai_criteria', coalesce((
      select jsonb_agg(jsonb_build_object('key', a.key, 'name', a.name, 'mean', a.mean, 'count', a.n) order by a.key)
        from (select c->>'key' as key, max(c->>'name') as name, avg((c->>'score')::float8) as mean, count(*) as n
                from questions q
                join interviews i on i.id = q.interview_id and i.guild_id = q.guild_id
                cross join lateral jsonb_array_elements(question_ai_criteria(q)) c
               where q.guild_id = p_guild_id and i.started_at >= p_since and q.evaluation_status = 'scored'
                 and jsonb_typeof(c->'score') = 'number' and jsonb_typeof(c->'key') = 'string'
               group by c->>'key') a), '[]'::jsonb),
    'weeks', coalesce((
      select jsonb_agg(jsonb_build_object('week_start', to_char(w.week, 'YYYY-MM-DD'), 'interviews', w.n) order by w.week)
        from (select date_trunc('week', started_at at time zone 'UTC') as week, count(*) as n
                from interviews
               where guild_id = p_guild_id and started_at >= p_weeks_from
               group by 1) w), '[]'::jsonb)
  );
$$;

-- Only the owner and Supabase's service_role may call these.
select restrict_functions(array[
    'review_criteria_valid(jsonb)',
    'save_review(text, uuid, integer, text, jsonb, text)',
    'list_reviews(text, uuid)',
    'question_ai_criteria(questions)',
    'review_stats(text, timestamptz, timestamptz)'
]);
