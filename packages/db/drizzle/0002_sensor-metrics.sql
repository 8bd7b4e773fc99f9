ALTER TABLE "readings" ADD COLUMN "metric" text;--> statement-breakpoint
ALTER TABLE "sensors" ADD COLUMN "last_readings" jsonb DEFAULT '{}'::jsonb NOT NULL;