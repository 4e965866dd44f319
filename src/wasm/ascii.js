// Short ASCII text (instants, durations, dates) between JS strings and the wasm module's memory, without
// wasm-bindgen's allocation per string and its TextDecoder, which cost more than the arithmetic
// of a calendar call. Conversion only: nothing here reads or checks what the text says.

let memory = null;
let bytes = new Uint8Array(0);

/** Called once by the module with its memory. */
export function attach(m) {
  memory = m;
  bytes = new Uint8Array(m.buffer);
}

function view() {
  // Growing the memory detaches the old buffer, whose length is then 0.
  if (bytes.byteLength === 0) bytes = new Uint8Array(memory.buffer);
  return bytes;
}

/**
 * Writes `v` into the `cap` bytes at `ptr` when it is a string of ASCII characters that fits, and
 * answers its length; -1 when `v` is not a string, -2 when it does not fit or is not ASCII (the
 * module then reads it the general way).
 */
export function writeAscii(v, ptr, cap) {
  if (typeof v !== "string") return -1;
  const n = v.length;
  if (n > cap) return -2;
  const m = view();
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c > 0x7f) return -2;
    m[ptr + i] = c;
  }
  return n;
}

/**
 * The string of the `n` ASCII bytes at `ptr`. The two lengths of an instant (20 and 24 bytes) are
 * read with one `String.fromCharCode` call, several times faster than a `TextDecoder` on text
 * this short.
 */
export function readAscii(ptr, n) {
  const m = view();
  const p = ptr;
  if (n === 20) {
    return String.fromCharCode(
      m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7], m[p + 8], m[p + 9],
      m[p + 10], m[p + 11], m[p + 12], m[p + 13], m[p + 14], m[p + 15], m[p + 16], m[p + 17], m[p + 18], m[p + 19],
    );
  }
  if (n === 24) {
    return String.fromCharCode(
      m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7], m[p + 8], m[p + 9],
      m[p + 10], m[p + 11], m[p + 12], m[p + 13], m[p + 14], m[p + 15], m[p + 16], m[p + 17], m[p + 18], m[p + 19],
      m[p + 20], m[p + 21], m[p + 22], m[p + 23],
    );
  }
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(m[p + i]);
  return s;
}
