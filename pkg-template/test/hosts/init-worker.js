// A workerd service that answers conformance requests through `escalon/init`, as code shared
// with a browser build would: init() is awaited in the handler.
import init, { handleRequest } from "escalon/init";

export default {
  async fetch(request) {
    await init();
    return new Response(handleRequest(await request.text()), { headers: { "content-type": "application/json" } });
  },
};
