-- Tables only the people at the table can order from. Each table of a restaurant has an unguessable token
-- (in its QR code) and a short code a diner can type from the printed card (`/t/<code>`). An order needs its
-- table's token; rotating a table's token and code makes its old card stop working at once.
--
-- Both are drawn here, from gen_random_uuid() (built in since PostgreSQL 13, from the server's strong random
-- source; no extension needed on managed databases), so the backfill, new restaurants and rotations share
-- one generator.

-- 244 random bits (two v4 UUIDs less their fixed version and variant bits), base64url without padding:
-- 43 characters.
CREATE FUNCTION table_token() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT translate(rtrim(encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '='),
                   '+/', '-_')
$$;

-- 12 characters of Crockford's base32 (no I, L, O, U: nothing to misread on a card), 60 random bits: the low
-- five bits of twelve bytes of a v4 UUID that carry no version or variant bits (256 is a multiple of 32, so
-- each character is uniform).
CREATE FUNCTION table_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', get_byte(u.b, i) % 32 + 1, 1), '' ORDER BY i)
  FROM (SELECT uuid_send(gen_random_uuid()) AS b) AS u, unnest(ARRAY[0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14]) AS i
$$;

CREATE TABLE table_tokens (
  restaurant_id  uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
  table_number   integer NOT NULL CHECK (table_number BETWEEN 1 AND 500),
  token          text NOT NULL DEFAULT table_token() CHECK (token ~ '^[A-Za-z0-9_-]{43}$'),
  code           text NOT NULL DEFAULT table_code() UNIQUE CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
  rotated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (restaurant_id, table_number)
);

-- Every table 1..table_count has a token, whoever writes the restaurant (the API, the seed, an operator's
-- UPDATE): kept by the schema, like the CHECKs above. Tokens of tables beyond a lowered count stay (their
-- cards come back if the count does) and cannot be used to order while the table does not exist.
-- A new code that collides with another table's (60 bits: about once in 10^6 restaurants of 500 tables) is
-- drawn again rather than failing the restaurant's write.
CREATE FUNCTION restaurants_ensure_table_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  attempt integer;
BEGIN
  -- Only the tables without a token (an unchanged count costs one index scan, no subtransaction).
  FOR n IN SELECT g FROM generate_series(1, NEW.table_count) AS g
           WHERE NOT EXISTS (SELECT 1 FROM table_tokens t WHERE t.restaurant_id = NEW.id AND t.table_number = g) LOOP
    attempt := 0;
    LOOP
      BEGIN
        INSERT INTO table_tokens (restaurant_id, table_number) VALUES (NEW.id, n)
          ON CONFLICT (restaurant_id, table_number) DO NOTHING;
        EXIT;
      EXCEPTION WHEN unique_violation THEN
        attempt := attempt + 1;
        IF attempt >= 5 THEN RAISE; END IF;
      END;
    END LOOP;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER restaurants_table_tokens
  AFTER INSERT OR UPDATE OF table_count ON restaurants
  FOR EACH ROW EXECUTE FUNCTION restaurants_ensure_table_tokens();

-- Existing restaurants: the same trigger, fired once for each.
UPDATE restaurants SET table_count = table_count;
