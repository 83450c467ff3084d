-- Placeholder for version 2, which a parallel change (warning reports) takes: migrations are numbered without gaps,
-- so the trading schema (version 3) needs a version 2 to follow. Whoever merges the real 0002 deletes this file.
SELECT 1;
