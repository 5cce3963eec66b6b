// Hands a blob to the browser as a download named `filename`, the way a link with `download` does.
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked after the click has started the download, which keeps its own copy.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
