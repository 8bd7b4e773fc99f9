CREATE TABLE "incident_assignments" (
	"incident_id" text NOT NULL,
	"assignee_kind" text NOT NULL,
	"assignee_id" text NOT NULL,
	"assigned_by" text,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_assignments_pkey" PRIMARY KEY("incident_id","assignee_kind","assignee_id"),
	CONSTRAINT "incident_assignments_kind_check" CHECK ("incident_assignments"."assignee_kind" IN ('user', 'team'))
);
--> statement-breakpoint
CREATE TABLE "operator_commands" (
	"command_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"target" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "operator_commands_outcome_check" CHECK ("operator_commands"."outcome" IN ('applied', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warehouse_id" text NOT NULL,
	"item" text NOT NULL,
	"quantity_delta" integer DEFAULT 0 NOT NULL,
	"reserved_delta" integer DEFAULT 0 NOT NULL,
	"ref" text,
	"reason" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feeds" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"source" text NOT NULL,
	"interval_s" integer DEFAULT 300 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"error_count" integer DEFAULT 0 NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"items_seen" bigint DEFAULT 0 NOT NULL,
	"items_accepted" bigint DEFAULT 0 NOT NULL,
	"items_rejected" bigint DEFAULT 0 NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "feeds_kind_check" CHECK ("feeds"."kind" IN ('cap', 'usgs', 'gdacs', 'georss')),
	CONSTRAINT "feeds_interval_check" CHECK ("feeds"."interval_s" >= 10)
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"target" text NOT NULL,
	"min_severity" text DEFAULT 'severe' NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_per_window" integer DEFAULT 10 NOT NULL,
	"window_s" integer DEFAULT 300 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "notification_channels_kind_check" CHECK ("notification_channels"."kind" IN ('webhook', 'email')),
	CONSTRAINT "notification_channels_severity_check" CHECK ("notification_channels"."min_severity" IN ('unknown', 'minor', 'moderate', 'severe', 'extreme'))
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notification_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"channel_id" text NOT NULL,
	"alert_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_kind_check";--> statement-breakpoint
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_status_check";--> statement-breakpoint
ALTER TABLE "assets" DROP CONSTRAINT "assets_kind_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "asset_id" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "regions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "command_id" text;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "h3_cell" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "merged_into" text;--> statement-breakpoint
ALTER TABLE "stock" ADD COLUMN "item_name" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "h3_cell" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "attrs" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "kind" text DEFAULT 'image' NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "size_bytes" bigint;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "thumbnail_uri" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "caption" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "bearing" real;--> statement-breakpoint
ALTER TABLE "incident_assignments" ADD CONSTRAINT "incident_assignments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_assignments_assignee_idx" ON "incident_assignments" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "operator_commands_target_idx" ON "operator_commands" USING btree ("target","issued_at");--> statement-breakpoint
CREATE INDEX "operator_commands_issued_brin" ON "operator_commands" USING brin ("issued_at");--> statement-breakpoint
CREATE INDEX "stock_movements_line_at_idx" ON "stock_movements" USING btree ("warehouse_id","item","at");--> statement-breakpoint
CREATE INDEX "stock_movements_at_brin" ON "stock_movements" USING brin ("at");--> statement-breakpoint
CREATE INDEX "feeds_next_run_idx" ON "feeds" USING btree ("enabled","next_run_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_channel_at_idx" ON "notification_deliveries" USING btree ("channel_id","at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_alert_idx" ON "notification_deliveries" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "incidents_opened_brin" ON "incidents" USING brin ("opened_at");--> statement-breakpoint
CREATE INDEX "alerts_raised_brin" ON "alerts" USING brin ("raised_at");--> statement-breakpoint
CREATE INDEX "alerts_incident_idx" ON "alerts" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "media_captured_brin" ON "media" USING brin ("captured_at");--> statement-breakpoint
UPDATE "alerts" SET "kind" = CASE "kind" WHEN 'geofence' THEN 'geofence_enter' WHEN 'cluster' THEN 'report_cluster' ELSE "kind" END;--> statement-breakpoint
UPDATE "alerts" SET "status" = 'cleared' WHERE "status" = 'resolved';--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_kind_check" CHECK ("alerts"."kind" IN ('threshold', 'rate_of_change', 'anomaly', 'geofence_enter', 'geofence_exit', 'geofence_dwell', 'report_cluster', 'corroboration', 'external'));--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_status_check" CHECK ("alerts"."status" IN ('active', 'acknowledged', 'cleared', 'expired', 'cancelled'));--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_kind_check" CHECK ("media"."kind" IN ('image', 'video'));--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_kind_check" CHECK ("assets"."kind" IN ('vehicle', 'team', 'boat', 'drone', 'aircraft', 'person', 'other'));