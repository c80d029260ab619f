// What PostgreSQL should hold for prisma/schema.prisma, derived from Prisma's own parse of it (DMMF) and
// Prisma's PostgreSQL conventions: column types, NOT NULL, default expressions and index names.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface ExpectedColumn {
  name: string;
  /** As pg_catalog.format_type() prints it. */
  type: string;
  notNull: boolean;
  /** As pg_get_expr() prints it; null when the database must not supply a default. */
  default: string | null;
}

export interface ExpectedIndex {
  name: string;
  columns: string[];
  descending: boolean[];
  unique: boolean;
  primary: boolean;
  /** The access method, as pg_am names it: btree, gin, … */
  algorithm: string;
  /** Per column, a non-default operator class (e.g. gin_trgm_ops), or null for the type's default one. */
  operatorClasses: (string | null)[];
}

export interface ExpectedTable {
  name: string;
  columns: ExpectedColumn[];
  indexes: ExpectedIndex[];
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  /** Absent for Prisma's default, BTree. */
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string }[];
}

interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; dbName?: string | null }[]; indexes: DmmfIndex[] };
}

export const schemaPath = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

export async function expectedTables(schema = readFileSync(schemaPath, "utf8")): Promise<ExpectedTable[]> {
  const { getDMMF } = createRequire(import.meta.url)("@prisma/internals") as {
    getDMMF(options: { datamodel: string }): Promise<Dmmf>;
  };
  const { datamodel } = await getDMMF({ datamodel: schema });
  const enumNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  return datamodel.models.map((model) => {
    const table = model.dbName ?? model.name;
    const relations = model.fields.filter((field) => field.kind === "object");
    if (relations.length > 0) {
      throw new Error(`${model.name} has relations: teach test/db/expected-schema.ts to expect their foreign keys`);
    }
    const columnOf = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    const columns = model.fields.map((field) => expectedColumn(table, field, enumNames));
    const indexes = datamodel.indexes
      .filter((index) => index.model === model.name)
      .map((index) => expectedIndex(table, index, (name) => columnOf.get(name)!));
    return { name: table, columns, indexes };
  });
}

function expectedColumn(table: string, field: DmmfField, enums: Map<string, string>): ExpectedColumn {
  const name = field.dbName ?? field.name;
  const base = field.kind === "enum" ? quoteIfNeeded(enums.get(field.type)!) : scalarType(field);
  return {
    name,
    type: field.isList ? `${base}[]` : base,
    // Prisma leaves scalar lists nullable in PostgreSQL even when the field is required.
    notNull: field.isRequired && !field.isList,
    default: field.hasDefaultValue ? defaultExpression(table, name, field, base) : null,
  };
}

function scalarType(field: DmmfField): string {
  const [native, args = []] = field.nativeType ?? [];
  const precision = args.length > 0 ? `(${args.join(",")})` : "";
  if (native === undefined) {
    const defaults: Record<string, string> = {
      String: "text",
      Int: "integer",
      BigInt: "bigint",
      Float: "double precision",
      Decimal: "numeric(65,30)",
      Boolean: "boolean",
      DateTime: "timestamp(3) without time zone",
      Json: "jsonb",
      Bytes: "bytea",
    };
    const type = defaults[field.type];
    if (type === undefined) throw new Error(`no PostgreSQL type known for Prisma type ${field.type}`);
    return type;
  }
  const natives: Record<string, string> = {
    Text: "text",
    VarChar: `character varying${precision}`,
    Char: `character${precision}`,
    Uuid: "uuid",
    Integer: "integer",
    SmallInt: "smallint",
    BigInt: "bigint",
    DoublePrecision: "double precision",
    Real: "real",
    Decimal: `numeric${precision}`,
    Boolean: "boolean",
    Timestamptz: `timestamp${precision} with time zone`,
    Timestamp: `timestamp${precision} without time zone`,
    Date: "date",
    Time: `time${precision} without time zone`,
    Timetz: `time${precision} with time zone`,
    Json: "json",
    JsonB: "jsonb",
    ByteA: "bytea",
  };
  const type = natives[native];
  if (type === undefined) throw new Error(`no PostgreSQL type known for @db.${native}`);
  return type;
}

function defaultExpression(table: string, column: string, field: DmmfField, type: string): string | null {
  const value = field.default;
  if (typeof value === "object" && value !== null && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === "autoincrement") return `nextval('${table}_${column}_seq'::regclass)`;
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    // Generated by the client, never by the database.
    if (["uuid", "cuid", "nanoid", "ulid"].includes(fn.name)) return null;
    if (fn.name === "dbgenerated" && typeof fn.args[0] === "string") return fn.args[0];
    throw new Error(`default ${fn.name}() on ${table}.${column}: teach test/db/expected-schema.ts its SQL`);
  }
  if (field.kind === "enum" && typeof value === "string") return `'${value}'::${type}`;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isInteger(value)) return value < 0 ? `'${value}'::${type}` : String(value);
  if (typeof value === "string") return `${quoteLiteral(value)}::${type}`;
  throw new Error(`default ${JSON.stringify(value)} on ${table}.${column}: teach test/db/expected-schema.ts its SQL`);
}

function expectedIndex(table: string, index: DmmfIndex, columnOf: (field: string) => string): ExpectedIndex {
  const columns = index.fields.map((field) => columnOf(field.name));
  const suffix = { id: "pkey", unique: "key", normal: "idx", fulltext: "idx" }[index.type];
  const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`);
  // Prisma shortens longer generated names; this schema has none, so rather fail than guess the rule.
  if (name.length > 63) throw new Error(`index name ${name} exceeds 63 characters: give it a map: name`);
  return {
    name,
    columns,
    descending: index.fields.map((field) => field.sortOrder === "desc"),
    unique: index.type !== "normal",
    primary: index.type === "id",
    // Prisma's IndexType names (BTree, Gin, SpGist, …) are PostgreSQL's access methods in other casing.
    algorithm: (index.algorithm ?? "BTree").toLowerCase(),
    operatorClasses: index.fields.map((field) => field.operatorClass ?? null),
  };
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteIfNeeded(identifier: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(identifier) ? identifier : `"${identifier.replaceAll('"', '""')}"`;
}
