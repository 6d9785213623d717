-- CommitWorker's tables as JournalKillTest has them: journaled, as the server's are.
CREATE TABLE kept (id UUID PRIMARY KEY, body VARCHAR(1000000));
CREATE TABLE churn (k INT PRIMARY KEY, body VARCHAR(1000000));
CREATE TRIGGER kept_journal AFTER INSERT, UPDATE, DELETE ON kept FOR EACH ROW
    CALL 'dev.licex.protocol.store.RowImageTrigger';
CREATE TRIGGER churn_journal AFTER INSERT, UPDATE, DELETE ON churn FOR EACH ROW
    CALL 'dev.licex.protocol.store.RowImageTrigger';
