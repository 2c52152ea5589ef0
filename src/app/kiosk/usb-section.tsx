import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LearningDb } from '../../device/learning-db.ts';
import { enrollFromFile, transferDevice } from '../../device/usb-transfer.ts';
import type { DeviceNeeds } from '../../shared/device-needs.ts';
import { loadStrings, provideEnglish, type TransferStrings } from '../i18n/index.ts';

/** The chunk with the USB screens and the file formats (build/build.ts budgets it as /lazy/usb-files), with its English strings. */
const loadUsbFiles = () => import('./usb-files.tsx').then((m) => {
  provideEnglish('transfer', m.english);
  return m;
});

interface Props {
  lang: string;
  db: LearningDb;
  siteId: string;
  needs: DeviceNeeds | null;
  onContentLoaded: () => void;
}

/** The USB screens and their strings in `lang`, once loaded; null until then. */
function useUsbFiles(lang: string) {
  const [usb, setUsb] = useState<Awaited<ReturnType<typeof loadUsbFiles>> | null>(null);
  const [x, setX] = useState<TransferStrings | null>(null);
  useEffect(() => void loadUsbFiles().then(setUsb), []);
  useEffect(() => {
    let live = true;
    void loadStrings(lang, 'transfer').then((t) => live && setX(t));
    return () => { live = false; };
  }, [lang]);
  return usb && x ? { usb, x } : null;
}

/** On the set-up screen of a device not yet enrolled: set up from the console's file, for a site with no line. */
export function SetUpFromFile({ lang, db }: { lang: string; db: LearningDb }) {
  const loaded = useUsbFiles(lang);
  return loaded && <loaded.usb.SetUpFile x={loaded.x} enroll={(deviceId, payload) => enrollFromFile(db, deviceId, payload)} />;
}

/**
 * On a supervisor's sync screen at a kiosk: records out to a USB stick and
 * their acknowledgement back, modules in. Its screens load when it first
 * shows, in the language shown.
 */
export function UsbFiles({ lang, db, siteId, needs, onContentLoaded }: Props) {
  const loaded = useUsbFiles(lang);
  const device = useMemo(() => transferDevice(db), [db]);
  if (!loaded) return null;
  const { usb, x } = loaded;
  return (
    <>
      <usb.RecordsFile lang={lang} x={x} device={device} />
      <usb.ContentFile lang={lang} x={x} device={device} siteId={siteId} needs={needs} onLoaded={onContentLoaded} />
    </>
  );
}
