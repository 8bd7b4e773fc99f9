// Where a signed-in user starts: field staff on their phone page, everyone else in the command center.
import type { TRole } from '@vigie/contracts/roles';

export function homePathFor(role: TRole): '/field' | '/' {
  return role === 'field' ? '/field' : '/';
}
