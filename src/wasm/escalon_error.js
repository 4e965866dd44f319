// The error every escalon call throws: a real Error with a stable code and a JSON Pointer.
export class EscalonError extends Error {
  constructor(message, code, path, line, column, diagnostics) {
    super(message);
    this.name = "EscalonError";
    this.code = code;
    this.path = path;
    this.line = line;
    this.column = column;
    this.diagnostics = diagnostics;
  }
}
