// Decap custom formats for our content: Pelican pages (`Key: value` header,
// blank line, Markdown) and YAML records with their Spanish in an `es:` block.
//
// No DOM and no Decap here, and the yaml package is passed in rather than
// imported: the browser loads it from ./vendor/yaml/, node from node_modules,
// so tests/test_cms_formats.py runs this very file.
//
// A Decap format is told nothing about the collection it serves (fromFile gets
// only the text), yet the translatable fields and the order of keys differ per
// collection. So each collection gets its own format, built from its fields in
// config.yml, and its config entry is pointed at it (collectionFormats).

// The same header syntax as plugins/frontmatter/model.py, so that a file the
// CMS reads is a file the build reads.
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9_ -]*):\s*(.*)$/;
// CMS-only (lowercase, so never written as a header): the keys the file wrote
// with no value. `URL:` on the home page means "the site's root"; a field the
// editor merely cleared must not turn into that.
const BLANK_KEYS = "blank_header_keys";
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
// Decap saves a local backup of an unsaved draft one language at a time (flat
// data, not {en, es}) through the same format, and restores it with fromFile;
// only this first line tells such a backup from a record file.
const BACKUP_MARK = "# Decap local backup: one language's fields\n";
// A list item of another language that was in the file's block, even empty:
// it is written back, while an empty one added here for display is not.
const FROM_FILE = "__from_file";
// Each language's block opens with it, where `./dev translations --done` writes
// it (plugins/languages/report.py, stamp_record); config.yml lists it last.
const TRANSLATION_OF = "translation_of";
const STRINGIFY = { blockQuote: "literal", lineWidth: 0 };

// The records are read by PyYAML, which speaks YAML 1.1: `yes` is a boolean and
// 2016-09-26 a date there. The yaml package's 1.1 schema reads more as numbers
// and dates than PyYAML does (5e2086737383, a translation_of digest, as a
// float; 08 as 8), so its plain scalars are resolved with PyYAML's own
// patterns (yaml/resolver.py). The same tests decide what must be quoted when
// writing.
const PYYAML = {
  true: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  false: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  int: /^[-+]?(?:0|[1-9][0-9_]*)$/,
  BIN: /^[-+]?0b[0-1_]+$/,
  OCT: /^[-+]?0[0-7_]+$/,
  HEX: /^[-+]?0x[0-9a-fA-F_]+$/,
  intTIME: /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/,
  float: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/,
  EXP: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)[eE][-+][0-9]+$/,
  timestamp: new RegExp(
    "^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}" +
      "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?" +
      "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
  ),
};

function pyyamlTest(tag) {
  const kind = tag.tag.replace("tag:yaml.org,2002:", "");
  if (kind === "bool") return tag.test.test("true") ? PYYAML.true : PYYAML.false;
  if (kind === "int") {
    return tag.format === "TIME" ? PYYAML.intTIME : (PYYAML[tag.format] ?? PYYAML.int);
  }
  // .inf and .nan, and sexagesimal floats, are read alike.
  if (kind === "float" && tag.format !== "TIME" && !tag.test.test(".inf")) {
    return tag.format === "EXP" ? PYYAML.EXP : PYYAML.float;
  }
  if (kind === "timestamp") return PYYAML.timestamp;
  return tag.test;
}

const DIALECT = {
  version: "1.1",
  customTags: (tags) => tags.map((tag) => (tag.test ? { ...tag, test: pyyamlTest(tag) } : tag)),
};

const isPlainObject = (value) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);

const isHeaderKey = (key) => /^[A-Z]/.test(key);

const normalKey = (key) => key.trim().toLowerCase().replace(/ /g, "_");

const isEmpty = (value) =>
  value === null ||
  value === undefined ||
  (typeof value === "string" && !value.trim()) ||
  (Array.isArray(value) && value.length === 0) ||
  (isPlainObject(value) && Object.keys(value).length === 0);

const pad = (number) => String(number).padStart(2, "0");

