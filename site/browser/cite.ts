// "引用本文": copies the citation the page prints in its text box. The box stays visible, so
// where the clipboard is refused or missing (no HTTPS, an old browser) the reader selects it.
export function startCitation(): void {
  const button = document.querySelector<HTMLButtonElement>('#cite-copy');
  const text = document.querySelector<HTMLTextAreaElement>('#cite-text');
  const status = document.querySelector<HTMLElement>('#cite-status');
  if (!button || !text || !status) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text.value);
      status.textContent = '已复制引用';
    } catch {
      text.focus();
      text.select();
      status.textContent = '无法自动复制，已选中引用文字，请按 Ctrl+C（手机长按）复制';
    }
  });
}
