-- Whether a run is a full run of its association (at create or update, StartAssociationsOnce,
-- a schedule), as opposed to a run for one node that just appeared: a newer full run times out
-- the one in flight, whichever server runs either. NULL in runs stored before it existed.
ALTER TABLE association_execution ADD COLUMN full_run INTEGER;
