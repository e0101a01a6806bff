-- CreateTable
CREATE TABLE "failover_groups" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "fall" INTEGER NOT NULL,
    "rise" INTEGER NOT NULL,
    "quorum" INTEGER NOT NULL,
    "channel_ids" UUID[],
    "pinned_target_id" UUID,
    "active_target_id" UUID,
    "active_reason" TEXT,
    "active_since" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "failover_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "failover_targets" (
    "id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "check_id" UUID NOT NULL,

    CONSTRAINT "failover_targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "failover_events" (
    "id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "from_target_id" UUID,
    "to_target_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "failover_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "failover_groups_project_id_name_idx" ON "failover_groups"("project_id", "name");

-- CreateIndex
CREATE INDEX "failover_targets_check_id_idx" ON "failover_targets"("check_id");

-- CreateIndex
CREATE UNIQUE INDEX "failover_targets_group_id_position_key" ON "failover_targets"("group_id", "position");

-- CreateIndex
CREATE INDEX "failover_events_group_id_at_idx" ON "failover_events"("group_id", "at");

-- AddForeignKey
ALTER TABLE "failover_groups" ADD CONSTRAINT "failover_groups_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failover_targets" ADD CONSTRAINT "failover_targets_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "failover_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failover_targets" ADD CONSTRAINT "failover_targets_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failover_events" ADD CONSTRAINT "failover_events_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "failover_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
