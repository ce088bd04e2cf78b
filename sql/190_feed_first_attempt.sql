-- 190_feed_first_attempt: when each feed was first tried (issue 21: a calm first start). A feed
-- never fetched whose first try is recent is "new" (feed/poll.h): the background polls record
-- its failures in feed_state without raising feed.failed, and a series it has never delivered is
-- not called stale, until PRUDENT_FEED_GRACE (default a day) has passed; a running installation
-- whose feeds stop is alerted as before. Existing rows take their earliest recorded moment.
ALTER TABLE feed_state ADD COLUMN first_attempt timestamptz;
UPDATE feed_state SET first_attempt = least(last_attempt, last_success, last_failure);
