// Starts Decap at /admin/ with our formats. Decap is already loaded (a classic
// script before this module) and waits, because cms-setup.js set
// window.CMS_MANUAL_INIT: the formats must be registered before Decap reads
// any entry.
//
// The yaml package's browser build has named exports only, hence `* as`.
import * as YAML from "./vendor/yaml/index.js";
import { collectionFormats, parseConfig } from "./formats.js";

// Decap would otherwise serve a cached config.yml after a rebuild changed it.
const response = await fetch("config.yml", { cache: "no-cache" });
if (!response.ok) {
  throw new Error(`admin/config.yml: HTTP ${response.status} ${response.statusText}`);
}
const { config, formats } = collectionFormats(YAML, parseConfig(YAML, await response.text()));
for (const { name, extension, formatter } of formats) {
  window.CMS.registerCustomFormat(name, extension, formatter);
}
// The config is passed in, with each collection pointed at its own format;
// config.load_config_file is false, so Decap does not fetch config.yml again
// (and does not merge a second copy of every collection into this one).
window.CMS.init({ config });
