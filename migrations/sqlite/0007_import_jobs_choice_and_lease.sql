-- Import jobs remember whether the MSP's own company (Autotask company 0) was asked for, and
-- which replica runs them: a running job is leased to its owner (renewed while it runs), so
-- after a crash exactly one replica takes it over once the lease has run out.
ALTER TABLE import_jobs ADD COLUMN include_own_company BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE import_jobs ADD COLUMN lease_owner TEXT;
ALTER TABLE import_jobs ADD COLUMN lease_expires_at INTEGER;
