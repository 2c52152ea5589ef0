/** Saves text as a file the browser downloads: a kiosk's browser puts it where a supervisor copies it to a USB stick. */
export function download(text: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
