-- bench/pg-load.sql -- EVENTS synthetic events into a saydo PostgreSQL store, the
-- same distribution as bench/store's SQLite bulk load (200 actors, 16 CAMEO
-- codes, ten years, skewed dyads), then the summary tables as the writer
-- keeps them.  psql -v n=EVENTS -f bench/pg-load.sql URL (bench/store-pg).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
BEGIN;
DROP INDEX events_match; DROP INDEX events_day; DROP INDEX events_target;
CREATE TEMP TABLE actor(i int PRIMARY KEY, code text);
INSERT INTO actor SELECT row_number() OVER () - 1, c || r FROM
  unnest(ARRAY['RUS','UKR','USA','CHN','IND','FRA','DEU','GBR','TUR','IRN','ISR','EGY','SAU','PAK','AFG','IRQ','SYR','LBN','JOR','QAT','ARE','YEM','SDN','ETH','KEN','NGA','ZAF','BRA','ARG','MEX','COL','VEN','CUB','CAN','JPN','KOR','PRK','TWN','VNM','PHL','IDN','MYS','THA','MMR','BGD','LKA','NPL','KAZ','UZB','AZE']) WITH ORDINALITY AS c(c, o),
  unnest(ARRAY['','GOV','MIL','REB']) WITH ORDINALITY AS r(r, ro) ORDER BY o, ro;
CREATE TEMP TABLE code(i int PRIMARY KEY, cameo text, quad int, g float8, plover text);
INSERT INTO code VALUES (0,'010',1,0.0,'CONSULT'),(1,'036',1,4.0,'AGREE'),(2,'042',1,1.9,'CONSULT'),(3,'057',1,8.0,'AGREE'),(4,'061',2,6.4,'COOPERATE'),(5,'073',2,7.4,'AID'),(6,'0874',2,9.0,'RETREAT'),(7,'112',3,-2.0,'ACCUSE'),(8,'1312',3,-5.8,'THREATEN'),(9,'138',3,-7.0,'THREATEN'),(10,'145',3,-7.0,'PROTEST'),(11,'163',4,-8.0,'SANCTION'),(12,'173',4,-5.0,'SEIZE'),(13,'190',4,-10.0,'FIGHT'),(14,'193',4,-10.0,'FIGHT'),(15,'195',4,-10.0,'FIGHT');
INSERT INTO events(day, date, source, target, cameo, root, quad, goldstein, plover, mood, location, country, first_mention, num_mentions, num_sources, num_articles)
SELECT 16071 + d, to_char(date '1970-01-01' + (16071 + d)::int, 'YYYY-MM-DD'), s.code, t.code, co.cameo, substr(co.cameo,1,2), co.quad, co.g, co.plover, c % 3, NULL, '', 1, 1 + c % 4, 1 + c % 3, 1 + c % 4
FROM (SELECT i, (i * 48271) % 2147483647 AS c, ((i * 1103515245 + 12345) % 2147483647) % 3650 AS d,
             CASE WHEN ((i * 2654435761) % 4294967291) % 4 = 0 THEN (((i * 2654435761) % 4294967291) / 4) % 8 ELSE (((i * 2654435761) % 4294967291) / 4) % 200 END AS si,
             CASE WHEN ((i * 2654435761) % 4294967291) % 4 = 0 THEN (((i * 2654435761) % 4294967291) / 32) % 8 ELSE (((i * 2654435761) % 4294967291) / 800) % 200 END AS ti
      FROM generate_series(1::bigint, :n::bigint) AS g(i)) x
JOIN actor s ON s.i = x.si JOIN actor t ON t.i = x.ti JOIN code co ON co.i = ((x.c / 3) % 16)
WHERE s.i <> t.i;
CREATE INDEX events_match ON events(source, target, root, mood, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_target ON events(target, day);
DELETE FROM dyad_totals; DELETE FROM actor_totals; DELETE FROM month_totals;
DELETE FROM dyad_counts; DELETE FROM dyad_months;
INSERT INTO dyad_totals SELECT source, target, count(*), sum(goldstein) FROM events GROUP BY 1, 2;
INSERT INTO actor_totals SELECT actor, sum(n), sum(g) FROM (SELECT source AS actor, n, goldstein AS g FROM dyad_totals WHERE source <> '' UNION ALL SELECT target, n, goldstein FROM dyad_totals WHERE target <> '') u GROUP BY 1;
INSERT INTO month_totals SELECT substr(date, 1, 7), quad, mood, count(*), sum(goldstein) FROM events WHERE date <> '' GROUP BY 1, 2, 3;
INSERT INTO dyad_counts SELECT source, target, root, quad, mood, count(*), sum(goldstein) FROM events GROUP BY 1, 2, 3, 4, 5;
INSERT INTO dyad_months SELECT source, target, substr(date, 1, 7), quad, mood, count(*), sum(goldstein) FROM events WHERE date <> '' GROUP BY 1, 2, 3, 4, 5;
COMMIT;
ANALYZE;
SELECT count(*) FROM events;
