DROP INDEX "idx_created_at";--> statement-breakpoint
DROP INDEX "idx_composite";--> statement-breakpoint
DROP INDEX "idx_project_created_at";--> statement-breakpoint
DROP INDEX "idx_archive_created_at";--> statement-breakpoint
CREATE INDEX "idx_created_at" ON "automation_events" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_composite" ON "automation_events" USING btree ("project_id","event_type","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_project_created_at" ON "automation_events" USING btree ("project_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_archive_created_at" ON "automation_events_archive" USING btree ("created_at" DESC NULLS FIRST);