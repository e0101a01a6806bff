import type { Principal } from '@vigil/auth';

/** Who made a change, as people read it: a person's e-mail, or `API key "<name>"`. */
export function principalName(principal: Principal): string {
  return principal.kind === 'user' ? principal.email : `API key "${principal.keyName}"`;
}
