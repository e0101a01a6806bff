-- CreateEnum
CREATE TYPE "CheckStatus" AS ENUM ('pending', 'up', 'degraded', 'down', 'paused');

-- CreateTable
CREATE TABLE "checks" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "interval_seconds" INTEGER,
    "timeout_ms" INTEGER,
    "retries" INTEGER,
    "regions" TEXT[],
    "quorum" INTEGER,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "parent_id" UUID,
    "push_token_hash" TEXT,
    "push_token_prefix" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_states" (
    "check_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "status" "CheckStatus" NOT NULL DEFAULT 'pending',
    "since" TIMESTAMP(3) NOT NULL,
    "cause" TEXT,
    "regions" TEXT[],
    "region_states" JSONB NOT NULL DEFAULT '[]',
    "trouble_since" TIMESTAMP(3),
    "last_result_at" TIMESTAMP(3),
    "push" JSONB,
    "push_deadline" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "check_states_pkey" PRIMARY KEY ("check_id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "check_id" UUID NOT NULL,
    "severity" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "cause" TEXT NOT NULL,
    "regions" TEXT[],
    "parent_incident_id" UUID,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "checks_push_token_hash_key" ON "checks"("push_token_hash");

-- CreateIndex
CREATE INDEX "checks_project_id_name_idx" ON "checks"("project_id", "name");

-- CreateIndex
CREATE INDEX "checks_parent_id_idx" ON "checks"("parent_id");

-- CreateIndex
CREATE INDEX "checks_enabled_kind_idx" ON "checks"("enabled", "kind");

-- CreateIndex
CREATE INDEX "check_states_project_id_status_idx" ON "check_states"("project_id", "status");

-- CreateIndex
CREATE INDEX "check_states_push_deadline_idx" ON "check_states"("push_deadline");

-- CreateIndex
CREATE INDEX "incidents_check_id_started_at_idx" ON "incidents"("check_id", "started_at");

-- CreateIndex
CREATE INDEX "incidents_project_id_started_at_idx" ON "incidents"("project_id", "started_at");

-- AddForeignKey
ALTER TABLE "checks" ADD CONSTRAINT "checks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checks" ADD CONSTRAINT "checks_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "checks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_states" ADD CONSTRAINT "check_states_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express a partial index): at most one open incident per check, so
-- two writers racing on one transition cannot both open one.
CREATE UNIQUE INDEX "incidents_one_open_per_check" ON "incidents"("check_id") WHERE "ended_at" IS NULL;
