// Loads templates/service-items/<code>.json into ServiceItems, or throws one ServiceItemsError naming every problem
// of every file by file and member. Required licence types are checked against the loaded catalogue, so a typo in a
// type code stops start-up instead of making a material silently "must submit" forever.
import { existsSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Catalogue, CatalogueProblem, HolderKind } from "../catalogue/index.js";
import { readJsonFile } from "../catalogue/read-json-file.js";
import { parseCreditCode, type Bilingual } from "@elicence/core";
import type { RequiredMaterial, ServiceItem } from "./service-item.js";
import { ServiceItems } from "./service-items.js";
import { ServiceItemsError } from "./service-items-error.js";

export const SERVICE_ITEMS_FOLDER = "service-items";
/** Lower-case words joined by hyphens; "none" is what the figures call checks made without a service item. */
export const SERVICE_ITEM_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const NO_SERVICE_ITEM = "none";

const MEMBERS = new Set(["code", "name", "department", "required", "notes", "$comment"]);
const MAX_REQUIRED = 50;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads `<templatesDir>/service-items/*.json`; a missing folder means no service items. */
export function loadServiceItems(templatesDir: string, catalogue: Catalogue): ServiceItems {
  const dir = join(resolve(templatesDir), SERVICE_ITEMS_FOLDER);
  if (!existsSync(dir)) return new ServiceItems();
  const problems: CatalogueProblem[] = [];
  const items: ServiceItem[] = [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".json"))
    .map((d) => d.name)
    .sort();
  for (const name of files) {
    const file = join(dir, name);
    const raw = readJsonFile(file, problems);
    if (raw === undefined) continue;
    const item = checkServiceItem(raw, file, catalogue, problems);
    if (item) items.push(item);
  }
  if (problems.length > 0) throw new ServiceItemsError(problems);
  return new ServiceItems(items);
}

/** Checks one parsed file, appending every problem; returns the item when there is none. */
export function checkServiceItem(
  raw: unknown,
  file: string,
  catalogue: Catalogue,
  problems: CatalogueProblem[],
): ServiceItem | undefined {
  const before = problems.length;
  const add = (pointer: string, message: string) => problems.push({ file, pointer, message });
  if (!isObject(raw)) {
    add("", "must be a JSON object with code, name, department and required");
    return undefined;
  }
  for (const key of Object.keys(raw))
    if (!MEMBERS.has(key))
      add(
        `/${key}`,
        `is not a member of a service item (code, name, department, required, notes); check the spelling`,
      );

  const code = text(raw, "code", "", 64, add);
  const expected = basename(file, ".json");
  if (code !== undefined) {
    if (!SERVICE_ITEM_CODE.test(code))
      add(
        "/code",
        `"${code}" must be lower-case letters and digits joined by hyphens, e.g. food-business-new`,
      );
    else if (code === NO_SERVICE_ITEM)
      add("/code", `"${NO_SERVICE_ITEM}" is reserved (the figures' label for checks without a service item)`);
    if (code !== expected) add("/code", `"${code}" must equal the file name without .json ("${expected}")`);
  }
  const name = bilingual(raw.name, "/name", 200, add);
  const department = checkDepartment(raw.department, add);
  const notes = raw.notes === undefined ? undefined : text(raw, "notes", "", 4000, add);

  const required: RequiredMaterial[] = [];
  const kinds = new Map<HolderKind, string>();
  if (!Array.isArray(raw.required) || raw.required.length === 0 || raw.required.length > MAX_REQUIRED)
    add(
      "/required",
      `must be a list of 1–${MAX_REQUIRED} materials, each { "typeCode": "<licence type code>", "note": { "zh", "en" } }`,
    );
  else {
    const seen = new Map<string, number>();
    raw.required.forEach((entry: unknown, i) => {
      const at = `/required/${i}`;
      if (!isObject(entry)) {
        add(at, 'must be an object { "typeCode", "note": { "zh", "en" } }');
        return;
      }
      for (const key of Object.keys(entry))
        if (key !== "typeCode" && key !== "note")
          add(`${at}/${key}`, "is not a member of a material (typeCode, note)");
      const typeCode = text(entry, "typeCode", at, 64, add);
      const note = bilingual(entry.note, `${at}/note`, 500, add);
      if (typeCode === undefined) return;
      const type = catalogue.get(typeCode);
      if (!type) {
        add(
          `${at}/typeCode`,
          `"${typeCode}" is not a licence type of the catalogue (templates/<type code>/type.json); loaded: ${catalogue
            .list()
            .map((t) => `${t.code} ${t.name.zh}`)
            .join(", ")}`,
        );
        return;
      }
      const first = seen.get(typeCode);
      if (first !== undefined) {
        add(`${at}/typeCode`, `repeats the licence type of /required/${first} (${type.name.zh})`);
        return;
      }
      seen.set(typeCode, i);
      if (!kinds.has(type.holderKind)) kinds.set(type.holderKind, `${type.name.zh} (${at})`);
      if (note) required.push({ typeCode, note });
    });
    if (kinds.size > 1)
      add(
        "/required",
        `mixes licences of persons and of organisations (${[...kinds.values()].join(" and ")}): one applicant cannot hold both; split the item`,
      );
  }

  if (problems.length > before || code === undefined || !name || !department) return undefined;
  const holderKind = [...kinds.keys()][0];
  if (holderKind === undefined) return undefined;
  return Object.freeze({
    code,
    name,
    department,
    holderKind,
    required: Object.freeze(required),
    ...(notes !== undefined ? { notes } : {}),
    source: file,
  });
}

type Add = (pointer: string, message: string) => void;

function text(obj: Json, key: string, at: string, max: number, add: Add): string | undefined {
  const v = obj[key];
  if (typeof v !== "string" || v.trim().length === 0) {
    add(`${at}/${key}`, v === undefined ? "is required" : "must be a non-empty string");
    return undefined;
  }
  if ([...v].length > max) {
    add(`${at}/${key}`, `is longer than ${max} characters`);
    return undefined;
  }
  return v.trim();
}

function bilingual(v: unknown, at: string, max: number, add: Add): Bilingual | undefined {
  if (!isObject(v)) {
    add(at, v === undefined ? 'is required: { "zh": "…", "en": "…" }' : 'must be { "zh": "…", "en": "…" }');
    return undefined;
  }
  for (const key of Object.keys(v)) if (key !== "zh" && key !== "en") add(`${at}/${key}`, "is not zh or en");
  const zh = text(v, "zh", at, max, add);
  const en = text(v, "en", at, max, add);
  return zh !== undefined && en !== undefined ? { zh, en } : undefined;
}

function checkDepartment(v: unknown, add: Add): { name: string; code: string } | undefined {
  if (!isObject(v)) {
    add("/department", 'is required: { "name": "<department>", "code": "<unified social credit code>" }');
    return undefined;
  }
  for (const key of Object.keys(v))
    if (key !== "name" && key !== "code")
      add(`/department/${key}`, "is not a member of department (name, code)");
  const name = text(v, "name", "/department", 100, add);
  const raw = text(v, "code", "/department", 64, add);
  if (raw === undefined) return undefined;
  const parsed = parseCreditCode(raw);
  if (!parsed.ok) {
    for (const e of parsed.errors)
      add(
        "/department/code",
        `${e.message}${e.suggestion !== undefined ? ` (did you mean ${e.suggestion}?)` : ""}`,
      );
    return undefined;
  }
  return name !== undefined ? { name, code: parsed.value.code } : undefined;
}
