// A workerd service that answers conformance requests through the package's workerd entry.
import { handleRequest } from "escalon";

export default {
  async fetch(request) {
    return new Response(handleRequest(await request.text()), { headers: { "content-type": "application/json" } });
  },
};
