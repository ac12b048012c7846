-- The background retry takes answers never tried first, then the least recently tried, so a few
-- answers that keep failing cannot starve newer ones (a failed try sets evaluated_at).
create or replace function list_unscored(p_limit integer)
returns table (guild_id text, interview_id uuid, number integer)
language sql stable set search_path from current as $$
  select q.guild_id, q.interview_id, q.number
    from questions q
    join interviews i on i.id = q.interview_id and i.guild_id = q.guild_id
   where q.evaluation_status in ('pending', 'unscored') and i.status <> 'in_progress'
   order by q.evaluated_at nulls first, q.answered_at nulls last, q.interview_id, q.number
   limit p_limit;
$$;
