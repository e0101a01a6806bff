import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openChannel, sealChannelHeaders, sealChannelSecret } from './channel-secrets';

describe('channel secrets', () => {
  const key = randomBytes(32);
  it('seal and open a channel’s headers and secrets, the previous one with its overlap', () => {
    const until = new Date('2026-12-05T00:00:00Z');
    const sealed = {
      id: 'c1',
      headersCipher: sealChannelHeaders('c1', { Authorization: 'Bearer t' }, key),
      secretCipher: sealChannelSecret('c1', 'whsec_new', key),
      previousSecretCipher: sealChannelSecret('c1', 'whsec_old', key, 'previous-secret'),
      previousSecretValidUntil: until,
    };
    expect(openChannel(sealed, key)).toEqual({ headers: { Authorization: 'Bearer t' }, secrets: { current: 'whsec_new', previous: { secret: 'whsec_old', validUntil: until } } });
    expect(sealChannelHeaders('c1', {}, key)).toBeNull();
  });

  it('do not open on another channel’s row or with another key', () => {
    const sealed = { id: 'c1', headersCipher: null, secretCipher: sealChannelSecret('c1', 'whsec_x', key), previousSecretCipher: null, previousSecretValidUntil: null };
    expect(() => openChannel({ ...sealed, id: 'c2' }, key)).toThrow();
    expect(() => openChannel(sealed, randomBytes(32))).toThrow();
  });
});
