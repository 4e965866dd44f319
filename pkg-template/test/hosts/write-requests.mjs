// Writes every vector request (and the realistic fixture) as JSON lines, for the host tests.
import { writeFileSync } from "node:fs";
import { calendarRequests, slaRequests, realisticRequest } from "../requests.mjs";

const lines = [...calendarRequests(), ...slaRequests()].map((c) => JSON.stringify(c.request));
lines.push(JSON.stringify(realisticRequest()));
writeFileSync(process.argv[2], lines.join("\n") + "\n");
