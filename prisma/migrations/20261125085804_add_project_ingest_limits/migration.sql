-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "ingest_limits" JSONB;
