CREATE TYPE "public"."user_role" AS ENUM('admin', 'coordinator', 'analyst', 'field');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"name" text,
	"key_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_key" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"outcome" text NOT NULL,
	"ip" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "audit_log_outcome_check" CHECK ("audit_log"."outcome" IN ('ok', 'denied', 'error'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"locale" text DEFAULT 'fr' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dispatches" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"asset_id" text,
	"warehouse_id" text,
	"item" text,
	"quantity" integer,
	"status" text DEFAULT 'planned' NOT NULL,
	"assigned_by" text,
	"route" geometry(LineString,4326),
	"eta" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispatches_status_check" CHECK ("dispatches"."status" IN ('planned', 'assigned', 'en_route', 'on_scene', 'completed', 'cancelled')),
	CONSTRAINT "dispatches_quantity_check" CHECK ("dispatches"."quantity" IS NULL OR "dispatches"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"incident_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"envelope_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "incident_events_pkey" PRIMARY KEY("incident_id","seq"),
	CONSTRAINT "incident_events_envelope_id_key" UNIQUE("envelope_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"category" text,
	"status" text DEFAULT 'detected' NOT NULL,
	"severity" text DEFAULT 'unknown' NOT NULL,
	"position" geometry(Point,4326),
	"area" geometry(Geometry,4326),
	"region" text,
	"summary" text,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "incidents_status_check" CHECK ("incidents"."status" IN ('detected', 'acknowledged', 'dispatched', 'on_scene', 'resolved', 'closed')),
	CONSTRAINT "incidents_severity_check" CHECK ("incidents"."severity" IN ('unknown', 'minor', 'moderate', 'severe', 'extreme'))
);
--> statement-breakpoint
CREATE TABLE "stock" (
	"warehouse_id" text NOT NULL,
	"item" text NOT NULL,
	"unit" text,
	"quantity" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_pkey" PRIMARY KEY("warehouse_id","item"),
	CONSTRAINT "stock_quantity_check" CHECK ("stock"."quantity" >= 0),
	CONSTRAINT "stock_reserved_check" CHECK ("stock"."reserved" >= 0 AND "stock"."reserved" <= "stock"."quantity")
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"position" geometry(Point,4326) NOT NULL,
	"region" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"rule_id" text,
	"severity" text DEFAULT 'unknown' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"headline" text NOT NULL,
	"description" text,
	"lang" text,
	"geometry" geometry(Geometry,4326),
	"place" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"incident_id" text,
	"sender" text,
	"identifier" text,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector(CASE lang WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, coalesce("headline", '') || ' ' || coalesce("description", '') || ' ' || coalesce("place", ''))) STORED,
	CONSTRAINT "alerts_external_ref_key" UNIQUE("sender","identifier"),
	CONSTRAINT "alerts_kind_check" CHECK ("alerts"."kind" IN ('threshold', 'anomaly', 'geofence', 'cluster', 'corroboration', 'external')),
	CONSTRAINT "alerts_severity_check" CHECK ("alerts"."severity" IN ('unknown', 'minor', 'moderate', 'severe', 'extreme')),
	CONSTRAINT "alerts_status_check" CHECK ("alerts"."status" IN ('active', 'acknowledged', 'resolved', 'expired', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "media" (
	"id" text PRIMARY KEY NOT NULL,
	"uri" text NOT NULL,
	"mime_type" text,
	"source" text,
	"position" geometry(Point,4326),
	"footprint" geometry(Polygon,4326),
	"captured_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"incident_id" text,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"envelope_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"text" text NOT NULL,
	"lang" text,
	"category" text,
	"credibility" real,
	"position" geometry(Point,4326),
	"region" text,
	"h3_cell" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"incident_id" text,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector(CASE lang WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, coalesce("text", ''))) STORED,
	CONSTRAINT "reports_source_ref_key" UNIQUE("source","source_ref")
);
--> statement-breakpoint
CREATE TABLE "consumer_checkpoints" (
	"group_id" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"next_offset" bigint NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_checkpoints_pkey" PRIMARY KEY("group_id","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "replay_keyframes" (
	"at" timestamp with time zone NOT NULL,
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"position" geometry(Point,4326),
	"state" jsonb NOT NULL,
	CONSTRAINT "replay_keyframes_pkey" PRIMARY KEY("at","entity_kind","entity_id")
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"status" text DEFAULT 'available' NOT NULL,
	"position" geometry(Point,4326),
	"speed" real,
	"heading" real,
	"accuracy" real,
	"last_fix_at" timestamp with time zone,
	"last_envelope_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "assets_kind_check" CHECK ("assets"."kind" IN ('vehicle', 'team', 'boat', 'drone', 'aircraft', 'other'))
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"envelope_id" text PRIMARY KEY NOT NULL,
	"asset_id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"position" geometry(Point,4326) NOT NULL,
	"speed" real,
	"heading" real,
	"accuracy" real,
	"altitude" real,
	"source" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "readings" (
	"envelope_id" text PRIMARY KEY NOT NULL,
	"sensor_id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"unit" text,
	"anomaly_score" real,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sensors" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"source" text,
	"status" text DEFAULT 'ok' NOT NULL,
	"position" geometry(Point,4326),
	"last_value" double precision,
	"last_reading_at" timestamp with time zone,
	"anomaly_score" real,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"geometry" geometry(MultiPolygon,4326) NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"source" text,
	"code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "zones_kind_check" CHECK ("zones"."kind" IN ('hazard', 'geofence', 'admin_area')),
	CONSTRAINT "zones_validity_check" CHECK ("zones"."valid_to" IS NULL OR "zones"."valid_from" IS NULL OR "zones"."valid_to" > "zones"."valid_from"),
	CONSTRAINT "zones_geometry_valid_check" CHECK (ST_IsValid("zones"."geometry"))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock" ADD CONSTRAINT "stock_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_source_idx" ON "api_keys" USING btree ("source");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_brin" ON "audit_log" USING brin ("at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "dispatches_incident_idx" ON "dispatches" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "dispatches_asset_status_idx" ON "dispatches" USING btree ("asset_id","status");--> statement-breakpoint
CREATE INDEX "incident_events_incident_at_idx" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incident_events_at_brin" ON "incident_events" USING brin ("at");--> statement-breakpoint
CREATE INDEX "incidents_position_gist" ON "incidents" USING gist ("position");--> statement-breakpoint
CREATE INDEX "incidents_area_gist" ON "incidents" USING gist ("area");--> statement-breakpoint
CREATE INDEX "incidents_status_updated_idx" ON "incidents" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "warehouses_position_gist" ON "warehouses" USING gist ("position");--> statement-breakpoint
CREATE INDEX "alerts_geometry_gist" ON "alerts" USING gist ("geometry");--> statement-breakpoint
CREATE INDEX "alerts_status_raised_idx" ON "alerts" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "alerts_search_gin" ON "alerts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "media_footprint_gist" ON "media" USING gist ("footprint");--> statement-breakpoint
CREATE INDEX "media_position_gist" ON "media" USING gist ("position");--> statement-breakpoint
CREATE INDEX "reports_position_gist" ON "reports" USING gist ("position");--> statement-breakpoint
CREATE INDEX "reports_cell_time_idx" ON "reports" USING btree ("h3_cell","occurred_at");--> statement-breakpoint
CREATE INDEX "reports_occurred_brin" ON "reports" USING brin ("occurred_at");--> statement-breakpoint
CREATE INDEX "reports_search_gin" ON "reports" USING gin ("search");--> statement-breakpoint
CREATE INDEX "replay_keyframes_entity_at_idx" ON "replay_keyframes" USING btree ("entity_kind","entity_id","at");--> statement-breakpoint
CREATE INDEX "assets_position_gist" ON "assets" USING gist ("position");--> statement-breakpoint
CREATE INDEX "assets_kind_idx" ON "assets" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "positions_asset_time_idx" ON "positions" USING btree ("asset_id","time");--> statement-breakpoint
CREATE INDEX "positions_time_brin" ON "positions" USING brin ("time");--> statement-breakpoint
CREATE INDEX "readings_sensor_time_idx" ON "readings" USING btree ("sensor_id","time");--> statement-breakpoint
CREATE INDEX "readings_time_brin" ON "readings" USING brin ("time");--> statement-breakpoint
CREATE INDEX "sensors_position_gist" ON "sensors" USING gist ("position");--> statement-breakpoint
CREATE INDEX "sensors_kind_idx" ON "sensors" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "zones_geometry_gist" ON "zones" USING gist ("geometry");--> statement-breakpoint
CREATE INDEX "zones_kind_idx" ON "zones" USING btree ("kind");