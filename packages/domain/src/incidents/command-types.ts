/** The command payload types the incident functions take, one per kind of `TCommandV1`. */
import type { TCommandKind, TCommandV1 } from '@vigie/contracts/commands';

type CommandOf<Kind extends TCommandKind> = Extract<TCommandV1, { kind: Kind }>;

export type TCreateIncidentV1 = CommandOf<'create_incident'>;
export type TAcknowledgeIncidentV1 = CommandOf<'acknowledge_incident'>;
export type TAssignV1 = CommandOf<'assign'>;
export type TDispatchV1 = CommandOf<'dispatch'>;
export type TUpdateStatusV1 = CommandOf<'update_status'>;
export type TResolveV1 = CommandOf<'resolve'>;
export type TCloseV1 = CommandOf<'close'>;
export type TAddNoteV1 = CommandOf<'add_note'>;
export type TSetSeverityV1 = CommandOf<'set_severity'>;
export type TMergeIncidentsV1 = CommandOf<'merge_incidents'>;
