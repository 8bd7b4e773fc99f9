// Command ids born on the phone: UUIDv7 (time-ordered, what the contracts accept as an event id), so a
// command retried after the network came back is recognised by the gateway as the same command.

/** A UUIDv7 from a time in milliseconds and 10 random bytes. */
export function uuidv7(nowMs: number, random: Uint8Array): string {
  if (random.length < 10) throw new Error('uuidv7 needs 10 random bytes');
  const bytes = new Uint8Array(16);
  let time = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new command id from the platform clock and crypto. */
export function newCommandId(): string {
  return uuidv7(Date.now(), globalThis.crypto.getRandomValues(new Uint8Array(10)));
}