// A date parsed from `2016-09-26` is midnight UTC; one picked in the browser is
// midnight where the editor is. Either way, the day that was meant.
function isoDay(date) {
  const utc = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  const [year, month, day] = utc
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate()];
  return `${year}-${pad(month)}-${pad(day)}`;
}

function orderedKeys(value, order) {
  const known = order.filter((key) => Object.hasOwn(value, key));
  const others = Object.keys(value).filter((key) => !order.includes(key) && key !== FROM_FILE);
  return [...known, ...others];
}

// ---------------------------------------------------------------- pelican-page

function headerValue(value) {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return isoDay(value);
  if (Array.isArray(value)) return value.map(headerValue).filter(Boolean).join(", ");
  // A header value is one line: a newline typed into Summary would end the header.
  return String(value).replace(/\s*\n\s*/g, " ").trim();
}

/**
 * The `pelican-page` format for a collection with these Decap `fields`.
 *
 * Header keys are written in the order of the fields whose names start with a
 * capital letter (the Pelican keys); other capitalised keys follow as given;
 * lowercase keys (`body`, `original`) are the CMS's own and never headers.
 */
export function pelicanPage(fields) {
  const order = fields.map((field) => field.name).filter(isHeaderKey);
  const byNormalKey = new Map(order.map((name) => [normalKey(name), name]));

  function fromFile(text) {
    const lines = text.split("\n");
    let end = lines.findIndex((line) => !line.trim());
    if (end === -1) end = lines.length;
    const data = {};
    const blank = [];
    lines.slice(0, end).forEach((line, index) => {
      const match = HEADER_LINE.exec(line.replace(/\r$/, ""));
      if (match === null) {
        const found = JSON.stringify(line);
        throw new Error(`line ${index + 1}: expected \`Key: value\` or a blank line: ${found}`);
      }
      // `nav title:` is Nav_title to Pelican; an unknown key gets a capital so
      // that toFile keeps it rather than taking it for a CMS-only one.
      const written = match[1].trim();
      const key =
        byNormalKey.get(normalKey(written)) ?? written[0].toUpperCase() + written.slice(1);
      if (Object.hasOwn(data, key)) {
        throw new Error(`line ${index + 1}: ${key} appears twice`);
      }
      data[key] = match[2].trim();
      if (!data[key]) blank.push(key);
    });
    data.body = lines.slice(end + 1).join("\n");
    if (blank.length) data[BLANK_KEYS] = blank;
    return data;
  }

  function toFile(data) {
    const blank = new Set(data[BLANK_KEYS] ?? []);
    const header = [];
    for (const key of orderedKeys(data, order).filter(isHeaderKey)) {
      const value = headerValue(data[key]);
      if (value) header.push(`${key}: ${value}`);
      else if (blank.has(key)) header.push(`${key}:`);
    }
    const body = String(data.body ?? "")
      .replace(/\r\n?/g, "\n")
      .trimEnd();
    const head = header.map((line) => `${line}\n`).join("");
    return body ? `${head}\n${body}\n` : head;
  }

  return { fromFile, toFile };
}

// ----------------------------------------------------------------- cast-record

// What config.yml says about each field, by name, in order.
//   translate: "whole" (the value is written in each language), "items" (a
//   list or object whose own fields say), or false;
//   duplicate: Decap shows the original's value in the other languages.
function fieldSpecs(fields) {
  return new Map(
    (fields ?? []).map((field) => {
      const own = field.i18n === true || field.i18n === "translate";
      const nested = Array.isArray(field.fields) ? fieldSpecs(field.fields) : null;
      return [
        field.name,
        {
          translate: own ? (nested ? "items" : "whole") : false,
          duplicate: field.i18n === "duplicate",
          date: field.widget === "datetime" || field.widget === "date",
          fields: nested,
        },
      ];
    }),
  );
}

// Decap's datetime widget, with format YYYY-MM-DD, works on strings.
function fromYaml(value) {
  if (value instanceof Date) {
    const day = isoDay(value);
    return value.getTime() === Date.parse(`${day}T00:00:00Z`) ? day : value.toISOString();
  }
  if (Array.isArray(value)) return value.map(fromYaml);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromYaml(item)]));
  }
  return value;
}

