// A message to show on the next staff page after navigating away (e.g. a complaint the unit may no
// longer see once it has returned it).
let pending: string | null = null;

export function setNextFlash(text: string) {
  pending = text;
}

export function takeFlash(): string | null {
  const t = pending;
  pending = null;
  return t;
}
