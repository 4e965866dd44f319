// Loads the package's browser entry and exposes it to the host test.
import * as escalon from "../../../pkg/index.js";

window.escalon = escalon;
window.ready = true;
