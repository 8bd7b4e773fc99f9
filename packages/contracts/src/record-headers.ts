// Headers the processor puts on live.* records, read by the gateway (and anything else downstream).

/** When ingest received the raw event this record derives from (ISO-8601): the start of end-to-end latency. */
export const RECEIVED_AT_HEADER = 'vigie-received-at';

/** Envelope id of the raw event this record derives from. */
export const RAW_EVENT_HEADER = 'vigie-raw-event-id';
