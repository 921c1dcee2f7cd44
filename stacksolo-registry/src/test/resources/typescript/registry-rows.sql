-- Rows in the format's value forms, as the TypeScript registry writes them.
insert into projects values ('5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'shared-infra', 'acme-shared', 'us-central1', '/home/dev/shared-infra/.stacksolo/stacksolo.config.json', 'b211990ce5ebec44eb6cb6d17fca9169eb7fa9baabcb42c98ecdafe1a13f32e3', 'deployed', '2026-11-20T10:15:30.123Z', '2026-11-01T08:00:00.000Z', '2026-11-20T10:15:30.123Z')
;
insert into projects values ('6a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d', 'api', 'acme-api', 'europe-west1', null, null, 'pending', null, '2026-11-02T09:30:00.000Z', '2026-11-02T09:30:00.000Z')
;
insert into resources values ('7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'database', 'users-db', 'main', 'gcp-cdktf:cloud_sql', '{"name":"users-db","databaseVersion":"POSTGRES_15","tier":"db-f1-micro"}', '{"connectionString":"postgresql://app:s3cret@10.0.0.5/users","host":"10.0.0.5","port":5432}', 'ready', null, '2026-11-20T10:15:29.001Z', '2026-11-01T08:00:01.000Z', '2026-11-20T10:15:29.001Z')
;
insert into resources values ('8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'bucket', 'assets', null, 'gcp-cdktf:storage_bucket', '{"name":"assets","location":"US"}', null, 'pending', null, null, '2026-11-01T08:00:02.000Z', '2026-11-01T08:00:02.000Z')
;
insert into deployments values ('9d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a', '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'deploy', 'succeeded', '{"project":{"name":"shared-infra"}}', '/home/dev/.stacksolo/logs/deploy.log', null, '2026-11-20T10:10:00.000Z', '2026-11-20T10:15:30.123Z')
;
insert into deployments values ('0e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b', '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'deploy', 'failed', '{"project":{"name":"shared-infra"}}', null, 'quota exceeded', '2026-11-19T10:10:00.000Z', '2026-11-19T10:11:00.000Z')
;
insert into sessions values ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-20T10:10:00.000Z', '2026-11-20T10:15:31.000Z', 'deploy', '["--yes"]', null, 'shared-infra', 'acme-shared', 0)
;
insert into events (session_id, timestamp, seq, project, category, event_type, data) values ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-20T10:10:00.001Z', 1, 'shared-infra', 'internal', 'session_start', '{}')
;
insert into events (session_id, timestamp, seq, project, category, event_type, resource_name, data) values ('1f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c', '2026-11-20T10:12:00.000Z', 2, 'shared-infra', 'terraform', 'apply_end', 'users-db', '{"durationMs":120000}')
