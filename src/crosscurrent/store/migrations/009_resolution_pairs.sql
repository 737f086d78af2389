-- The candidate pairs of people the latest run scored, with their match weights
-- under the kept person model: an incremental run takes the weight of every pair
-- whose two records did not change from here instead of scoring it again. A BLOB
-- (`incremental.KeptPairs.blob`): a digest of what weighed them (the kept model,
-- the scoring code, library versions), the records' key hashes (the first 8 bytes
-- of BLAKE2b over "dataset<US>entity_id"), then each pair as two indices into them
-- and a weight. Only the latest run keeps its pairs; erasing a dataset clears
-- them, and the kept model.
ALTER TABLE resolution_run ADD COLUMN pairs BLOB;