function scalarToYaml(value, spec) {
  if (spec?.date) {
    if (value instanceof Date) return new Date(`${isoDay(value)}T00:00:00Z`);
    // A Date is written plain, `2016-09-26`, which PyYAML reads as a date; the
    // same text in a text field stays a (quoted) string.
    if (typeof value === "string" && ISO_DAY.test(value.trim())) {
      return new Date(`${value.trim()}T00:00:00Z`);
    }
  }
  if (typeof value === "string" && value.includes("\n")) {
    // Written as a `|` block, which keeps exactly one final newline.
    return `${value.replace(/\r\n?/g, "\n").trimEnd()}\n`;
  }
  return value;
}

// The default language's fields: everything, in the collection's order.
function original(value, specs) {
  const out = {};
  for (const key of orderedKeys(value, [...specs.keys()])) {
    const item = valueToYaml(value[key], specs.get(key));
    if (!isEmpty(item)) out[key] = item;
  }
  return out;
}

function valueToYaml(value, spec) {
  if (Array.isArray(value)) {
    // Items are kept even when empty: the `es:` lists are matched by index.
    return value.map((item) =>
      spec?.fields && isPlainObject(item) ? original(item, spec.fields) : scalarToYaml(item, spec),
    );
  }
  if (isPlainObject(value)) {
    return original(value, spec?.fields ?? new Map());
  }
  return scalarToYaml(value, spec);
}

// Another language's block: translatable fields only, so that identifiers,
// dates and URLs are written once. Keys config.yml does not know can only have
// come from the file's own block, and are kept.
function translation(value, specs) {
  const out = {};
  const order = [TRANSLATION_OF, ...[...specs.keys()].filter((key) => key !== TRANSLATION_OF)];
  for (const key of orderedKeys(value, order)) {
    const spec = specs.get(key);
    let item;
    if (spec === undefined || spec.translate === "whole") {
      item = valueToYaml(value[key], spec);
    } else if (spec.translate === "items" && Array.isArray(value[key])) {
      const entries = value[key];
      item = entries.map((entry) => (isPlainObject(entry) ? translation(entry, spec.fields) : {}));
      // A block may translate fewer items than the original has.
      while (item.length && isEmpty(item.at(-1)) && !entries[item.length - 1]?.[FROM_FILE]) {
        item.pop();
      }
    } else if (spec.translate === "items" && isPlainObject(value[key])) {
      item = translation(value[key], spec.fields);
    }
    if (!isEmpty(item)) out[key] = item;
  }
  return out;
}

// What Decap edits for another language: the file's block, with the fields
// marked `i18n: duplicate` filled in from the original, item by item, so the
// translator sees which action or link a line belongs to.
function localeView(source, block, specs) {
  const view = { ...block };
  for (const [key, spec] of specs) {
    const from = source?.[key];
    if (spec.duplicate && from !== undefined) {
      view[key] = from;
    } else if (spec.translate === "items" && Array.isArray(from)) {
      const items = Array.isArray(block[key]) ? block[key] : [];
      const mark = (item) => (isPlainObject(item) ? { ...item, [FROM_FILE]: true } : item);
      view[key] = [
        ...from.map((item, index) => {
          if (!isPlainObject(item)) return item;
          const own = items[index];
          const merged = localeView(item, isPlainObject(own) ? own : {}, spec.fields);
          return index < items.length ? mark(merged) : merged;
        }),
        // More items than the original is an error the build reports; keep them.
        ...items.slice(from.length).map(mark),
      ];
    } else if (spec.translate === "items" && isPlainObject(from)) {
      view[key] = localeView(from, isPlainObject(block[key]) ? block[key] : {}, spec.fields);
    }
  }
  return view;
}

/**
 * The `cast-record` format for a collection with these Decap `fields`.
 *
 * With `i18n` ({locales, defaultLocale}; Decap's single_file structure),
 * fromFile gives and toFile takes `{en: {...}, es: {...}}`; the file holds the
 * default language at the top and each other language in a block named by
 * its code. Without it, the data is the file's mapping as it is.
 */
