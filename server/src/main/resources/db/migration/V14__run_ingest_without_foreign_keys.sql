-- Ingest throughput: the two foreign keys of run cost a row-level trigger each per written run
-- (measured with auto_explain: 20-40 us of the ~190 us a run row cost the writer). Neither guards
-- anything the code does not already guarantee:
-- * project_id always comes from the authenticated API key, and no route deletes a project;
-- * external_user_id is assigned in the same transaction that upserts the user, and erasing a user
--   (users/UserErasure) deletes their runs and descendants explicitly before the user.
alter table run drop constraint run_project_id_fkey;
alter table run drop constraint run_external_user_id_fkey;
