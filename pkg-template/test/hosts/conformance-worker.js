// A workerd service that answers conformance requests through the package's workerd entry.
// `POST /calendar` with `{calendar, at, duration}` answers `calendar.add(at, duration)` through
// the Calendar class, whose text instants cross by the package's own snippet: `{answer}`, or
// `{error: {code, path}}`.
import { handleRequest, Calendar, EscalonError } from "escalon";

function calendarAdd({ calendar, at, duration }) {
  try {
    return { answer: new Calendar(calendar).add(at, duration) };
  } catch (e) {
    if (e instanceof EscalonError) return { error: { code: e.code, path: e.path } };
    throw e;
  }
}

export default {
  async fetch(request) {
    const body = await request.text();
    const answer = new URL(request.url).pathname === "/calendar" ? JSON.stringify(calendarAdd(JSON.parse(body))) : handleRequest(body);
    return new Response(answer, { headers: { "content-type": "application/json" } });
  },
};
