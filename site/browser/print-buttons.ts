// Buttons that print the page (an application form, a receipt's view).

/** Printing is the browser's own dialog; with scripts off, its menu prints the same view. */
export function startPrintButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-print]')) button.addEventListener('click', () => window.print());
}
