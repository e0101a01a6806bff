-- AlterTable
ALTER TABLE "alert_rules" ADD COLUMN     "slo_id" UUID;

-- CreateTable
CREATE TABLE "slos" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "service" TEXT NOT NULL DEFAULT '',
    "sli" JSONB NOT NULL,
    "objective" DOUBLE PRECISION NOT NULL,
    "time_window" JSONB NOT NULL,
    "alerting" JSONB NOT NULL,
    "sli_revision" INTEGER NOT NULL DEFAULT 1,
    "recorded_until" TIMESTAMP(3),
    "history_cursor" TIMESTAMP(3),
    "history_limit" TIMESTAMP(3),
    "history_reached_back" TIMESTAMP(3),
    "recording_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "slos_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "slos_project_id_name_key" ON "slos"("project_id", "name");

-- CreateIndex
CREATE INDEX "alert_rules_slo_id_idx" ON "alert_rules"("slo_id");

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_slo_id_fkey" FOREIGN KEY ("slo_id") REFERENCES "slos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slos" ADD CONSTRAINT "slos_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
