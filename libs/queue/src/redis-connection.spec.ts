import { describe, expect, it } from 'vitest';
import { redactRedisUrl, redisOptionsFromUrl } from './redis-connection';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptionsFromUrl('redis://app:s%40cret@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      db: 2,
      username: 'app',
      password: 's@cret',
    });
  });

  it('defaults the port and database, and accepts a password without a user', () => {
    expect(redisOptionsFromUrl('redis://:pw@127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, db: 0, password: 'pw' });
  });

  it('turns on TLS for rediss://', () => {
    expect(redisOptionsFromUrl('rediss://redis.example.com:6380').tls).toEqual({ servername: 'redis.example.com' });
  });

  it('lets blocking connections retry forever, as BullMQ workers need', () => {
    expect(redisOptionsFromUrl('redis://redis:6379', { blocking: true }).maxRetriesPerRequest).toBeNull();
    expect(redisOptionsFromUrl('redis://redis:6379')).not.toHaveProperty('maxRetriesPerRequest');
  });

  it('rejects other schemes and bad databases without printing the password', () => {
    expect(() => redisOptionsFromUrl('http://u:secret@redis:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => redisOptionsFromUrl('http://u:secret@redis:6379')).not.toThrow(/secret/);
    expect(() => redisOptionsFromUrl('redis://redis:6379/cache')).toThrow(/database "cache"/);
  });
});

describe('redactRedisUrl', () => {
  it('hides the password only', () => {
    expect(redactRedisUrl('redis://app:secret@host:6379/0')).toBe('redis://app:***@host:6379/0');
    expect(redactRedisUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});
