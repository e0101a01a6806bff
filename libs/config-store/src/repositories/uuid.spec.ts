import { describe, expect, it } from 'vitest';
import { isUuid } from './uuid';

describe('isUuid', () => {
  it('accepts uuids in either case and rejects anything else', () => {
    expect(isUuid('0b6f2a5e-4c1d-4f7a-9a43-3d2e1f0c9b8a')).toBe(true);
    expect(isUuid('0B6F2A5E-4C1D-4F7A-9A43-3D2E1F0C9B8A')).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid('0b6f2a5e-4c1d-4f7a-9a43-3d2e1f0c9b8a ')).toBe(false);
  });
});
