-- The record log: every stored fix gets a sequence number (seq) in the order the store took it; consumers such as
-- supervision follow the log by it. A BRIN index finds the recent numbers (rows are appended in about that order)
-- at almost no cost per insert. Rows stored before the log existed have none: they were evaluated when they arrived.
ALTER TABLE fixes ADD COLUMN seq BIGINT;
CREATE INDEX fixes_seq ON fixes USING brin (seq) WITH (autosummarize = on);
