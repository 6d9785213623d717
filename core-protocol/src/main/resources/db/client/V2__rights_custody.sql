-- Rights being cancelled or returned stay in the store, unusable, until the server confirms;
-- then they are deleted. If the server refuses a cancellation because it completed the
-- transaction already, the rights become usable again instead of being lost.
ALTER TABLE rights ADD COLUMN custody VARCHAR(16) DEFAULT 'HELD' NOT NULL;
