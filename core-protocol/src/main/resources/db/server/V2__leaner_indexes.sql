-- Every commit rewrites the index pages it touches. An index that includes a column changed on
-- every leg (state, updated_at) made each leg rewrite two B-trees instead of one, a cost that grew
-- with the table. The retention purge walks finished transactions by creation time instead, an
-- index that is only ever appended to. Nothing looked rights up by account and offer.
DROP INDEX transactions_state_updated;
DROP INDEX rights_account;
CREATE INDEX transactions_created ON transactions (created_at);
