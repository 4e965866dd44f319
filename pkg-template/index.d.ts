/// <reference lib="esnext.disposable" />
// (The generated classes have `[Symbol.dispose]`, typed in that lib: the reference lets projects
// whose `lib` stops at ES2022 compile against these types with `skipLibCheck` off.)
// The package's types: the classes and functions from the generated bindings (already
// initialised by every entry), the document and result types, and the error class.
export { Calendar, Policy, validatePolicy, handleRequest, version } from "./escalon.js";
export type * from "./escalon.js";
import type { Diagnostic } from "./escalon.js";

/** Every escalon call throws this: a real Error with a stable code and a JSON Pointer. */
export declare class EscalonError extends Error {
  readonly name: "EscalonError";
  /** A stable code such as "calendar.unknown_time_zone". */
  readonly code: string;
  /** A JSON Pointer into the input, such as "/calendars/support/timeZone". */
  readonly path: string;
  /** The line of a JSON syntax error. */
  readonly line: number | undefined;
  /** The column of a JSON syntax error. */
  readonly column: number | undefined;
  /** For a validation, every problem found. */
  readonly diagnostics: Diagnostic[];
}
