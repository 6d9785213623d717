-- Several server instances may start together on one (PostgreSQL) database. What must exist
-- exactly once (the first signing key, the demo catalog) is created while holding this row's
-- lock (SELECT ... FOR UPDATE), so the instances take turns and the second finds the first's work.
CREATE TABLE setup_lock (
    name VARCHAR(40) NOT NULL PRIMARY KEY
);

INSERT INTO setup_lock (name) VALUES ('setup');
