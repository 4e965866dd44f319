/** An instant: RFC 3339 with `Z` or an offset, or a `Date`. Results are RFC 3339 UTC strings. */
export type Instant = string | Date;
/** A duration: "90s", "45m", "8h", "1h 30m", "2d" (business days), "PT8H", "P2D". */
export type Duration = string;
/** A wall-clock time "HH:MM" or "HH:MM:SS"; "24:00" ends at the next midnight. */
export type WallTime = string;
/** `[start, end]`; an end before the start is an overnight shift. */
export type Interval = [WallTime, WallTime];
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
/** "YYYY-MM-DD", yearly "--MM-DD", or an inclusive range. */
export type Holiday = string | { from: string; to: string };

export interface CalendarDocument {
  timeZone: string;
  hours: Partial<Record<Weekday, Interval[]>>;
  holidays?: Holiday[];
  overrides?: Record<string, Interval[]>;
  breaks?: Record<string, Interval[]>;
}

export type Scalar = string | number | boolean;
export type Condition =
  | { field: string; is: Scalar }
  | { field: string; in: Scalar[] }
  | { field: string; contains: Scalar }
  | { field: string; gte: number }
  | { field: string; lte: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type PriorityRule =
  | { when: Condition; set: string }
  | { when: Condition; raise: number }
  | { when: Condition; lower: number };

export interface PriorityMatrix {
  impact: string[];
  urgency: string[];
  table: string[][];
}

export type EventName = "created" | "status" | "reply" | "update" | "assign" | "ack" | "escalate" | "flag";
export interface EventPattern {
  event: EventName;
  by?: "agent" | "customer";
  public?: boolean;
  status?: string;
  field?: string;
  flag?: string;
}
export interface MetricDefinition {
  start: EventPattern[];
  stop: EventPattern[];
  reset?: EventPattern[];
  pause?: string[];
}

export type MetricName = "first-response" | "next-response" | "periodic-update" | "resolution" | (string & {});
export type Warning = string;

export interface SlaPolicy {
  name: string;
  when?: Condition;
  calendar: string;
  targets: Record<string, Partial<Record<MetricName, Duration>>>;
  pause?: string[];
  warnings?: Warning[] | Partial<Record<MetricName, Warning[]>>;
  onPriorityChange?: Partial<Record<MetricName, "keep-elapsed" | "restart">>;
}

export type Owner =
  | { team: string }
  | { role: string }
  | { person: string }
  | { rotation: string }
  | { external: string };

export type Trigger =
  | { metric: MetricName; percent: number }
  | { metric: MetricName; breached: true }
  | { metric: MetricName; afterBreach: Duration }
  | { unacknowledgedFor: Duration }
  | { flag: string }
  | { when: Condition }
  | { ageOver: Duration };

export type Action =
  | { type: "notify" }
  | { type: "reassign" }
  | { type: "setPriority"; priority: string }
  | { type: "notifyCustomer" };

export interface Level {
  name: string;
  kind: "functional" | "hierarchical";
  owner: Owner;
  when?: Trigger | Trigger[];
  only?: Condition;
  actions?: Action[];
}

export interface Rotation {
  timeZone: string;
  members: string[];
  turn: { hours: number } | { days: number } | { weeks: number };
  handoff: WallTime;
  start: string;
  restrictions?: Partial<Record<Weekday, Interval[]>>;
  overrides?: { from: string; to: string; member: string }[];
}

export interface EscalationDocument {
  levels: Level[];
  rotations?: Record<string, Rotation>;
  repeat?: { every: Duration; times: number };
  deescalateWhenMet?: boolean;
}

export interface PolicyDocument {
  version: 1;
  calendars?: Record<string, CalendarDocument>;
  priorities: string[];
  priority: { matrix?: PriorityMatrix; default: string; rules?: PriorityRule[] };
  metrics?: Record<string, MetricDefinition>;
  slas: SlaPolicy[];
  escalation?: EscalationDocument;
}

export type TicketEvent =
  | { at: string; type: "status"; status: string }
  | { at: string; type: "reply"; by: "agent"; public: boolean }
  | { at: string; type: "reply"; by: "customer"; public?: boolean }
  | { at: string; type: "update"; fields: Record<string, unknown> }
  | { at: string; type: "assign"; to?: string }
  | { at: string; type: "ack" }
  | { at: string; type: "escalate"; level?: number | string; reason?: string }
  | { at: string; type: "flag"; flag: string };

export interface Ticket {
  id: string | number;
  createdAt: string;
  status?: string;
  fields?: Record<string, unknown>;
  events?: TicketEvent[];
}

/** One trace step: a stable `code`, its fields, and a sentence. */
export interface TraceStep {
  code: string;
  text: string;
  [field: string]: unknown;
}

export type ClockState = "pending" | "running" | "paused" | "achieved" | "breached" | "cancelled";

export interface CycleReport {
  state: ClockState;
  startedAt: string;
  endedAt: string | null;
  target: number | null;
  elapsed: number;
  breachedAt: string | null;
}

export interface MetricReport {
  state: ClockState;
  /** Business seconds. */
  target: number | null;
  elapsed: number;
  remaining: number | null;
  percent: number | null;
  startedAt: string | null;
  dueAt: string | null;
  breachedAt: string | null;
  warnings: { threshold: string; at: string | null }[];
  cycles: CycleReport[];
  trace: TraceStep[];
}

export interface PriorityReport {
  value: string;
  source: "field" | "matrix" | "default";
  cell: [string, string] | null;
  rules: number[];
  trace: TraceStep[];
}

export interface LevelRef {
  index: number;
  name: string;
  kind: "functional" | "hierarchical";
}

/** An owner, with the person on call (or null outside restrictions) for a rotation. */
export type OwnerReport = Owner & { person?: string | null };

export interface EscalationReport {
  level: LevelRef;
  owner: OwnerReport;
  since: string;
  next: { level: LevelRef; at: string; owner: OwnerReport; reason: string } | null;
  actions: (Action & { level: number; at: string; owner: OwnerReport })[];
  trace: TraceStep[];
}

export interface Evaluation {
  ticket: string;
  now: string;
  priority: PriorityReport;
  sla: { name: string; index: number; matched: string | null } | null;
  metrics: Record<string, MetricReport>;
  escalation: EscalationReport | null;
  trace: TraceStep[];
}

/**
 * Options of `evaluate` and `evaluateMany`. `trace: false` leaves every `trace` array empty and
 * keeps every figure: for batches whose callers explain one ticket at a time, when asked.
 */
export interface EvaluateOptions {
  trace?: boolean;
}

export interface ErrorInfo {
  code: string;
  path: string;
  message: string;
}

export type EvaluationResult = { evaluation: Evaluation } | { error: ErrorInfo };

export type TimelineEvent = { at: string } & (
  | { type: "warning"; metric: string; threshold: string }
  | { type: "breach"; metric: string }
  | { type: "escalation"; level: LevelRef; owner: OwnerReport; reason: string }
  | { type: "repeat"; level: LevelRef; owner: OwnerReport; reason: string }
  | { type: "handoff"; rotation: string; person: string | null }
);

export interface Timeline {
  from: string;
  until: string;
  events: TimelineEvent[];
  truncated: number;
}

export interface BreachCount {
  count: number;
  breached: number;
  rate: number;
}

export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface Summary {
  tickets: number;
  breaches: Record<string, Record<string, BreachCount>>;
  escalations: { index: number; name: string; reached: number }[];
  firstResponse: Distribution;
  resolution: Distribution;
  resolvedAtLevel0: number;
  resolvedEscalated: number;
  overEscalated: number;
  underEscalated: number;
  outcomes: { ticket: string; priority: string; sla: string | null; breached: string[]; level: number }[];
}

export interface Diagnostic {
  code: string;
  path: string;
  message: string;
  severity: "error" | "warning";
}

export interface Validation {
  valid: boolean;
  diagnostics: Diagnostic[];
}
