-- DropForeignKey
ALTER TABLE "failover_targets" DROP CONSTRAINT "failover_targets_check_id_fkey";

-- AddForeignKey
ALTER TABLE "failover_targets" ADD CONSTRAINT "failover_targets_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
