// Preloaded into the in-memory Azurite of the tests and the benchmark (NODE_OPTIONS=--require). In memory, Azurite
// keeps every blob write as an extent of its own and collects the overwritten ones every ten minutes, removing them one
// by one from an indexed array: at benchmark volume, and after ten minutes of the test suite, that pause lasts long
// enough to make requests time out (a suite run lost a test to a 30 s grain call timeout at its 11th minute). Both
// measure the service, not the emulator's garbage collector, so the collection runs once a day instead (it also runs
// once at start, when there is nothing to collect). Real Azure Storage has no such pause; the server's own on-disk
// Azurite is started without this file.
// npm, which installs Azurite into a fresh worktree, inherits the preload too: it runs before the module exists.
const fs = require("fs");
const path = require("path");
const file = path.join(process.env.BAOJI_AZURITE_DIR, "node_modules/azurite/dist/src/blob/utils/constants.js");
if (fs.existsSync(file)) {
  require(file).DEFAULT_GC_INTERVAL_MS = 24 * 60 * 60 * 1000;
}
