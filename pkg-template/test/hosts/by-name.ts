// Typed usage through the package's name, as a TypeScript project that installed escalon writes
// it: the `types` condition of the `exports` map must lead tsc to the declarations under every
// module resolution a project may use, and with a `lib` that stops at ES2022.
import { Policy, Calendar, EscalonError, type Evaluation, type PolicyDocument } from "escalon";
import init, { Policy as PolicyAfterInit } from "escalon/init";

const doc: PolicyDocument = {
  version: 1,
  priorities: ["P1", "P2"],
  priority: { default: "P2" },
  slas: [{ name: "Standard", calendar: "24x7", targets: { P2: { "first-response": "1h" } } }],
};
const policy = new Policy(doc);
const e: Evaluation = policy.evaluate({ id: "T-1", createdAt: "2026-06-15T09:00:00Z" }, new Date());
const due: string | null = e.metrics["first-response"].dueAt;
const at: string = new Calendar("24x7").add(new Date(), "1h");
// @ts-expect-error: a priority is a string, not a number.
const wrong: number = e.priority.value;
const ready: Promise<void> = init();
const samePolicy: typeof Policy = PolicyAfterInit;
export { due, at, wrong, EscalonError, ready, samePolicy };
