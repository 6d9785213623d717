-- A record, per rights row, that its signature was verified when it was stored: an HMAC under a
-- secret of this device. Listing checks the seal (microseconds) instead of the Ed25519 signature
-- (half a millisecond); a row without a valid seal is verified in full. Using rights always
-- verifies in full.
ALTER TABLE rights ADD COLUMN seal VARCHAR(64);
ALTER TABLE device ADD COLUMN seal_key VARCHAR(64);
