/**
 * Saves text as a file the browser downloads: a kiosk's records for a USB
 * stick, the console's acknowledgement or set-up file. On a kiosk it lands
 * where a supervisor copies it to the stick.
 */
export function saveFile(text: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
