-- Per-server visibility settings (`/interview config`): where results go, the mentors' channel
-- for private results, live captions on the question card, and the share of questions taken
-- from the server's question bank. null means "the bot's default" for each.

alter table guild_settings
  add column results_visibility text check (results_visibility in ('channel', 'private')),
  add column mentors_channel_id text,
  add column live_captions boolean,
  add column bank_share double precision check (bank_share >= 0 and bank_share <= 1);

drop function save_guild_settings(text, text, integer, text, text);

create function save_guild_settings(
  p_guild_id text, p_mentor_role_id text, p_default_questions integer, p_default_type text, p_default_language text,
  p_results_visibility text, p_mentors_channel_id text, p_live_captions boolean, p_bank_share double precision
) returns guild_settings
language sql set search_path from current as $$
  insert into guild_settings (guild_id, mentor_role_id, default_questions, default_type, default_language,
                              results_visibility, mentors_channel_id, live_captions, bank_share)
  values (p_guild_id, p_mentor_role_id, p_default_questions, p_default_type, p_default_language,
          p_results_visibility, p_mentors_channel_id, p_live_captions, p_bank_share)
  on conflict (guild_id) do update set
    mentor_role_id = excluded.mentor_role_id, default_questions = excluded.default_questions,
    default_type = excluded.default_type, default_language = excluded.default_language,
    results_visibility = excluded.results_visibility, mentors_channel_id = excluded.mentors_channel_id,
    live_captions = excluded.live_captions, bank_share = excluded.bank_share, updated_at = now()
  returning *;
$$;

-- Re-created so that it is plainly the one returning the new columns.
drop function get_guild_settings(text);

create function get_guild_settings(p_guild_id text)
returns setof guild_settings
language sql stable set search_path from current as $$
  select * from guild_settings where guild_id = p_guild_id;
$$;

-- Only the owner and Supabase's service_role may call these.
select restrict_functions(array[
    'save_guild_settings(text, text, integer, text, text, text, text, boolean, double precision)',
    'get_guild_settings(text)'
]);
