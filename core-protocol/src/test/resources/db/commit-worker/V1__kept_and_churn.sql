-- The tables of CommitWorker, the child process of EmbeddedStoreKillTest.
CREATE TABLE kept (id UUID PRIMARY KEY, body VARCHAR(1000000));
-- rewritten again and again, so whole chunks die and the store reuses their space
CREATE TABLE churn (k INT PRIMARY KEY, body VARCHAR(1000000));
