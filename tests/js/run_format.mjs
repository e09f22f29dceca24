// Runs plugins/cms/admin/formats.js for tests/test_cms_formats.py.
//
// stdin: {"config": <config.yml's text>, "jobs": [{"collection": "pages",
//   "call": "fromFile" | "toFile" | "roundTrip", "input": <text or data>}]}
// stdout: one result per job, {"value": ...} or {"error": "..."}.
// {"$date": "2016-09-26T00:00:00Z"} in an input stands for a Date, which JSON
// cannot carry and Decap's date widgets may hand over.
//
// config.yml is read and the formats found as cms.js does it, with the
// yaml package's browser build that /admin/ serves.
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const YAML = await import(new URL("tools/node/node_modules/yaml/browser/dist/index.js", root));
// Imported from its text: formats.js is an ES module with a .js name and no
// package.json says so, which Node before 20.19 would load as CommonJS.
const source = readFileSync(new URL("plugins/cms/admin/formats.js", root), "utf8");
const { collectionFormats, parseConfig } = await import(
  `data:text/javascript;base64,${Buffer.from(source).toString("base64")}`
);

const revive = (key, value) =>
  value !== null && typeof value === "object" && typeof value.$date === "string"
    ? new Date(value.$date)
    : value;
const { config, jobs } = JSON.parse(readFileSync(0, "utf8"), revive);
const { config: pointed, formats } = collectionFormats(YAML, parseConfig(YAML, config));
const byCollection = new Map(
  pointed.collections.map((collection) => [
    collection.name,
    formats.find((format) => format.name === collection.format)?.formatter,
  ]),
);

const CALLS = {
  fromFile: (format, input) => format.fromFile(input),
  toFile: (format, input) => format.toFile(input),
  roundTrip: (format, input) => format.toFile(format.fromFile(input)),
};

const results = jobs.map(({ collection, call, input }) => {
  try {
    const format = byCollection.get(collection);
    if (!format) throw new Error(`no custom format for collection ${collection}`);
    return { value: CALLS[call](format, input) };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
