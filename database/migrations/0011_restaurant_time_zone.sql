-- Where a restaurant's days begin and end: an IANA name such as 'Europe/Paris', checked by the application
-- (a CHECK cannot ask the time zone database without depending on the server's copy of it).
-- Existing restaurants count their days in UTC until the owner sets their zone.
ALTER TABLE restaurants ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64);
