'use client';
import { LanguageSwitch } from '@vigie/ui/language-switch';
import { useI18n } from '../i18n/i18n-context';
import { isLocale } from '../i18n/translate';

export function LanguagePicker() {
  const { t, locale, setLocale } = useI18n();
  return (
    <LanguageSwitch
      label={t('lang.label')}
      value={locale}
      options={[
        { value: 'fr', label: 'FR', name: t('lang.fr') },
        { value: 'en', label: 'EN', name: t('lang.en') },
      ]}
      onChange={(value) => {
        if (isLocale(value)) setLocale(value);
      }}
    />
  );
}
