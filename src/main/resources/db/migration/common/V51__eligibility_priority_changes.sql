-- A re-evaluation also lists who changed priority (a person turning 66, a rule set adding or dropping a priority
-- group): the number of priority groups before and after. Rows written before this column existed kept their
-- priority, so 0 on both sides is what they recorded. Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL 15.
ALTER TABLE eligibility_change ADD COLUMN old_priority INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE eligibility_change ADD COLUMN new_priority INTEGER DEFAULT 0 NOT NULL;
