CREATE TABLE "replay_asset_keyframes" (
	"at" timestamp with time zone PRIMARY KEY NOT NULL,
	"ids" text[] NOT NULL,
	"lon" double precision[] NOT NULL,
	"lat" double precision[] NOT NULL,
	"fix_ms" double precision[] NOT NULL,
	"speed" real[] NOT NULL,
	"heading" real[] NOT NULL,
	"accuracy" real[] NOT NULL,
	"altitude" real[] NOT NULL
);--> statement-breakpoint
-- Asset keyframes written one row per asset are packed into one row per instant, then removed.
INSERT INTO "replay_asset_keyframes" ("at", "ids", "lon", "lat", "fix_ms", "speed", "heading", "accuracy", "altitude")
SELECT "at",
       array_agg("entity_id" ORDER BY "entity_id" COLLATE "C"),
       array_agg(ST_X("position")::float8 ORDER BY "entity_id" COLLATE "C"),
       array_agg(ST_Y("position")::float8 ORDER BY "entity_id" COLLATE "C"),
       array_agg((extract(epoch FROM ("state"->>'time')::timestamptz) * 1000)::float8 ORDER BY "entity_id" COLLATE "C"),
       array_agg(("state"->>'speed')::real ORDER BY "entity_id" COLLATE "C"),
       array_agg(("state"->>'heading')::real ORDER BY "entity_id" COLLATE "C"),
       array_agg(("state"->>'accuracy')::real ORDER BY "entity_id" COLLATE "C"),
       array_agg(("state"->>'altitude')::real ORDER BY "entity_id" COLLATE "C")
FROM "replay_keyframes"
WHERE "entity_kind" = 'asset' AND "position" IS NOT NULL
GROUP BY "at";--> statement-breakpoint
DELETE FROM "replay_keyframes" WHERE "entity_kind" = 'asset';
