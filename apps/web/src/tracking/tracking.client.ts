/**
 * The tracking page's only script (no framework): the page is complete without it. It adds the
 * copy button, refreshes the page in place (the server renders it; this swaps the new <main> in),
 * shows only the NDR fields of the chosen answer, and keeps the digits box to digits.
 */
import './tracking.css';

const REFRESH_MS = 60_000;
let busy = false;

function enhanceCopy(root: ParentNode) {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    const text = button.dataset.copy ?? '';
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      void navigator.clipboard.writeText(text).then(() => {
        const status = button.parentElement?.querySelector<HTMLElement>('[data-copied]');
        if (!status) return;
        // The word is the page's, in its language (data-copied), never the script's.
        status.textContent = status.dataset.copied ?? '';
        setTimeout(() => (status.textContent = ''), 1500);
      });
    });
  }
}

function enhanceNdrForm(root: ParentNode) {
  const form = root.querySelector<HTMLFormElement>('form[data-ndr-form]');
  if (!form) return;
  const update = () => {
    const chosen = form.querySelector<HTMLInputElement>('input[name="action"]:checked')?.value ?? '';
    for (const field of form.querySelectorAll<HTMLElement>('[data-for]')) {
      field.hidden = chosen !== '' && !(field.dataset.for ?? '').split(' ').includes(chosen);
    }
  };
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (busy) {
      event.preventDefault();
      return;
    }
    busy = true;
    if (button && form.dataset.sending) button.textContent = form.dataset.sending;
  });
  update();
}

function enhanceDigits(root: ParentNode) {
  const input = root.querySelector<HTMLInputElement>('form[data-digits-form] input[name="phoneLast4"]');
  if (!input) return;
  input.addEventListener('input', () => {
    const digits = input.value.replace(/\D/g, '').slice(0, 4);
    if (digits !== input.value) input.value = digits;
  });
  input.focus();
}

function enhance(root: ParentNode) {
  enhanceCopy(root);
  enhanceNdrForm(root);
  enhanceDigits(root);
  for (const link of root.querySelectorAll<HTMLAnchorElement>('a[data-refresh]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      void refresh();
    });
  }
}

/** Someone is typing an answer: a refresh would throw it away. */
function isEditing(): boolean {
  const active = document.activeElement;
  return Boolean(active?.closest('form')) || busy;
}

async function refresh() {
  const link = document.querySelector<HTMLAnchorElement>('a[data-refresh]');
  if (!link || busy) return;
  link.classList.add('refreshing');
  try {
    const response = await fetch(link.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
    const html = await response.text();
    const next = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
    const current = document.querySelector('main');
    if (next && current && response.ok) {
      current.replaceWith(next);
      enhance(next);
      document.title = new DOMParser().parseFromString(html, 'text/html').title || document.title;
    }
  } catch {
    // Offline for a moment: keep what is on screen; the next refresh tries again.
  } finally {
    link.classList.remove('refreshing');
  }
}

enhance(document);
// After the phone-digits form the address bar shows the form's target; the page's own link (with its
// short-lived token) makes a reload show the order again instead of re-posting the digits.
const refreshLink = document.querySelector<HTMLAnchorElement>('a[data-refresh]');
if (refreshLink && location.pathname.endsWith('/unlock')) history.replaceState(null, '', refreshLink.href);
setInterval(() => {
  if (document.visibilityState === 'visible' && !isEditing()) void refresh();
}, REFRESH_MS);
