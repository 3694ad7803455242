// Typing notices as both pages send them.

const TYPING_SEND_MS = 2000; // at most one typing notice per this while someone types

/**
 * A function to call on every key press: it calls `send` at once, then at most once per
 * TYPING_SEND_MS, with one more at the end of a window in which keys were pressed, so no burst of
 * typing goes unseen.
 */
export function typingNotifier(send) {
  let lastSent = 0;
  let pending = null;
  const notify = () => {
    const wait = lastSent + TYPING_SEND_MS - Date.now();
    if (wait <= 0) {
      lastSent = Date.now();
      send();
    } else if (!pending) {
      pending = setTimeout(() => {
        pending = null;
        notify();
      }, wait);
    }
  };
  return notify;
}
