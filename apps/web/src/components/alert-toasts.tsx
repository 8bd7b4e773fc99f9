'use client';
// Live alert toasts: "Open" opens the alert's incident (the first click towards a dispatch), "Acknowledge"
// sends the acknowledgement. A short tone rings for new severe alerts when the sound is switched on.
import { useMutation } from '@tanstack/react-query';
import { ToastStack } from '@vigie/ui/toast-stack';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useTRPC } from '../api/trpc';
import {
  acknowledgeFailed,
  acknowledgeRequested,
  alertAcknowledged,
  shouldRing,
  soundToggled,
  toastDismissed,
} from '../alerts/alert-toasts';
import { newCommandId } from '../field/command-id';
import { timeAgo } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { dictionaries } from '../i18n/translate';
import { incidentOpened } from '../incidents/dispatch-flow';
import { updateDispatchFlow } from '../incidents/incident-ui';
import { situationStore, toastsChanged, updateSituation } from '../incidents/situation';

const SOUND_KEY = 'vigie.alertSound';

function ring(): void {
  try {
    const audio = new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.6);
    oscillator.onended = () => void audio.close();
  } catch (error) {
    console.warn('vigie: the alert sound could not play', error);
  }
}

export function AlertToasts() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const toasts = useStore(situationStore, (s) => s.toasts);
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    let stored: string | null = null;
    try {
      stored = window.localStorage.getItem(SOUND_KEY);
    } catch {
      // storage disabled: the sound stays off
    }
    if (stored === 'on') updateSituation(toastsChanged, (s) => soundToggled(s, true));
    return situationStore.subscribe((next, previous) => {
      if (shouldRing(previous.toasts, next.toasts)) ring();
    });
  }, []);

  const setSound = (on: boolean) => {
    updateSituation(toastsChanged, (s) => soundToggled(s, on));
    try {
      window.localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch {
      // storage disabled: the choice lasts for this page
    }
  };

  const onAcknowledge = (alertId: string) => {
    updateSituation(toastsChanged, (s) => acknowledgeRequested(s, alertId));
    acknowledge.mutate(
      { alertId, commandId: newCommandId() },
      {
        onSuccess: () => updateSituation(toastsChanged, (s) => alertAcknowledged(s, alertId)),
        onError: () => updateSituation(toastsChanged, (s) => acknowledgeFailed(s, alertId)),
      },
    );
  };

  const dictionary = dictionaries[locale];
  return (
    <>
      <label className="sound-switch">
        <input type="checkbox" checked={toasts.soundOn} onChange={(e) => setSound(e.target.checked)} />
        {t('toast.sound')}
      </label>
      <ToastStack
        label={t('toast.region')}
        openLabel={t('toast.open')}
        acknowledgeLabel={t('toast.acknowledge')}
        dismissLabel={t('toast.dismiss')}
        toasts={toasts.toasts.map((toast) => ({
          id: toast.alertId,
          title: toast.title,
          severity: toast.severity,
          severityLabel: t(`severity.${toast.severity}`),
          detail: timeAgo(dictionary, toast.raisedAt, now) ?? undefined,
          canAcknowledge: !toast.acknowledging,
          canOpen: toast.incidentId !== null,
          ...(toast.incidentId !== null ? { incidentId: toast.incidentId } : {}),
        }))}
        onOpen={(alertId) => {
          const incidentId = toasts.toasts.find((x) => x.alertId === alertId)?.incidentId;
          if (incidentId !== null && incidentId !== undefined)
            updateDispatchFlow(incidentOpened, incidentId, 'toast');
        }}
        onAcknowledge={onAcknowledge}
        onDismiss={(alertId) => updateSituation(toastsChanged, (s) => toastDismissed(s, alertId))}
      />
    </>
  );
}
