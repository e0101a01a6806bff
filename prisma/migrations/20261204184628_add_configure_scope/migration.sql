-- AlterEnum
ALTER TYPE "ApiKeyScope" ADD VALUE 'configure';
