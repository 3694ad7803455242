-- The audit log and the stored idempotent responses keep their tenant's id without a foreign key.
-- The key made every write of a tenant take a share lock on the tenant's one row: writes of the
-- same tenant at the same time then shared it through a MultiXact each (about one per message batch
-- under load), written to disk like any row change. Row-level security still confines both tables to
-- the tenant that writes them, and a tenant's rows are not deleted by the application.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_tenant_id_fkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_tenant_id_fkey;
