// Sending a queued report: its photo first (POST /api/v1/field/photos), then the report with the photo's
// media id. The report's command id is also the photo's upload id, so a retry after a lost answer lands on the
// same media; once the photo is up, the queue keeps only its media id (the photo leaves the phone's storage).
import { ZErrorBody } from '@vigie/contracts/errors';
import { ZUploadFieldPhotoResult } from '@vigie/contracts/field-photo-api';
import type { TUploadFieldPhotoInput } from '@vigie/contracts/field-photo-api';
import type { FieldAction, QueuedReport, SendOutcome } from './offline-queue';

/** The base64 bytes of a `data:…;base64,` URL, or null when it is not one. */
export function base64OfDataUrl(dataUrl: string): string | null {
  const match = /^data:[^,;]*(?:;[^,;]*)*;base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl);
  return match?.[1] ?? null;
}

export function photoUploadInput(action: QueuedReport, photoBase64: string): TUploadFieldPhotoInput {
  return {
    uploadId: action.commandId,
    photoBase64,
    capturedAt: action.queuedAt,
    reportId: action.commandId,
    ...(action.incidentId !== undefined ? { incidentId: action.incidentId } : {}),
    ...(action.position !== undefined ? { position: action.position } : {}),
    ...(action.positionAccuracy !== undefined ? { positionAccuracy: action.positionAccuracy } : {}),
  };
}

/** What `reports.create` receives for a queued report. */
export function reportInput(action: QueuedReport) {
  return {
    reportId: action.commandId,
    text: action.text,
    ...(action.incidentId !== undefined ? { incidentId: action.incidentId } : {}),
    ...(action.position !== undefined ? { position: action.position } : {}),
    ...(action.positionAccuracy !== undefined ? { positionAccuracy: action.positionAccuracy } : {}),
    ...(action.mediaId !== undefined ? { mediaId: action.mediaId } : {}),
  };
}

/** The queued report once its photo is up: the media id instead of the bytes. */
export function withUploadedPhoto(action: QueuedReport, mediaId: string): QueuedReport {
  const { photo: _sent, ...rest } = action;
  return { ...rest, mediaId };
}

/** An HTTP answer that is not a success: retry when the gateway or the network is away or busy. */
export function uploadFailure(status: number, message: string): { retriable: boolean; message: string } {
  const final = status === 400 || status === 403 || status === 404 || status === 409 || status === 413;
  return { retriable: !final, message: `HTTP ${status}: ${message}` };
}

export type UploadOutcome =
  | { readonly ok: true; readonly mediaId: string }
  | ({ readonly ok: false } & ReturnType<typeof uploadFailure>);

export async function uploadFieldPhoto(
  input: TUploadFieldPhotoInput,
  fetchImpl: typeof fetch = fetch,
): Promise<UploadOutcome> {
  let response: Response;
  try {
    response = await fetchImpl('/api/v1/field/photos', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(input),
    });
  } catch (error) {
    return { ok: false, retriable: true, message: error instanceof Error ? error.message : String(error) };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (!response.ok) {
    const error = ZErrorBody.safeParse(body);
    return { ok: false, ...uploadFailure(response.status, error.success ? error.data.message : '') };
  }
  const result = ZUploadFieldPhotoResult.safeParse(body);
  if (!result.success)
    return { ok: false, retriable: true, message: 'Unexpected answer to the photo upload' };
  return { ok: true, mediaId: result.data.mediaId };
}

/**
 * Sends a report, its photo first when it has one not yet uploaded; `progressed` records the media id in the
 * queue so that a retry only sends what is left.
 */
export async function sendReport(
  action: QueuedReport,
  deps: {
    upload: (input: TUploadFieldPhotoInput) => Promise<UploadOutcome>;
    createReport: (input: ReturnType<typeof reportInput>) => Promise<void>;
    progressed: (action: FieldAction) => void;
  },
): Promise<SendOutcome> {
  let report = action;
  if (report.photo !== undefined && report.mediaId === undefined) {
    const photoBase64 = base64OfDataUrl(report.photo);
    if (photoBase64 === null) return { ok: false, retriable: false, message: 'The photo could not be read' };
    const uploaded = await deps.upload(photoUploadInput(report, photoBase64));
    if (!uploaded.ok) return uploaded;
    report = withUploadedPhoto(report, uploaded.mediaId);
    deps.progressed(report);
  }
  await deps.createReport(reportInput(report));
  return { ok: true };
}
