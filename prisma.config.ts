import { defineConfig } from 'prisma/config';

/**
 * Prisma CLI configuration. Vigil applies migrations itself (libs/config-store, through the
 * schema engine compiled to WebAssembly), so the CLI is only used for `prisma generate`;
 * a datasource URL is passed on when DATABASE_URL is set so that `prisma migrate deploy`
 * still works on machines that can download Prisma's engine.
 */
// eslint-disable-next-line no-restricted-syntax -- the Prisma CLI reads its own configuration here, outside any app.
const url = process.env['DATABASE_URL'];

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url ? { datasource: { url } } : {}),
});
