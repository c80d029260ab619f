// What the database really holds in its current schema, read from pg_catalog in the shapes of
// expected-schema.ts so the two compare with one deep equality.
import type { PrismaClient } from "../../src/db/client.js";
import type { ExpectedColumn, ExpectedIndex, ExpectedTable } from "./expected-schema.js";

export interface DatabaseCatalog {
  tables: ExpectedTable[];
  /** Foreign-key, check and exclusion constraints (expected-schema.ts expects none). */
  otherConstraints: string[];
}

interface ColumnRow extends ExpectedColumn {
  table: string;
}

interface IndexRow extends ExpectedIndex {
  table: string;
}

export async function readCatalog(prisma: PrismaClient): Promise<DatabaseCatalog> {
  const tableNames = await prisma.$queryRawUnsafe<{ name: string }[]>(`
    SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`);
  const columns = await prisma.$queryRawUnsafe<ColumnRow[]>(`
    SELECT c.relname::text AS "table", a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default"
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const indexes = await prisma.$queryRawUnsafe<IndexRow[]>(`
    SELECT t.relname::text AS "table", i.relname::text AS name, x.indisunique AS "unique", x.indisprimary AS "primary",
           ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           ARRAY(SELECT (o.opt & 1) = 1 FROM unnest(x.indoption::int2[]) WITH ORDINALITY AS o(opt, ord) ORDER BY o.ord) AS descending,
           (SELECT am.amname::text FROM pg_am am WHERE am.oid = i.relam) AS algorithm,
           ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
                 FROM unnest(x.indclass::oid[]) WITH ORDINALITY AS c(opclass, ord)
                 JOIN pg_opclass oc ON oc.oid = c.opclass ORDER BY c.ord) AS "operatorClasses"
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()
    ORDER BY t.relname, i.relname`);
  const constraints = await prisma.$queryRawUnsafe<{ name: string }[]>(`
    SELECT c.conname::text AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE n.nspname = current_schema() AND c.contype IN ('f', 'c', 'x') ORDER BY 1`);
  return {
    tables: tableNames.map(({ name }) => ({
      name,
      columns: columns.filter((c) => c.table === name).map(({ table: _, ...column }) => column),
      indexes: indexes.filter((i) => i.table === name).map(({ table: _, ...index }) => index),
    })),
    otherConstraints: constraints.map((c) => c.name),
  };
}
