/**
 * The gateway's tRPC router, served at `/api/trpc`. The web app imports only its type (`AppRouter`).
 */
import { acknowledgeAlertProcedure } from './trpc/acknowledge-alert';
import { acknowledgeIncidentProcedure } from './trpc/acknowledge-incident';
import { addIncidentNoteProcedure } from './trpc/add-incident-note';
import { assignIncidentProcedure } from './trpc/assign-incident';
import { closeIncidentProcedure } from './trpc/close-incident';
import { createFeedProcedure } from './trpc/create-feed';
import { createFieldReportProcedure } from './trpc/create-field-report';
import { listFeedsProcedure } from './trpc/list-feeds';
import { removeFeedProcedure } from './trpc/remove-feed';
import { runFeedNowProcedure } from './trpc/run-feed-now';
import { updateFeedProcedure } from './trpc/update-feed';
import { createZoneProcedure } from './trpc/create-zone';
import { listRulesProcedure } from './trpc/list-rules';
import { listZonesProcedure } from './trpc/list-zones';
import { removeZoneProcedure } from './trpc/remove-zone';
import { updateRuleProcedure } from './trpc/update-rule';
import { updateZoneProcedure } from './trpc/update-zone';
import { createIncidentProcedure } from './trpc/create-incident';
import { createNotificationChannelProcedure } from './trpc/create-notification-channel';
import { dispatchIncidentProcedure } from './trpc/dispatch-incident';
import { getEntityDetails } from './trpc/get-entity-details';
import { getEntityHistory } from './trpc/get-entity-history';
import { getMe } from './trpc/get-me';
import { getIncidentDetailProcedure } from './trpc/get-incident-detail';
import { getIncidentTimelineProcedure } from './trpc/get-incident-timeline';
import { getReportDensity } from './trpc/get-report-density';
import { importStockProcedure } from './trpc/import-stock';
import { listAlertsProcedure } from './trpc/list-alerts';
import { listIncidentsProcedure } from './trpc/list-incidents';
import { listMediaProcedure } from './trpc/list-media';
import { listMyAssignmentsProcedure } from './trpc/list-my-assignments';
import { listNotificationChannelsProcedure } from './trpc/list-notification-channels';
import { listNotificationDeliveriesProcedure } from './trpc/list-notification-deliveries';
import { listStockProcedure } from './trpc/list-stock';
import { mergeIncidentsProcedure } from './trpc/merge-incidents';
import { planDispatchProcedure } from './trpc/plan-dispatch';
import { removeNotificationChannelProcedure } from './trpc/remove-notification-channel';
import { resolveIncidentProcedure } from './trpc/resolve-incident';
import { setIncidentSeverityProcedure } from './trpc/set-incident-severity';
import { searchQueryProcedure } from './trpc/search-query';
import { router } from './trpc/trpc-init';
import { updateAssetStatusProcedure } from './trpc/update-asset-status';
import { updateNotificationChannelProcedure } from './trpc/update-notification-channel';

export const appRouter = router({
  search: router({
    query: searchQueryProcedure,
  }),
  me: getMe,
  entity: router({
    details: getEntityDetails,
    history: getEntityHistory,
  }),
  reports: router({
    density: getReportDensity,
    create: createFieldReportProcedure,
  }),
  incidents: router({
    list: listIncidentsProcedure,
    detail: getIncidentDetailProcedure,
    timeline: getIncidentTimelineProcedure,
    create: createIncidentProcedure,
    acknowledge: acknowledgeIncidentProcedure,
    assign: assignIncidentProcedure,
    dispatch: dispatchIncidentProcedure,
    setSeverity: setIncidentSeverityProcedure,
    addNote: addIncidentNoteProcedure,
    resolve: resolveIncidentProcedure,
    close: closeIncidentProcedure,
    merge: mergeIncidentsProcedure,
  }),
  alerts: router({
    list: listAlertsProcedure,
    acknowledge: acknowledgeAlertProcedure,
  }),
  dispatch: router({
    plan: planDispatchProcedure,
  }),
  assets: router({
    updateStatus: updateAssetStatusProcedure,
  }),
  field: router({
    assignments: listMyAssignmentsProcedure,
  }),
  stock: router({
    list: listStockProcedure,
    import: importStockProcedure,
  }),
  notifications: router({
    channels: listNotificationChannelsProcedure,
    createChannel: createNotificationChannelProcedure,
    updateChannel: updateNotificationChannelProcedure,
    removeChannel: removeNotificationChannelProcedure,
    deliveries: listNotificationDeliveriesProcedure,
  }),
  media: router({
    list: listMediaProcedure,
  }),
  feeds: router({
    list: listFeedsProcedure,
    create: createFeedProcedure,
    update: updateFeedProcedure,
    remove: removeFeedProcedure,
    runNow: runFeedNowProcedure,
  }),
  rules: router({
    list: listRulesProcedure,
    update: updateRuleProcedure,
  }),
  zones: router({
    list: listZonesProcedure,
    create: createZoneProcedure,
    update: updateZoneProcedure,
    remove: removeZoneProcedure,
  }),
});

export type AppRouter = typeof appRouter;
