-- The report's first-response and resolution times are histograms to the
-- minute of the period's tickets: over a long period SQLite sorted every
-- ticket of it by duration (0.2-0.4 CPU-s each for a million). These
-- indexes hold the durations already in order, so a long period walks
-- them and groups as it goes (0.07 s each); a short one keeps to the range
-- of tickets_report and its sort. Only tickets with the time are indexed;
-- the columns the duration is made of are in the index, so that the walk
-- never reads the table.
CREATE INDEX tickets_first_response_minutes ON tickets((first_response_at - created_at) / 60, created_at, first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX tickets_resolution_minutes ON tickets((solved_at - created_at) / 60, created_at, solved_at) WHERE solved_at IS NOT NULL;
