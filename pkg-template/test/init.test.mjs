// escalon/init's browser variant (init.js), in a process of its own so that nothing else has
// initialised the module: init() fetches the .wasm next to it once, later calls share that, and
// after a failed fetch the next call tries again. Node's fetch cannot read file URLs, so this
// test's fetch reads the file, after failing once on purpose.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

test("init() fetches once, shares the result, and tries again after a failure", async () => {
  const realFetch = globalThis.fetch;
  const fetched = [];
  globalThis.fetch = async (url) => {
    fetched.push(String(url));
    if (fetched.length === 1) throw new TypeError("network down");
    return new Response(readFileSync(new URL(url)), { headers: { "content-type": "application/wasm" } });
  };
  try {
    const { default: init, Calendar, EscalonError } = await import("../../pkg/init.js");
    assert.throws(() => new Calendar("24x7"), "nothing works before init()");
    await assert.rejects(init(), /network down/);
    const [a, b] = [init(), init()];
    assert.equal(a, b, "calls while the fetch runs share one promise");
    assert.equal(await a, undefined);
    await init();
    assert.equal(fetched.length, 2, "one failed fetch, one that worked, none after");
    assert.ok(fetched.every((u) => u.endsWith("/pkg/escalon_bg.wasm")));
    assert.equal(new Calendar("24x7").add("2015-01-01T10:30:00Z", "10h"), "2015-01-01T20:30:00Z");
    assert.throws(() => new Calendar("nope"), EscalonError);
  } finally {
    globalThis.fetch = realFetch;
  }
});
