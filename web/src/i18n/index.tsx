// The interface language (Vietnamese by default) and the translate function screens use.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type Language = 'vi' | 'en';
export type { MessageKey };

type Params = Record<string, string | number>;
type Translate = (key: MessageKey, params?: Params) => string;

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'examgate.language';

/** Fills `{name}` placeholders of a message with the given values. */
export function fillMessage(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  return fillMessage(CATALOGUES[language][key], params);
}

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** Translates into the language that is not shown, for the English-beside-Vietnamese label. */
  other: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(() => {
    const otherLanguage: Language = language === 'vi' ? 'en' : 'vi';
    return {
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      other: (key, params) => translate(otherLanguage, key, params),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (context === null) {
    throw new Error('useI18n() was called outside <I18nProvider>; wrap the app in it');
  }
  return context;
}

/**
 * A heading text in the chosen language with the other language beside it in smaller type,
 * so Vietnamese stays first and English readers still find their way.
 */
export function Bilingual({ k }: { k: MessageKey }) {
  const { t, other, language } = useI18n();
  return (
    <>
      {t(k)}
      <span className="other-language" lang={language === 'vi' ? 'en' : 'vi'}>
        {' '}/ {other(k)}
      </span>
    </>
  );
}
