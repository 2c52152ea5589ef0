/** Saves text the console was given (an acknowledgement, a set-up file) as a file the browser downloads. */
export function saveFile(text: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
