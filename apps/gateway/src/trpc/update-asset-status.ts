/**
 * `assets.updateStatus`: field staff (en route, on scene, done = available) or a coordinator set an
 * asset's status (command `update_status`). A field user acts only on their own asset (users.asset_id,
 * or one they carry), which is also the default.
 */
import { AppError } from '@vigie/contracts/errors';
import { ZUpdateAssetStatusInput } from '@vigie/contracts/field-api';
import { ZCommandResult } from '@vigie/contracts/incident-api';
import { can } from '@vigie/contracts/roles';
import { denyAndAudit, loadFieldScope } from './field-scope';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const updateAssetStatusProcedure = procedureWith('asset.update_status')
  .input(ZUpdateAssetStatusInput)
  .output(ZCommandResult)
  .mutation(async ({ ctx, input: { commandId, assetId, ...body } }) => {
    let target = assetId;
    if (!can(ctx.user.role, 'map.view')) {
      const scope = await loadFieldScope(ctx.services, ctx.user);
      target ??= scope.assetIds[0];
      if (target === undefined) throw new AppError('CONFLICT', 'No asset is linked to your account');
      if (!scope.assetIds.includes(target))
        await denyAndAudit(ctx.services, ctx.user, ctx.ip, `asset:${target}`, 'This asset is not yours');
    }
    if (target === undefined) throw new AppError('VALIDATION_FAILED', 'assetId: Required');
    return issueCommand(ctx, 'update_status', { ...body, assetId: target }, commandId);
  });
