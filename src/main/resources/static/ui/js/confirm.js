// Asks before anything that cannot be undone, in a modal <dialog> (keyboard: Tab, Enter, Escape).
const dialog = document.getElementById('confirm-dialog');
const text = document.getElementById('confirm-text');
const yes = document.getElementById('confirm-yes');

/** Resolves true when the user confirms. */
export function confirmAction(question, action) {
  text.textContent = question;
  yes.textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
  });
}
