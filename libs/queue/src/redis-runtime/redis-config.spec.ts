import { describe, expect, it } from 'vitest';
import { renderRedisConfig } from './redis-config';

describe('renderRedisConfig', () => {
  const text = renderRedisConfig({ port: 63790, dir: '/srv/my "data"/redis', pidFile: '/srv/redis.pid', password: 'p\\w' });

  it('keeps data durable and the server private', () => {
    expect(text).toContain('appendonly "yes"');
    expect(text).toContain('bind "127.0.0.1"');
    expect(text).toContain('port "63790"');
    expect(text).toContain('maxmemory-policy "noeviction"');
    expect(text).toContain('save "3600" "1" "300" "100" "60" "10000"');
  });

  it('quotes paths and secrets so Redis reads them back unchanged', () => {
    expect(text).toContain('dir "/srv/my \\"data\\"/redis"');
    expect(text).toContain('requirepass "p\\\\w"');
  });
});