export function castRecord(YAML, fields, i18n = null) {
  const specs = fieldSpecs(fields);
  const others = i18n ? i18n.locales.filter((locale) => locale !== i18n.defaultLocale) : [];

  function parse(text) {
    const data = YAML.parse(text, DIALECT) ?? {};
    if (!isPlainObject(data)) {
      throw new Error("expected `field: value` lines at the top level");
    }
    return fromYaml(data);
  }

  function stringify(data) {
    const doc = new YAML.Document(data, DIALECT);
    for (const pair of doc.contents.items) {
      // A blank line before each language's block, as in our files.
      if (YAML.isScalar(pair.key) && others.includes(pair.key.value)) pair.key.spaceBefore = true;
    }
    return doc.toString(STRINGIFY);
  }

  function isLocaleMap(data) {
    const keys = Object.keys(data);
    return keys.includes(i18n.defaultLocale) && keys.every((key) => i18n.locales.includes(key));
  }

  function fromFile(text) {
    if (!i18n) return parse(text);
    if (text.startsWith(BACKUP_MARK)) return parse(text.slice(BACKUP_MARK.length));
    const data = parse(text);
    const source = Object.fromEntries(
      Object.entries(data).filter(([key]) => !others.includes(key)),
    );
    const result = { [i18n.defaultLocale]: source };
    for (const locale of others) {
      const block = data[locale] ?? {};
      if (!isPlainObject(block)) {
        throw new Error(`${locale}: expected \`field: value\` lines with the translated text`);
      }
      result[locale] = localeView(source, block, specs);
    }
    return result;
  }

  function toFile(data) {
    if (!i18n) return stringify(original(data, specs));
    if (!isLocaleMap(data)) return BACKUP_MARK + stringify(original(data, specs));
    const out = original(data[i18n.defaultLocale] ?? {}, specs);
    for (const locale of others) {
      const block = translation(data[locale] ?? {}, specs);
      if (!isEmpty(block)) out[locale] = block;
    }
    return stringify(out);
  }

  return { fromFile, toFile };
}

// ------------------------------------------------------------------ the config

/** config.yml read as Decap reads it (decap-cms-core, actions/config.ts). */
export function parseConfig(YAML, text) {
  return YAML.parse(text, { maxAliasCount: -1, prettyErrors: true, merge: true });
}

const FORMATS = {
  "pelican-page": { extension: "md", create: (YAML, collection) => pelicanPage(collection.fields) },
  "cast-record": {
    extension: "yml",
    create: (YAML, collection, i18n) => castRecord(YAML, collection.fields, i18n),
  },
};

function collectionI18n(config, collection) {
  if (!collection.i18n) return null;
  const own = isPlainObject(collection.i18n) ? collection.i18n : {};
  const settings = { ...(config.i18n ?? {}), ...own };
  const locales = settings.locales ?? [];
  if (locales.length < 2) return null;
  if (settings.structure && settings.structure !== "single_file") {
    throw new Error(`${collection.name}: cast-record keeps all languages in one file, single_file`);
  }
  return { locales, defaultLocale: settings.default_locale ?? locales[0] };
}

/**
 * One format per collection that uses ours, and the config pointing at them.
 *
 * Returns `{config, formats}`: the config to hand to `CMS.init` (it was read
 * here already, so Decap need not fetch it again) and, for
 * `CMS.registerCustomFormat`, each format's `name`, `extension` and `formatter`.
 */
export function collectionFormats(YAML, config) {
  const formats = [];
  const collections = (config.collections ?? []).map((collection) => {
    const kind = FORMATS[collection.format];
    if (kind === undefined) return collection;
    const name = `${collection.format}--${collection.name}`;
    formats.push({
      name,
      extension: collection.extension ?? kind.extension,
      formatter: kind.create(YAML, collection, collectionI18n(config, collection)),
    });
    return { ...collection, format: name };
  });
  return { config: { ...config, collections, load_config_file: false }, formats };
}
