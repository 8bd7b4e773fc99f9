/**
 * `rules.update`: rename a rule, replace its parameters or turn it on or off (admins). Parameters are
 * checked against the rule's kind; a bad one is refused naming the field (`params.above: …`). The
 * processor picks the change up at its next reload.
 */
import { AppError } from '@vigie/contracts/errors';
import { formatPath } from '@vigie/contracts/issues';
import { ZRuleParamsByKind, ZRuleV1, ZUpdateRuleInput } from '@vigie/contracts/rule-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { getRule, upsertRule } from '@vigie/db/rules-repository';
import { toRuleV1 } from './list-rules';
import { procedureWith } from './trpc-init';

export const updateRuleProcedure = procedureWith('rule.manage')
  .input(ZUpdateRuleInput)
  .output(ZRuleV1)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const rule = await getRule(db, input.id);
    if (rule === null) throw new AppError('NOT_FOUND', `No rule ${input.id}`);
    let params = rule.params;
    if (input.params !== undefined) {
      const parsed = ZRuleParamsByKind[rule.kind].safeParse(input.params);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          path: formatPath(['params', ...i.path]),
          message: i.message,
        }));
        const first = issues[0]!;
        throw new AppError('VALIDATION_FAILED', `${first.path}: ${first.message}`, { issues });
      }
      params = input.params;
    }
    const updated = await upsertRule(db, {
      id: rule.id,
      kind: rule.kind,
      name: input.name ?? rule.name,
      params,
      enabled: input.enabled ?? rule.enabled,
      updatedBy: ctx.user.id,
    });
    const { id: _id, ...changes } = input;
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'rule.update',
      target: rule.id,
      outcome: 'ok',
      ip: ctx.ip,
      detail: changes,
    });
    return toRuleV1(updated);
  });
