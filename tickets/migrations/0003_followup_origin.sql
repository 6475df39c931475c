-- Who wrote a follow-up: a technician (the default) or the agent who asked,
-- replying from the portal, the API or by mail; and the channel it came by.
ALTER TABLE followups ADD COLUMN from_requester INTEGER NOT NULL DEFAULT 0 CHECK (from_requester IN (0,1));
ALTER TABLE followups ADD COLUMN channel TEXT NOT NULL DEFAULT '';
