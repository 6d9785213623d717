-- What a listing shows of rights, kept in columns of their row so that listing many rights parses
-- no JSON: the title the device gave them, and the rules (instants as epoch milliseconds). The seal
-- covers these columns together with the signed body they were copied from; V5 fills them for rows
-- stored before, in one pass, and moves their seals to the new form.
ALTER TABLE rights ADD COLUMN title VARCHAR(200);
ALTER TABLE rights ADD COLUMN plays INT;
ALTER TABLE rights ADD COLUMN not_before BIGINT;
ALTER TABLE rights ADD COLUMN not_after BIGINT;

-- Newest first, as every listing reads them: a page is read from here, not after sorting them all.
CREATE INDEX rights_newest ON rights (stored_at DESC, rights_id);
