import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string;
  createdAt: Date;
}

const userFields = { id: true, email: true, name: true, passwordHash: true, createdAt: true } as const;

/** E-mail addresses are stored and looked up in lower case, so sign-in ignores case. */
export class UserRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { email: string; name?: string | null; passwordHash: string }): Promise<UserRecord> {
    return this.db.user.create({ data: { email: input.email.toLowerCase(), name: input.name ?? null, passwordHash: input.passwordHash }, select: userFields });
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    return this.db.user.findUnique({ where: { email: email.toLowerCase() }, select: userFields });
  }

  async findById(id: string): Promise<UserRecord | null> {
    if (!isUuid(id)) return null;
    return this.db.user.findUnique({ where: { id }, select: userFields });
  }

  async rename(id: string, name: string | null): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.user.updateMany({ where: { id }, data: { name } });
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.user.update({ where: { id }, data: { passwordHash } });
  }

  async count(): Promise<number> {
    return this.db.user.count();
  }
}
