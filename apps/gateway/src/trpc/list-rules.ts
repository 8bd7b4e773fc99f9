/** `rules.list`: every detection rule with its kind, parameters and whether it runs (admins). */
import { ZRuleV1 } from '@vigie/contracts/rule-api';
import type { TRuleV1 } from '@vigie/contracts/rule-api';
import type { RuleDto } from '@vigie/db/rules-repository';
import { listRules } from '@vigie/db/rules-repository';
import { z } from 'zod';
import { procedureWith } from './trpc-init';

export function toRuleV1(rule: RuleDto): TRuleV1 {
  return {
    id: rule.id,
    kind: rule.kind,
    name: rule.name,
    params: rule.params,
    enabled: rule.enabled,
    updatedAt: rule.updatedAt.toISOString(),
    updatedBy: rule.updatedBy,
  };
}

export const listRulesProcedure = procedureWith('rule.manage')
  .input(z.object({}).optional())
  .output(z.array(ZRuleV1))
  .query(async ({ ctx }) => (await listRules(ctx.services.database.db)).map(toRuleV1));
