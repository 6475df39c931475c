-- The recurring issues group untagged tickets by the words of their
-- titles: finding them walked every ticket of the period and looked up its
-- tags (0.23 CPU-s for a million tickets, to find none when every ticket is
-- tagged). This index holds only the untagged tickets, in time order; the
-- `tags` column is the copy of ticket_tags that every write keeps in step.
CREATE INDEX tickets_untagged ON tickets(created_at) WHERE tags = '';
