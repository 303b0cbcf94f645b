// How an alert reaches the host beyond the screen: an optional short beep (WebAudio) and an
// optional browser notification. Permission is asked only when the user clicks the button
// (browsers ignore or block prompts that no gesture started).

let audio = null;

/** A short two-tone beep; needs a user gesture once (the sound checkbox) to unlock audio. */
export function beep() {
  try {
    audio ||= new (globalThis.AudioContext || globalThis.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
    const now = audio.currentTime;
    for (const [i, freq] of [[0, 880], [1, 660]]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    }
  } catch (e) {
    console.warn('livelens: no sound', e);
  }
}

/** Unlocks audio inside a click handler (Chrome starts an AudioContext suspended otherwise). */
export function unlockAudio() {
  try {
    audio ||= new (globalThis.AudioContext || globalThis.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
  } catch (_) { /* no WebAudio: the checkbox stays, the beep is skipped */ }
}

/** `'granted' | 'denied' | 'default' | 'missing'`. */
export function notifyState() {
  return typeof Notification === 'undefined' ? 'missing' : Notification.permission;
}

/** Asks for permission (call from a click handler); resolves to the new state. */
export async function askNotify() {
  if (typeof Notification === 'undefined') return 'missing';
  try { return await Notification.requestPermission(); } catch (_) { return Notification.permission; }
}

/** Shows a notification when allowed; the body is plain text. */
export function notify(title, body, tag) {
  if (notifyState() !== 'granted') return;
  try { new Notification(title, { body, tag, silent: true }); } catch (e) { console.warn('livelens: notification', e); }
}
