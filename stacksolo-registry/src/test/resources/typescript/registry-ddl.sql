-- The registry.db layout of StackSolo's TypeScript registry (Kysely over better-sqlite3), written from
-- ../shared/docs/registry-format.md "Tables": what a file made by that tool holds. Statements are
-- separated by lines holding only ';'.
create table if not exists "projects" ("id" text primary key, "name" text not null unique, "gcp_project_id" text not null, "region" text not null, "config_path" text, "config_hash" text, "status" text default 'pending' not null, "last_deployed_at" text, "created_at" text not null, "updated_at" text not null)
;
create table if not exists "resources" ("id" text primary key, "project_id" text not null references "projects" ("id") on delete cascade, "type" text not null, "name" text not null, "network" text, "resource_type" text not null, "config" text not null, "outputs" text, "status" text default 'pending' not null, "pulumi_urn" text, "last_deployed_at" text, "created_at" text not null, "updated_at" text not null)
;
create table if not exists "deployments" ("id" text primary key, "project_id" text not null references "projects" ("id") on delete cascade, "action" text not null, "status" text not null, "config_snapshot" text not null, "log_path" text, "error" text, "started_at" text not null, "completed_at" text)
;
create table if not exists "sessions" ("id" text primary key, "started_at" text not null, "finished_at" text, "command" text not null, "args" text, "config_hash" text, "project_name" text, "gcp_project_id" text, "exit_code" integer)
;
create table if not exists "events" ("id" integer primary key autoincrement, "session_id" text not null references "sessions" ("id") on delete cascade, "timestamp" text not null, "seq" integer not null, "project" text, "category" text not null, "event_type" text not null, "resource_type" text, "resource_name" text, "terraform_address" text, "data" text not null, "parent_event_id" integer, "correlation_id" text)
;
create index if not exists "idx_resources_project" on "resources" ("project_id")
;
create index if not exists "idx_resources_lookup" on "resources" ("project_id", "network", "name")
;
create index if not exists "idx_deployments_project" on "deployments" ("project_id")
;
create index if not exists "idx_projects_gcp" on "projects" ("gcp_project_id")
;
create index if not exists "idx_events_session" on "events" ("session_id", "seq")
;
create index if not exists "idx_events_timestamp" on "events" ("timestamp")
;
create index if not exists "idx_events_resource" on "events" ("resource_name")
;
create index if not exists "idx_events_correlation" on "events" ("correlation_id")
;
create index if not exists "idx_events_type" on "events" ("category", "event_type")
;
create index if not exists "idx_events_project" on "events" ("project")
