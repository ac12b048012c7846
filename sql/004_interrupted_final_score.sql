-- Start-up recovery sets the final score the session would have set on a clean shutdown: the
-- mean over all questions (unanswered, skipped and never asked = 0), or null while an answered
-- one is not scored yet (the background retry sets it once it is). Before this, an interview
-- cut by a crash after all its answers were scored never got a final score.
create or replace function mark_interrupted(p_guild_ids jsonb default null) returns setof interviews
language sql set search_path from current as $$
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
     and (p_guild_ids is null or i.guild_id in (select jsonb_array_elements_text(p_guild_ids)))
  returning i.*;
$$;
