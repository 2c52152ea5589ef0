import { useEffect, useState } from 'preact/hooks';
import type { AppStrings } from '../i18n/index.ts';

function hasVoiceFor(lang: string): boolean {
  return speechSynthesis.getVoices().some((v) => v.lang.toLowerCase().startsWith(lang));
}

/** Reads text with the device's speech synthesis; shown only where the device has a voice for the language. */
export function ReadAloud({ t, text, lang }: { t: AppStrings; text: string; lang: string }) {
  const supported = typeof speechSynthesis !== 'undefined';
  const [available, setAvailable] = useState(() => supported && hasVoiceFor(lang));
  const [speaking, setSpeaking] = useState(false);

  useEffect(() => {
    if (!supported) return;
    const update = () => setAvailable(hasVoiceFor(lang));
    speechSynthesis.addEventListener('voiceschanged', update);
    return () => speechSynthesis.removeEventListener('voiceschanged', update);
  }, [lang]);

  // Stop reading when the text changes (next section) or the screen goes away.
  useEffect(() => () => { if (supported) speechSynthesis.cancel(); setSpeaking(false); }, [text]);

  if (!available) return null;
  const toggle = () => {
    if (speaking) {
      speechSynthesis.cancel();
      setSpeaking(false);
      return;
    }
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.onend = utterance.onerror = () => setSpeaking(false);
    speechSynthesis.speak(utterance);
    setSpeaking(true);
  };
  return (
    <button type="button" class="button button-secondary" aria-pressed={speaking} onClick={toggle}>
      <span aria-hidden="true">{speaking ? '■ ' : '▶ '}</span>{speaking ? t.stopReading : t.readAloud}
    </button>
  );
}
